package ecsmock

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// adminRequest is one request to the admin API as a client sends it.
type adminRequest struct {
	method, path, body string
	peer, host         string
	header             map[string]string
	// tls serves the request as one received over HTTPS (-tls).
	tls bool
}

func (ar adminRequest) serve(srv *Server) *httptest.ResponseRecorder {
	req := httptest.NewRequest(ar.method, ar.path, strings.NewReader(ar.body))
	req.RemoteAddr, req.Host = ar.peer, ar.host
	if ar.tls {
		req.TLS = &tls.ConnectionState{}
	}
	for k, v := range ar.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

const (
	loopbackPeer = "127.0.0.1:40000"
	foreignPeer  = "192.0.2.10:40000"
	simHost      = "127.0.0.1:8642"
	faultBody    = `{"Action":"*","Kind":"error","Code":"InternalError"}`
)

var jsonBody = map[string]string{"Content-Type": "application/json"}

func withJSON(extra map[string]string) map[string]string {
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range extra {
		h[k] = v
	}
	return h
}

// TestAdminAccess: the admin API answers this machine's own clients and
// token holders, and refuses what a web page could send it by DNS
// rebinding or a cross-site request; a refused request changes nothing.
func TestAdminAccess(t *testing.T) {
	for _, tc := range []struct {
		name       string
		token      string
		listenAddr string
		req        adminRequest
		status     int
		code       string
	}{
		{name: "loopback IP host", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: simHost}, status: 200},
		{name: "localhost", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: "localhost:8642"}, status: 200},
		{name: "localhost with a dot, no port", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: "LOCALHOST."}, status: 200},
		{name: "IPv6 loopback", req: adminRequest{method: "GET", path: "/_mock/state", peer: "[::1]:40000", host: "[::1]:8642"}, status: 200},
		{name: "other loopback address", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: "127.0.0.2:8642"}, status: 200},
		{name: "DNS rebinding: foreign host", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: "attacker.example:8642"}, status: 403, code: "Forbidden"},
		{name: "DNS rebinding: a name under localhost's", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: "localhost.attacker.example"}, status: 403, code: "Forbidden"},
		{name: "DNS rebinding: write", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: "attacker.example:8642", header: jsonBody}, status: 403, code: "Forbidden"},
		{name: "listen host", listenAddr: "sim.internal:8642", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: "sim.internal:8642"}, status: 200},
		{name: "listen host not given", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: "sim.internal:8642"}, status: 403, code: "Forbidden"},
		{name: "foreign origin", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: simHost, header: map[string]string{"Origin": "http://attacker.example"}}, status: 403, code: "Forbidden"},
		{name: "null origin", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: simHost, header: withJSON(map[string]string{"Origin": "null"})}, status: 403, code: "Forbidden"},
		{name: "origin of another port", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: simHost, header: withJSON(map[string]string{"Origin": "http://127.0.0.1:3000"})}, status: 403, code: "Forbidden"},
		{name: "own origin", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: simHost, header: withJSON(map[string]string{"Origin": "http://127.0.0.1:8642"})}, status: 200},
		{name: "own origin over HTTPS", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: simHost, tls: true, header: withJSON(map[string]string{"Origin": "https://127.0.0.1:8642"})}, status: 200},
		{name: "plain-HTTP origin over HTTPS", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: simHost, tls: true, header: withJSON(map[string]string{"Origin": "http://127.0.0.1:8642"})}, status: 403, code: "Forbidden"},
		{name: "cross-site fetch metadata", req: adminRequest{method: "GET", path: "/_mock/calls", peer: loopbackPeer, host: simHost, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, status: 403, code: "Forbidden"},
		{name: "same-origin fetch metadata", req: adminRequest{method: "GET", path: "/_mock/calls", peer: loopbackPeer, host: simHost, header: map[string]string{"Sec-Fetch-Site": "same-origin"}}, status: 200},
		{name: "cross-site text/plain post", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: simHost, header: map[string]string{"Content-Type": "text/plain"}}, status: 415, code: "UnsupportedMediaType"},
		{name: "form post", req: adminRequest{method: "POST", path: "/_mock/clock", body: "Advance=1h", peer: loopbackPeer, host: simHost, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, status: 415, code: "UnsupportedMediaType"},
		{name: "post without content type", req: adminRequest{method: "POST", path: "/_mock/orders/1/pay", peer: loopbackPeer, host: simHost}, status: 415, code: "UnsupportedMediaType"},
		{name: "delete without content type", req: adminRequest{method: "DELETE", path: "/_mock/faults", peer: loopbackPeer, host: simHost}, status: 415, code: "UnsupportedMediaType"},
		{name: "json with charset", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: loopbackPeer, host: simHost, header: map[string]string{"Content-Type": "application/json; charset=utf-8"}}, status: 200},
		{name: "foreign peer", req: adminRequest{method: "GET", path: "/_mock/state", peer: foreignPeer, host: simHost}, status: 403, code: "Forbidden"},
		{name: "foreign peer with a token nobody set", req: adminRequest{method: "GET", path: "/_mock/state", peer: foreignPeer, host: simHost, header: map[string]string{"Authorization": "Bearer guess"}}, status: 403, code: "Forbidden"},
		{name: "token from a container", token: "s3cret", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: foreignPeer, host: "ecsmock:8642", header: withJSON(map[string]string{"Authorization": "Bearer s3cret"})}, status: 200},
		{name: "token scheme in any case", token: "s3cret", req: adminRequest{method: "GET", path: "/_mock/state", peer: foreignPeer, host: "ecsmock:8642", header: map[string]string{"Authorization": "bearer s3cret"}}, status: 200},
		{name: "no token from a container", token: "s3cret", req: adminRequest{method: "GET", path: "/_mock/state", peer: foreignPeer, host: "ecsmock:8642"}, status: 403, code: "Forbidden"},
		{name: "wrong token", token: "s3cret", req: adminRequest{method: "GET", path: "/_mock/state", peer: foreignPeer, host: "ecsmock:8642", header: map[string]string{"Authorization": "Bearer s3cre"}}, status: 401, code: "InvalidAdminToken"},
		{name: "wrong token from loopback", token: "s3cret", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: simHost, header: map[string]string{"Authorization": "Bearer nope"}}, status: 401, code: "InvalidAdminToken"},
		{name: "basic instead of bearer", token: "s3cret", req: adminRequest{method: "GET", path: "/_mock/state", peer: foreignPeer, host: "ecsmock:8642", header: map[string]string{"Authorization": "Basic czNjcmV0"}}, status: 401, code: "InvalidAdminToken"},
		{name: "loopback without the token", token: "s3cret", req: adminRequest{method: "GET", path: "/_mock/state", peer: loopbackPeer, host: simHost}, status: 200},
		{name: "token with a foreign origin", token: "s3cret", req: adminRequest{method: "GET", path: "/_mock/state", peer: foreignPeer, host: "ecsmock:8642", header: map[string]string{"Authorization": "Bearer s3cret", "Origin": "http://attacker.example"}}, status: 403, code: "Forbidden"},
		{name: "token needs JSON too", token: "s3cret", req: adminRequest{method: "POST", path: "/_mock/faults", body: faultBody, peer: foreignPeer, host: "ecsmock:8642", header: map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "text/plain"}}, status: 415, code: "UnsupportedMediaType"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixtureConfig(t, Config{AdminToken: tc.token, ListenAddr: tc.listenAddr})
			f.describe("i-postpaid-vpc")
			rec := tc.req.serve(f.srv)
			if rec.Code != tc.status {
				t.Fatalf("%s %s: %d %s, want %d", tc.req.method, tc.req.path, rec.Code, rec.Body, tc.status)
			}
			if tc.code == "" {
				return
			}
			if !strings.Contains(rec.Body.String(), `"Code":"`+tc.code+`"`) {
				t.Errorf("body %s, want Code %s", rec.Body, tc.code)
			}
			if strings.Contains(rec.Body.String(), secret1) {
				t.Errorf("a refusal leaks a secret: %s", rec.Body)
			}
			if tc.status == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			if n := len(f.srv.Faults()); n != 0 {
				t.Errorf("a refused request added %d fault rules", n)
			}
			if n := len(f.srv.Calls()); n != 1 {
				t.Errorf("a refused request left %d recorded calls, want the 1 made", n)
			}
		})
	}
}

