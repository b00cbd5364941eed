package ecsmock

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// rawClient calls the simulator without the Go SDK: it builds and signs
// requests itself, following the published signature version 1.0 steps, to
// prove the wire format rather than the SDK's reading of it.
type rawClient struct {
	base   string
	key    string
	secret string
	// method is GET (parameters in the query) or POST (parameters in a form
	// body).
	method string
	nonce  int
}

// rfc3986 percent-encodes as the signature algorithm requires: unreserved
// characters A-Z a-z 0-9 - _ . ~ stay, every other byte becomes %XX.
func rfc3986(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// commonParams are the parameters every signed call carries.
func (c *rawClient) commonParams(version, action string) map[string]string {
	c.nonce++
	return map[string]string{
		"Format":           "JSON",
		"Version":          version,
		"Action":           action,
		"AccessKeyId":      c.key,
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureVersion": "1.0",
		"SignatureNonce":   fmt.Sprintf("raw-%d-%d", time.Now().UnixNano(), c.nonce),
		"Timestamp":        time.Now().UTC().Format("2006-01-02T15:04:05Z"),
		"RegionId":         "cn-hangzhou",
	}
}

// signature computes the Signature of a parameter set.
func (c *rawClient) signature(method string, p map[string]string) string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	sort.Strings(names)
	var canon []string
	for _, n := range names {
		canon = append(canon, rfc3986(n)+"="+rfc3986(p[n]))
	}
	toSign := method + "&" + rfc3986("/") + "&" + rfc3986(strings.Join(canon, "&"))
	mac := hmac.New(sha1.New, []byte(c.secret+"&"))
	mac.Write([]byte(toSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// send signs p (unless it already has a Signature) and sends it, returning
// the status and decoded JSON body.
func (c *rawClient) send(t *testing.T, p map[string]string) (int, map[string]any) {
	t.Helper()
	if _, ok := p["Signature"]; !ok {
		p["Signature"] = c.signature(c.method, p)
	}
	form := url.Values{}
	for n, v := range p {
		form.Set(n, v)
	}
	return c.sendUnsigned(t, form)
}

// sendUnsigned sends form as it is.
func (c *rawClient) sendUnsigned(t *testing.T, form url.Values) (int, map[string]any) {
	t.Helper()
	var req *http.Request
	var err error
	if c.method == http.MethodGet {
		req, err = http.NewRequest(http.MethodGet, c.base+"/?"+form.Encode(), nil)
	} else {
		req, err = http.NewRequest(http.MethodPost, c.base+"/", strings.NewReader(form.Encode()))
		if req != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("body %q is not JSON: %v", b, err)
	}
	return resp.StatusCode, body
}

// call sends an action with extra parameters.
func (c *rawClient) call(t *testing.T, version, action string, extra map[string]string) (int, map[string]any) {
	t.Helper()
	p := c.commonParams(version, action)
	for n, v := range extra {
		p[n] = v
	}
	return c.send(t, p)
}

func (f *fixture) raw(method string) *rawClient {
	return &rawClient{base: f.http.URL, key: key1, secret: secret1, method: method}
}
