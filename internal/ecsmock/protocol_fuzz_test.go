package ecsmock

import (
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzPercentEncode: the signature's encoding is RFC 3986 for every byte
// string, as rfc3986 spells it out byte by byte.
func FuzzPercentEncode(f *testing.F) {
	for _, s := range []string{"", "abc-_.~XYZ019", "a b+c*d", "/=&?%#", "é€", "\x00\xff", "~%7E"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := percentEncode(s), rfc3986(s); got != want {
			t.Fatalf("percentEncode(%q) = %q, want %q", s, got, want)
		}
	})
}

// newFuzzRequest builds the request a client sends: parameters in the query
// string of a GET, or in the form body of a POST.
func newFuzzRequest(method, query, body, contentType string) *http.Request {
	r := &http.Request{Method: method, URL: &url.URL{Path: "/", RawQuery: query}, Header: http.Header{}}
	if method == http.MethodPost {
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

// FuzzReadParams: whatever the query and body, reading the parameters
// neither panics nor invents one; a name in both takes the body's first
// value, as the form-body reading documents.
func FuzzReadParams(f *testing.F) {
	form := "application/x-www-form-urlencoded"
	f.Add("Action=DescribeInstances&Version=2014-05-26", "", form)
	f.Add("RegionId=cn-hangzhou", "Action=DescribeInstances&RegionId=cn-beijing&RegionId=x", form)
	f.Add("a=%ZZ", "b=1", form)
	f.Add("a;b=1", "c=%20+%2B", form)
	f.Add("", "Action=x", "text/plain")
	f.Add("x=1&x=2&=3&y", "", "multipart/form-data; boundary=z")
	f.Fuzz(func(t *testing.T, query, body, contentType string) {
		p, err := readParams(newFuzzRequest(http.MethodPost, query, body, contentType))
		if err != nil {
			return
		}
		fromQuery, _ := url.ParseQuery(query)
		var fromBody url.Values
		if mt, _, err := mime.ParseMediaType(contentType); err == nil && mt == form {
			fromBody, _ = url.ParseQuery(body)
		}
		for name, value := range p {
			switch {
			case len(fromBody[name]) > 0:
				if value != fromBody[name][0] {
					t.Fatalf("%s = %q, want the body's %q", name, value, fromBody[name][0])
				}
			case len(fromQuery[name]) > 0:
				if value != fromQuery[name][0] {
					t.Fatalf("%s = %q, want the query's %q", name, value, fromQuery[name][0])
				}
			default:
				t.Fatalf("%s = %q is in neither the query %q nor the body %q", name, value, query, body)
			}
		}
	})
}

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
