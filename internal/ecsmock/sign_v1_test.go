package ecsmock

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzSignature: a call signed the documented way (rawClient's independent
// implementation) is accepted whatever its extra parameter and however it
// travels; changing a value, the method or the signature is refused.
func FuzzSignature(f *testing.F) {
	srv, err := New(Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = srv.Close() })
	f.Add("InstanceId", "i-postpaid-vpc", "", false)
	f.Add("ClientToken", "a b+c*d~e/é", "bogus", true)
	f.Add("Name With Space", "%20%2B", "", true)
	f.Add("", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)
	f.Add("Signature", "x", "", false)
	f.Add("Ünicode=&", "\x00\xff", "", true)
	c := &rawClient{key: key1, secret: secret1}
	f.Fuzz(func(t *testing.T, name, value, forged string, post bool) {
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		sent := c.commonParams(ecsVersion, "DescribeInstances")
		if _, reserved := sent[name]; reserved || name == "" || name == "Signature" {
			name = "Extra"
		}
		sent[name] = value
		sent["Signature"] = c.signature(method, sent)

		check := func(method string, p map[string]string) (*Account, *apiError) {
			t.Helper()
			var r *http.Request
			if method == http.MethodGet {
				r = newFuzzRequest(method, encodeRFC3986(p), "", "")
			} else {
				r = newFuzzRequest(method, "", encodeForm(p), "application/x-www-form-urlencoded")
			}
			got, err := readParams(r)
			if err != nil {
				t.Fatalf("readParams(%v): %v", p, err)
			}
			if !maps.Equal(got, params(p)) {
				t.Fatalf("parameters sent %q, read %q", p, got)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			return srv.authenticateV1(method, got, time.Now())
		}
		wantMismatch := func(what string, aerr *apiError) {
			t.Helper()
			if aerr == nil || aerr.Code != "SignatureDoesNotMatch" {
				t.Fatalf("%s: %v, want SignatureDoesNotMatch", what, aerr)
			}
		}

		tampered := maps.Clone(sent)
		tampered[name] = value + "x"
		_, aerr := check(method, tampered)
		wantMismatch("changed value", aerr)

		other := http.MethodPost
		if post {
			other = http.MethodGet
		}
		_, aerr = check(other, sent)
		wantMismatch("other method", aerr)

		if forged != sent["Signature"] {
			bad := maps.Clone(sent)
			bad["Signature"] = forged
			if forged == "" {
				if _, aerr = check(method, bad); aerr == nil || aerr.Code != "MissingParameter" {
					t.Fatalf("empty signature: %v, want MissingParameter", aerr)
				}
			} else {
				_, aerr = check(method, bad)
				wantMismatch("forged signature", aerr)
			}
		}

		acct, aerr := check(method, sent)
		if aerr != nil || acct.AccessKeyId != key1 {
			t.Fatalf("signed %s call with %q=%q refused: %v", method, name, value, aerr)
		}
	})
}

// encodeRFC3986 writes parameters as the SDK writes a query string.
func encodeRFC3986(p map[string]string) string {
	pairs := make([]string, 0, len(p))
	for n, v := range p {
		pairs = append(pairs, rfc3986(n)+"="+rfc3986(v))
	}
	return strings.Join(pairs, "&")
}

// encodeForm writes parameters as an HTML form body ("+" for a space).
func encodeForm(p map[string]string) string {
	form := url.Values{}
	for n, v := range p {
		form.Set(n, v)
	}
	return form.Encode()
}