// TestAdminOptionsGrantsNoCORS: a browser's preflight is answered, but
// without any Access-Control-Allow-* header, so the browser never sends
// the cross-origin request itself.
func TestAdminOptionsGrantsNoCORS(t *testing.T) {
	f := newFixture(t, nil)
	for _, path := range []string{"/_mock/state", "/_mock/faults", "/_mock/orders/1/pay"} {
		rec := adminRequest{method: http.MethodOptions, path: path, peer: loopbackPeer, host: simHost, header: map[string]string{
			"Origin": "http://attacker.example", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type",
		}}.serve(f.srv)
		if rec.Code != http.StatusNoContent || rec.Header().Get("Allow") == "" {
			t.Errorf("OPTIONS %s: %d, Allow %q; want 204 with Allow", path, rec.Code, rec.Header().Get("Allow"))
		}
		for name := range rec.Header() {
			if strings.HasPrefix(name, "Access-Control-") {
				t.Errorf("OPTIONS %s grants CORS: %s: %s", path, name, rec.Header().Get(name))
			}
		}
	}
}

func TestHostOnly(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:8642": "127.0.0.1", "[::1]:8642": "::1", "[::1]": "::1", "LocalHost.": "localhost",
		"sim.internal": "sim.internal", ":8642": "", "": "",
	} {
		if got := hostOnly(in); got != want {
			t.Errorf("hostOnly(%q) = %q, want %q", in, got, want)
		}
	}
}
