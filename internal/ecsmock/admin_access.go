package ecsmock

import (
	"crypto/subtle"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// adminAccess decides who may use the admin API, which can read every
// secret and rewrite the world. The TCP peer alone is not enough: a web
// page in the user's browser reaches a loopback port through DNS
// rebinding (a foreign Host) or a cross-site form post (a foreign Origin,
// a text/plain body).
type adminAccess struct {
	// token opens the API to any peer that presents it; empty: loopback
	// peers only.
	token string
	// listenHost is the host part of the listen address, accepted as Host.
	listenHost string
}

func newAdminAccess(token, listenAddr string) adminAccess {
	return adminAccess{token: token, listenHost: hostOnly(listenAddr)}
}

// adminRefusal is why a request is not answered.
type adminRefusal struct {
	status int
	adminError
}

// refuse returns why r may not use the admin API, or nil.
func (acc adminAccess) refuse(r *http.Request) *adminRefusal {
	withToken := false
	if auth := r.Header.Get("Authorization"); auth != "" && acc.token != "" {
		given, ok := bearerToken(auth)
		if !ok || subtle.ConstantTimeCompare([]byte(given), []byte(acc.token)) != 1 {
			return &adminRefusal{http.StatusUnauthorized, adminError{Code: "InvalidAdminToken",
				Message: "The Authorization header does not carry the admin token; send Authorization: Bearer TOKEN with the simulator's -admin-token."}}
		}
		withToken = true
	}
	if !withToken {
		if !isLoopback(r.RemoteAddr) {
			msg := "The admin API answers loopback clients only; start the simulator with -admin-token and send Authorization: Bearer TOKEN to reach it from elsewhere."
			if acc.token != "" {
				msg = "The admin API answers other than loopback clients only with the admin token; send Authorization: Bearer TOKEN."
			}
			return &adminRefusal{http.StatusForbidden, adminError{Code: "Forbidden", Message: msg}}
		}
		if !acc.localHost(r.Host) {
			return &adminRefusal{http.StatusForbidden, adminError{Code: "Forbidden",
				Message: "The admin API answers requests addressed to localhost, a loopback address or the listen address only; the Host " + quote(r.Host) + " is none of them."}}
		}
	}
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r) {
		return &adminRefusal{http.StatusForbidden, adminError{Code: "Forbidden",
			Message: "The admin API refuses cross-origin requests; the Origin " + quote(origin) + " is not the simulator's own."}}
	}
	// Browsers send Sec-Fetch-Site even where they leave Origin out.
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return &adminRefusal{http.StatusForbidden, adminError{Code: "Forbidden",
			Message: "The admin API refuses requests a page of another site sends (Sec-Fetch-Site: " + site + ")."}}
	}
	if changesState(r.Method) && !isJSON(r.Header.Get("Content-Type")) {
		return &adminRefusal{http.StatusUnsupportedMediaType, adminError{Code: "UnsupportedMediaType",
			Message: r.Method + " requests of the admin API need Content-Type: application/json, even without a body."}}
	}
	return nil
}

// localHost tells whether a Host header names this machine: localhost, a
// loopback address, or the host the server was told to listen on.
func (acc adminAccess) localHost(hostHeader string) bool {
	host := hostOnly(hostHeader)
	if host == "localhost" {
		return true
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return true
	}
	return host != "" && host == acc.listenHost
}

// hostOnly is the lower-case host of HOST[:PORT], without brackets or a
// trailing dot.
func hostOnly(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	return strings.ToLower(host)
}

// sameOrigin tells whether an Origin header is the simulator's own: the
// scheme it is served with and the Host the request was sent to.
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return strings.EqualFold(u.Scheme, scheme) && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

func bearerToken(auth string) (string, bool) {
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// changesState tells the methods the admin API changes the world with.
func changesState(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

// quote bounds and quotes a client's value for a message.
func quote(v string) string { return strconv.Quote(recordedValue(v)) }

// isLoopback tells whether a request comes from this machine.
func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
