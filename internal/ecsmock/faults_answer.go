package ecsmock

import (
	"context"
	"net"
	"net/http"
	"time"
)

// badGatewayPage is what a proxy in front of the API answers when its
// upstream fails: HTML, not the API's JSON.
const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>Tengine</center>
</body>
</html>
`

// serveFault answers a call that rule caught; call is its record when the
// fault answers without processing.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, p params, perr error, requestID string, rule FaultRule, call Call) {
	switch rule.Kind {
	case FaultError, FaultRateLimit:
		s.logCall(call)
		writeJSON(w, rule.HttpStatus, errorResponse(&apiError{Status: rule.HttpStatus, Code: rule.Code, Message: rule.Message}, requestID, r.Host))
	case FaultProxy502:
		s.logCall(call)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(badGatewayPage))
	case FaultReset:
		s.logCall(call)
		breakConnection(w, true)
	case FaultDrop:
		s.process(r, p, perr, requestID, FaultDrop)
		breakConnection(w, false)
	case FaultDelay:
		if code := s.hold(r.Context(), rule.Duration); code != "" {
			s.mu.Lock()
			call = s.recordFault(p, requestID, FaultDelay, 0, code)
			s.mu.Unlock()
			s.logCall(call)
			breakConnection(w, false)
			return
		}
		status, body := s.process(r, p, perr, requestID, FaultDelay)
		writeJSON(w, status, body)
	}
}

// hold waits d (real time) and returns "", or the code to record when the
// client left or the server closed first.
func (s *Server) hold(ctx context.Context, d time.Duration) string {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return ""
	case <-ctx.Done():
		return CodeClientDisconnected
	case <-s.done:
		return CodeServerClosed
	}
}

// breakConnection ends the exchange without an answer: with reset, a TCP
// RST, as from a peer that crashed; otherwise an orderly close, as from a
// proxy that lost its upstream. Where the connection cannot be taken over
// (HTTP/2, a recorder), the handler aborts, which breaks the stream.
func breakConnection(w http.ResponseWriter, reset bool) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if !reset {
		_ = conn.Close()
		return
	}
	// Under TLS the RST must come from the TCP connection beneath, without
	// the close_notify an orderly close would send first.
	if tc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		conn = tc.NetConn()
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
