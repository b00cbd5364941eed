package ecsmock

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

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
