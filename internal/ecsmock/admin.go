package ecsmock

import (
	"errors"
	"io"
	"net/http"
	"strconv"
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

// Largest admin request bodies: a world may be large, a clock or fault
// request is small.
const (
	maxWorldBody = 16 << 20
	maxAdminBody = 1 << 20
)

// healthView is the readiness answer of GET /_mock/health.
type healthView struct {
	Status  string
	Version string
}

// serveAdmin is the /_mock/ API: world, calls, payment, clock, faults,
// health and reset. It
// answers only requests adminAccess lets through, as it can read every
// secret and rewrite the world. OPTIONS is answered without granting CORS,
// so that a browser sends no cross-origin request after its preflight.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		w.Header().Set("Allow", "GET, PUT, POST, DELETE, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if refusal := s.access.refuse(r); refusal != nil {
		if refusal.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ecsmock admin"`)
		}
		writeJSON(w, refusal.status, refusal.adminError)
		return
	}
	path := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_mock/"), "/")
	switch {
	case path == "state" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.State())
	case path == "state" && r.Method == http.MethodPut:
		s.adminPutState(w, r)
	case path == "calls" && r.Method == http.MethodGet:
		calls, dropped := s.callLog()
		w.Header().Set(droppedCallsHeader, strconv.Itoa(dropped))
		writeJSON(w, http.StatusOK, append([]Call{}, calls...))
	case path == "calls" && r.Method == http.MethodDelete:
		s.ResetCalls()
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(path, "orders/") && strings.HasSuffix(path, "/pay") && r.Method == http.MethodPost:
		s.adminPay(w, strings.TrimSuffix(strings.TrimPrefix(path, "orders/"), "/pay"))
	case path == "clock" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.clock())
	case path == "clock" && r.Method == http.MethodPost:
		s.adminAdvanceClock(w, r)
	case path == "health" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, healthView{Status: "ok", Version: Version})
	case path == "reset" && r.Method == http.MethodPost:
		if err := s.Reset(); err != nil {
			writeJSON(w, http.StatusInternalServerError, adminError{Code: "StateFileError", Message: "The world was reset but the state file could not be written: " + err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "faults" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, stateJSON(s.Faults()))
	case path == "faults" && r.Method == http.MethodPost:
		s.adminAddFaults(w, r)
	case path == "faults" && r.Method == http.MethodDelete:
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusNotFound, adminError{Code: "NotFound", Message: r.Method + " " + quote(r.URL.Path) + " is not part of the admin API."})
	}
}

// droppedCallsHeader tells a reader of GET /_mock/calls how many older
// calls the bounded log no longer holds.
const droppedCallsHeader = "Ecsmock-Dropped-Calls"

// adminPutState replaces the world with the body's, or answers 400 and
// changes nothing.
func (s *Server) adminPutState(w http.ResponseWriter, r *http.Request) {
	body, ok := readAdminBody(w, r, maxWorldBody)
	if !ok {
		return
	}
	world, err := decodeWorld(body)
	if err == nil {
		err = s.SetState(world)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidWorld", Message: err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// adminAdvanceClock moves the clock by {"Advance": DURATION}: a negative
// advance is refused, a huge one saturates (see AdvanceClock).
func (s *Server) adminAdvanceClock(w http.ResponseWriter, r *http.Request) {
	body, ok := readAdminBody(w, r, maxAdminBody)
	if !ok {
		return
	}
	var req struct{ Advance string }
	if err := decodeStrict(body, &req); err != nil {
		writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidClock", Message: err.Error()})
		return
	}
	d, err := time.ParseDuration(req.Advance)
	if err != nil || d < 0 {
		writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidClock",
			Message: `Advance must be a non-negative Go duration such as "2h" or "90s", at most "2562047h"; got ` + quote(req.Advance) + "."})
		return
	}
	s.AdvanceClock(d)
	writeJSON(w, http.StatusOK, s.clock())
}

// readAdminBody reads a request body of at most limit bytes; a larger one
// is answered 413 and ok is false.
func readAdminBody(w http.ResponseWriter, r *http.Request, limit int64) (body []byte, ok bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeJSON(w, http.StatusRequestEntityTooLarge, adminError{Code: "BodyTooLarge",
			Message: "The body is larger than " + strconv.FormatInt(limit, 10) + " bytes."})
		return nil, false
	case err != nil:
		writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidBody", Message: "The body could not be read: " + err.Error()})
		return nil, false
	}
	return body, true
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
