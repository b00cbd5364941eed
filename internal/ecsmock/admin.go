package ecsmock

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// adminError is the body of an admin API refusal.
type adminError struct {
	Code    string
	Message string
}

type clockView struct {
	Now    time.Time
	Offset string
}

// serveAdmin is the /_mock/ API: world, calls, payment, clock, faults. It
// answers loopback clients only, as it can rewrite the world.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if !isLoopback(r.RemoteAddr) {
		writeJSON(w, http.StatusForbidden, adminError{Code: "Forbidden", Message: "The admin API answers loopback clients only."})
		return
	}
	path := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_mock/"), "/")
	switch {
	case path == "state" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.State())
	case path == "state" && r.Method == http.MethodPut:
		var world World
		if err := decodeJSON(r.Body, &world); err != nil {
			writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidWorld", Message: err.Error()})
			return
		}
		if err := s.SetState(world); err != nil {
			writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidWorld", Message: err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "calls" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, append([]Call{}, s.Calls()...))
	case path == "calls" && r.Method == http.MethodDelete:
		s.ResetCalls()
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(path, "orders/") && strings.HasSuffix(path, "/pay") && r.Method == http.MethodPost:
		s.adminPay(w, strings.TrimSuffix(strings.TrimPrefix(path, "orders/"), "/pay"))
	case path == "clock" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.clock())
	case path == "clock" && r.Method == http.MethodPost:
		var body struct{ Advance string }
		if err := decodeJSON(r.Body, &body); err != nil {
			writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidClock", Message: err.Error()})
			return
		}
		d, err := time.ParseDuration(body.Advance)
		if err != nil || d < 0 {
			writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidClock", Message: `Advance must be a non-negative Go duration such as "2h" or "90s".`})
			return
		}
		s.AdvanceClock(d)
		writeJSON(w, http.StatusOK, s.clock())
	case path == "faults" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, stateJSON(s.Faults()))
	case path == "faults" && r.Method == http.MethodPost:
		s.adminAddFaults(w, r)
	case path == "faults" && r.Method == http.MethodDelete:
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusNotFound, adminError{Code: "NotFound", Message: r.Method + " " + r.URL.Path + " is not part of the admin API."})
	}
}

func (s *Server) adminPay(w http.ResponseWriter, orderID string) {
	err := s.PayOrder(orderID)
	var aerr *apiError
	switch {
	case err == nil:
		s.mu.Lock()
		var order Order
		for _, a := range s.world.Accounts {
			if o := a.order(orderID); o != nil {
				order = *o
			}
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, order)
	case errors.As(err, &aerr) && aerr.Status == http.StatusNotFound:
		writeJSON(w, http.StatusNotFound, adminError{Code: aerr.Code, Message: aerr.Message})
	case errors.As(err, &aerr):
		writeJSON(w, http.StatusConflict, adminError{Code: aerr.Code, Message: aerr.Message})
	default:
		writeJSON(w, http.StatusInternalServerError, adminError{Code: "InternalError", Message: err.Error()})
	}
}

func (s *Server) clock() clockView {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clockView{Now: s.now(), Offset: s.offset.String()}
}

func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(r, 16<<20))
	return dec.Decode(v)
}
