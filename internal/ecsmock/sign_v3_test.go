package ecsmock

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// v3Call is one request built and signed by hand, following the published
// V3 (ACS3-HMAC-SHA256) steps, independently of the simulator's verifier.
type v3Call struct {
	version, action string
	query, form     map[string]string
	key, secret     string
	// signAll signs every header sent (as the Python SDK does), not only
	// x-acs-*, host and content-type (as the Go and Node SDKs do).
	signAll bool
	// edit changes the request after it was signed.
	edit func(r *http.Request)
	// date overrides x-acs-date; empty: now.
	date string
	// nonce overrides x-acs-signature-nonce; empty: a fresh one.
	nonce string
	// token is sent, signed, as x-acs-security-token; empty: none.
	token string
}

var v3Nonce int

func hexHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func encodeSorted(p map[string]string) string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, n := range names {
		pairs[i] = rfc3986(n) + "=" + rfc3986(p[n])
	}
	return strings.Join(pairs, "&")
}

func (c v3Call) request(t *testing.T, base string) *http.Request {
	t.Helper()
	if c.key == "" {
		c.key, c.secret = key1, secret1
	}
	var body []byte
	if c.form != nil {
		body = []byte(encodeSorted(c.form))
	}
	query := encodeSorted(c.query)
	// The query goes out as url.Values encodes it (a space as +, ~ as %7E):
	// the signature is over the canonical form, not the bytes sent.
	sent := url.Values{}
	for n, v := range c.query {
		sent.Set(n, v)
	}
	r, err := http.NewRequest(http.MethodPost, base+"/?"+sent.Encode(), strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	if c.date == "" {
		c.date = time.Now().UTC().Format("2006-01-02T15:04:05Z")
	}
	if c.nonce == "" {
		v3Nonce++
		c.nonce = fmt.Sprintf("v3-%d-%d", time.Now().UnixNano(), v3Nonce)
	}
	h := r.Header
	h.Set("x-acs-action", c.action)
	h.Set("x-acs-version", c.version)
	h.Set("x-acs-date", c.date)
	h.Set("x-acs-signature-nonce", c.nonce)
	h.Set("x-acs-content-sha256", hexHash(body))
	h.Set("Accept", "application/json")
	h.Set("User-Agent", "v3-test-signer")
	h.Set("Accept-Encoding", "identity")
	if c.form != nil {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.token != "" {
		h.Set("x-acs-security-token", c.token)
	}
	values := map[string]string{"host": r.URL.Host}
	for name := range h {
		lower := strings.ToLower(name)
		if c.signAll || strings.HasPrefix(lower, "x-acs-") || lower == "content-type" {
			values[lower] = strings.TrimSpace(h.Get(name))
		}
	}
	if c.signAll {
		values["content-length"] = strconv.Itoa(len(body))
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	var canonHeaders strings.Builder
	for _, n := range names {
		canonHeaders.WriteString(n + ":" + values[n] + "\n")
	}
	signed := strings.Join(names, ";")
	canonical := strings.Join([]string{"POST", "/", query, canonHeaders.String(), signed, hexHash(body)}, "\n")
	toSign := "ACS3-HMAC-SHA256\n" + hexHash([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(c.secret))
	mac.Write([]byte(toSign))
	h.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+c.key+",SignedHeaders="+signed+",Signature="+hex.EncodeToString(mac.Sum(nil)))
	if c.edit != nil {
		c.edit(r)
	}
	return r
}

func (c v3Call) send(t *testing.T, base string) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(c.request(t, base))
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

// TestSignV3Accepted: parameters in the query, in a form body or split,
// with the Go SDK's set of signed headers or every header, ECS and BSS.
func TestSignV3Accepted(t *testing.T) {
	f := newFixture(t, nil)
	describe := map[string]string{"RegionId": "cn-hangzhou", "InstanceIds": `["i-postpaid-vpc"]`}
	for _, tc := range []struct {
		name string
		call v3Call
	}{
		{"query", v3Call{version: ecsVersion, action: "DescribeInstances", query: describe}},
		{"form body", v3Call{version: ecsVersion, action: "DescribeInstances", form: describe}},
		{"query and form", v3Call{version: ecsVersion, action: "DescribeInstances", query: map[string]string{"RegionId": "cn-hangzhou"}, form: map[string]string{"InstanceIds": `["i-postpaid-vpc"]`}}},
		{"every header signed", v3Call{version: ecsVersion, action: "DescribeInstances", form: describe, signAll: true}},
		{"values to encode", v3Call{version: ecsVersion, action: "DescribeInstances", query: map[string]string{"RegionId": "cn-hangzhou", "InstanceIds": `["i-postpaid-vpc"]`, "Tag.1.Key": "a b*~+/é"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := tc.call.send(t, f.http.URL)
			if status != http.StatusOK {
				t.Fatalf("%d %v", status, body)
			}
			insts := body["Instances"].(map[string]any)["Instance"].([]any)
			if len(insts) != 1 || insts[0].(map[string]any)["InstanceId"] != "i-postpaid-vpc" {
				t.Fatalf("DescribeInstances body: %v", body)
			}
		})
	}

	status, body := v3Call{version: ecsVersion, action: "ModifyInstanceNetworkSpec",
		form: map[string]string{"InstanceId": "i-prepaid-vpc", "InternetMaxBandwidthOut": "9"}}.send(t, f.http.URL)
	orderID, _ := body["OrderId"].(string)
	if status != http.StatusOK || orderID == "" {
		t.Fatalf("ModifyInstanceNetworkSpec: %d %v", status, body)
	}
	status, body = v3Call{version: bssVersion, action: "GetOrderDetail", form: map[string]string{"OrderId": orderID}}.send(t, f.http.URL)
	if status != http.StatusOK {
		t.Fatalf("GetOrderDetail: %d %v", status, body)
	}
	order := body["Data"].(map[string]any)["OrderList"].(map[string]any)["Order"].([]any)[0].(map[string]any)
	if order["OrderId"] != orderID || order["OrderType"] != "Upgrade" {
		t.Fatalf("GetOrderDetail order: %v", order)
	}
	for _, c := range f.srv.Calls() {
		if c.AccessKeyId != key1 || c.HttpStatus != http.StatusOK {
			t.Errorf("recorded call %+v, want key %s and 200", c, key1)
		}
	}
}

func TestSignV3Refusals(t *testing.T) {
	f := newFixture(t, nil)
	describe := func() v3Call {
		return v3Call{version: ecsVersion, action: "DescribeInstances", form: map[string]string{"RegionId": "cn-hangzhou"}}
	}
	with := func(edit func(c *v3Call)) v3Call {
		c := describe()
		edit(&c)
		return c
	}
	drop := func(name string) v3Call {
		return with(func(c *v3Call) { c.edit = func(r *http.Request) { r.Header.Del(name) } })
	}
	for _, tc := range []struct {
		name    string
		call    v3Call
		status  int
		code    string
		message string
	}{
		{"missing x-acs-action", drop("x-acs-action"), 400, "MissingParameter", "x-acs-action"},
		{"missing x-acs-version", drop("x-acs-version"), 400, "MissingParameter", "x-acs-version"},
		{"missing x-acs-date", drop("x-acs-date"), 400, "MissingParameter", "x-acs-date"},
		{"missing x-acs-signature-nonce", drop("x-acs-signature-nonce"), 400, "MissingParameter", "x-acs-signature-nonce"},
		{"missing x-acs-content-sha256", drop("x-acs-content-sha256"), 400, "MissingParameter", "x-acs-content-sha256"},
		{"unknown version", with(func(c *v3Call) { c.version = "2099-01-01" }), 400, "InvalidVersion", ""},
		{"unknown action", with(func(c *v3Call) { c.action = "RebootEverything" }), 404, "InvalidAction.NotFound", ""},
		{"unknown key", with(func(c *v3Call) { c.key, c.secret = "nobody", "x" }), 404, "InvalidAccessKeyId.NotFound", ""},
		{"wrong secret", with(func(c *v3Call) { c.key, c.secret = key1, "wrong" }), 400, "SignatureDoesNotMatch", "ACS3-HMAC-SHA256"},
		{"stale date", with(func(c *v3Call) { c.date = time.Now().Add(-16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z") }), 400, "InvalidTimeStamp.Expired", ""},
		{"future date", with(func(c *v3Call) { c.date = time.Now().Add(16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z") }), 400, "InvalidTimeStamp.Expired", ""},
		{"fractional seconds", with(func(c *v3Call) { c.date = time.Now().UTC().Format("2006-01-02T15:04:05.000Z") }), 400, "InvalidTimeStamp.Format", ""},
		{"date with offset", with(func(c *v3Call) { c.date = time.Now().UTC().Format("2006-01-02T15:04:05+00:00") }), 400, "InvalidTimeStamp.Format", ""},
		{"wrong body hash", with(func(c *v3Call) {
			c.edit = func(r *http.Request) {
				r.Body = io.NopCloser(strings.NewReader("RegionId=cn-beijing"))
				r.ContentLength = 19
			}
		}), 400, "SignatureDoesNotMatch", "x-acs-content-sha256"},
		{"tampered query", with(func(c *v3Call) {
			c.query = map[string]string{"PageSize": "10"}
			c.edit = func(r *http.Request) { r.URL.RawQuery = "PageSize=20" }
		}), 400, "SignatureDoesNotMatch", ""},
		{"tampered signed header", with(func(c *v3Call) {
			c.edit = func(r *http.Request) { r.Header.Set("x-acs-signature-nonce", "other") }
		}), 400, "SignatureDoesNotMatch", ""},
		{"unsigned x-acs header", with(func(c *v3Call) {
			c.edit = func(r *http.Request) { r.Header.Set("x-acs-extra", "1") }
		}), 400, "IncompleteSignature", "x-acs-extra"},
		{"malformed Authorization", with(func(c *v3Call) {
			c.edit = func(r *http.Request) { r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+key1) }
		}), 400, "IncompleteSignature", ""},
		{"other algorithm", with(func(c *v3Call) {
			c.edit = func(r *http.Request) {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", 1))
			}
		}), 400, "InvalidParameter", "ACS3-HMAC-SM3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := tc.call.send(t, f.http.URL)
			if status != tc.status || body["Code"] != tc.code {
				t.Fatalf("got %d %v, want %d %s", status, body, tc.status, tc.code)
			}
			if msg, _ := body["Message"].(string); !strings.Contains(msg, tc.message) {
				t.Fatalf("message %q does not name %q", msg, tc.message)
			}
		})
	}

	t.Run("reused nonce", func(t *testing.T) {
		c := with(func(c *v3Call) { c.nonce = "v3-once" })
		if status, body := c.send(t, f.http.URL); status != http.StatusOK {
			t.Fatalf("first use: %d %v", status, body)
		}
		if status, body := c.send(t, f.http.URL); status != 400 || body["Code"] != "SignatureNonceUsed" {
			t.Fatalf("second use: %d %v, want 400 SignatureNonceUsed", status, body)
		}
		// Another key may use the same nonce.
		c.key, c.secret = key2, secret2
		if status, body := c.send(t, f.http.URL); status != http.StatusOK {
			t.Fatalf("other key: %d %v", status, body)
		}
	})
}

// TestCanonicalQueryV3 pins the encoding the SDKs use: names sorted, RFC
// 3986 with %20 for a space, ~ unencoded, empty values kept.
func TestCanonicalQueryV3(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"", ""},
		{"b=2&a=1", "a=1&b=2"},
		{"a.b=1&a=2", "a=2&a.b=1"},
		{"k=" + url.QueryEscape("a b*~+/é"), "k=a%20b%2A~%2B%2F%C3%A9"},
		{"e=&d", "d=&e="},
	} {
		if got := canonicalQueryV3(tc.raw); got != tc.want {
			t.Errorf("canonicalQueryV3(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

// FuzzSignV3: whatever names and values a call carries in its query and
// form body, a request signed by the published V3 steps passes the
// verifier, and one parameter added after signing fails it.
func FuzzSignV3(f *testing.F) {
	f.Add("InstanceIds", `["i-postpaid-vpc"]`, "PageSize", "10")
	f.Add("a b", "*~+/é", "Tag.1.Key", "")
	f.Add("a.b", "", "a", "%41")
	f.Add("x\x00", "\xff", "=", "&;")
	srv, err := New(Config{Settle: time.Hour, PayDelay: time.Hour})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = srv.Close() })
	verify := func(t *testing.T, r *http.Request) *apiError {
		t.Helper()
		if _, err := readParams(r); err != nil {
			t.Fatalf("readParams: %v", err)
		}
		srv.mu.Lock()
		defer srv.mu.Unlock()
		_, aerr := srv.authenticateV3(r, time.Now())
		return aerr
	}
	f.Fuzz(func(t *testing.T, name, value, bodyName, bodyValue string) {
		if name == "" || bodyName == "" {
			return
		}
		c := v3Call{version: ecsVersion, action: "DescribeInstances",
			query: map[string]string{name: value}, form: map[string]string{bodyName: bodyValue}}
		if aerr := verify(t, c.request(t, "http://ecs.example.test")); aerr != nil {
			t.Fatalf("query %q=%q, body %q=%q: %v", name, value, bodyName, bodyValue, aerr)
		}
		c.edit = func(r *http.Request) { r.URL.RawQuery += "&Unsigned=1" }
		if aerr := verify(t, c.request(t, "http://ecs.example.test")); aerr == nil || aerr.Code != "SignatureDoesNotMatch" {
			t.Fatalf("query %q=%q, body %q=%q, a parameter added after signing: %v, want SignatureDoesNotMatch", name, value, bodyName, bodyValue, aerr)
		}
	})
}
