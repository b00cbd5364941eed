package ecsmock

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"time"
)

// FaultKind names what an injected fault does to the calls it catches.
type FaultKind string

// The kinds of fault. The package documentation describes each on the wire.
const (
	// FaultError answers with the rule's Code and HttpStatus in the API's
	// error body; nothing is processed.
	FaultError FaultKind = "error"
	// FaultDelay holds the call for the rule's Duration, then processes and
	// answers it. A client that leaves, or a server that closes, ends the
	// wait; the call is then not processed.
	FaultDelay FaultKind = "delay"
	// FaultReset resets the TCP connection before processing.
	FaultReset FaultKind = "reset"
	// FaultDrop processes the call (its change and order are real), then
	// closes the connection without an answer.
	FaultDrop FaultKind = "drop"
	// FaultProxy502 answers an HTML 502 page, as a proxy whose upstream
	// failed; nothing is processed.
	FaultProxy502 FaultKind = "proxy502"
	// FaultRateLimit is a token bucket of PerSecond tokens a second (Burst
	// at most) for each action and AccessKeyId; a call finding it empty is
	// answered Throttling 400 and not processed.
	FaultRateLimit FaultKind = "ratelimit"
)

// Codes recorded in Call.Code for faulted calls that got no API answer.
const (
	CodeConnectionReset    = "ConnectionReset"
	CodeConnectionDropped  = "ConnectionDropped"
	CodeBadGateway         = "BadGateway"
	CodeClientDisconnected = "ClientDisconnected"
	CodeServerClosed       = "ServerClosed"
)

// FaultRule injects one kind of fault into the calls it matches: those of
// Action ("*": every call) and, when AccessKeyId is set, of that key only.
type FaultRule struct {
	Action      string
	AccessKeyId string
	Kind        FaultKind
	// Count, when above 0, lets the rule fire on that many calls only.
	Count int
	// Probability, when above 0, is the chance (at most 1) that the rule
	// fires on a matching call, drawn from a source seeded with Seed: the
	// same seed and the same calls give the same faults.
	Probability float64
	Seed        int64
	// Code, HttpStatus and Message are the answer of an error rule, and
	// override the Throttling answer of a ratelimit rule. HttpStatus and
	// Message default for the well-known codes (Throttling, ServiceUnavailable,
	// InternalError, LastOrderProcessing ...).
	Code       string
	HttpStatus int
	Message    string
	// Duration is how long a delay rule holds a call (real time).
	Duration time.Duration
	// PerSecond and Burst shape a ratelimit rule's token bucket; Burst
	// defaults to PerSecond rounded up (at least 1).
	PerSecond float64
	Burst     int
}

// FaultState is a rule as the server holds it, with its defaults filled
// in and the number of calls it caught.
type FaultState struct {
	FaultRule
	Fired int
}

// faultCode is the answer the API gives for a well-known transient code.
type faultCode struct {
	status  int
	message string
}

var wellKnownFaultCodes = map[string]faultCode{
	"Throttling":          {http.StatusBadRequest, "Request was denied due to request throttling."},
	"Throttling.User":     {http.StatusBadRequest, "Request was denied due to user flow control."},
	"Throttling.Api":      {http.StatusBadRequest, "Request was denied due to api flow control."},
	"ServiceUnavailable":  {http.StatusServiceUnavailable, "The request has failed due to a temporary failure of the server."},
	"InternalError":       {http.StatusInternalServerError, "The request processing has failed due to some unknown error, exception or failure."},
	"UnknownError":        {http.StatusInternalServerError, "The request processing has failed due to some unknown error."},
	"LastOrderProcessing": {http.StatusForbidden, "The previous order is still processing, please try again later."},
	"OperationConflict":   {http.StatusForbidden, "Request was denied due to conflict with a previous request, please try again later."},
}

// maxBuckets bounds the token buckets a ratelimit rule keeps; beyond it,
// full buckets (no different from new ones) are forgotten.
const maxBuckets = 1024

// faultRule is a FaultRule in service.
type faultRule struct {
	FaultRule
	fired   int
	rng     *rand.Rand
	buckets map[string]*tokenBucket
}

// AddFault validates rule, fills in its defaults and appends it to the
// rules, which are tried in the order they were added.
func (s *Server) AddFault(rule FaultRule) error {
	if err := s.addFaults([]FaultRule{rule}); err != nil {
		return fmt.Errorf("ecsmock: invalid fault rule: %w", err)
	}
	return nil
}

// addFaults appends all the rules or, when one is invalid, none.
func (s *Server) addFaults(rules []FaultRule) error {
	built := make([]*faultRule, 0, len(rules))
	for i, r := range rules {
		if err := r.normalize(); err != nil {
			if len(rules) > 1 {
				return fmt.Errorf("rule %d: %w", i+1, err)
			}
			return err
		}
		built = append(built, &faultRule{
			FaultRule: r,
			rng:       rand.New(rand.NewPCG(uint64(r.Seed), 0)),
			buckets:   map[string]*tokenBucket{},
		})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, built...)
	return nil
}

// ClearFaults removes every fault rule, rate limits included.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Faults lists the rules in the order they are tried.
func (s *Server) Faults() []FaultState {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]FaultState, len(s.faults))
	for i, f := range s.faults {
		out[i] = FaultState{FaultRule: f.FaultRule, Fired: f.fired}
	}
	return out
}

// normalize checks a rule and fills in its defaults.
func (r *FaultRule) normalize() error {
	if r.Action == "" {
		return errors.New(`an Action is required: an action name or "*"`)
	}
	if r.Action != "*" && !servedAction(r.Action) {
		return fmt.Errorf("the Action %q is not served; use \"*\" or one of %s", r.Action, strings.Join(servedActions(), ", "))
	}
	if r.Count < 0 {
		return errors.New("a negative Count is not allowed")
	}
	if math.IsNaN(r.Probability) || r.Probability < 0 || r.Probability > 1 {
		return errors.New("the Probability must be between 0 and 1")
	}
	var unused []string
	unset := func(name string, set bool) {
		if set {
			unused = append(unused, name)
		}
	}
	switch r.Kind {
	case FaultError:
		if r.Code == "" {
			return errors.New("an error rule needs a Code")
		}
		if err := r.fillAnswer(); err != nil {
			return err
		}
		unset("Duration", r.Duration != 0)
		unset("PerSecond", r.PerSecond != 0)
		unset("Burst", r.Burst != 0)
	case FaultRateLimit:
		if math.IsNaN(r.PerSecond) || math.IsInf(r.PerSecond, 0) || r.PerSecond <= 0 {
			return errors.New("a ratelimit rule needs PerSecond above 0")
		}
		if r.Burst < 0 {
			return errors.New("a negative Burst is not allowed")
		}
		if r.Burst == 0 {
			r.Burst = max(1, int(math.Min(math.Ceil(r.PerSecond), math.MaxInt32)))
		}
		if r.Code == "" {
			r.Code = "Throttling"
		}
		if err := r.fillAnswer(); err != nil {
			return err
		}
		unset("Count", r.Count != 0)
		unset("Probability", r.Probability != 0)
		unset("Duration", r.Duration != 0)
	case FaultDelay:
		if r.Duration <= 0 {
			return errors.New("a delay rule needs a Duration above 0")
		}
		r.unsetAnswer(unset)
	case FaultReset, FaultDrop, FaultProxy502:
		r.unsetAnswer(unset)
		unset("Duration", r.Duration != 0)
	default:
		return fmt.Errorf("the Kind %q is not one of error, delay, reset, drop, proxy502, ratelimit", r.Kind)
	}
	if len(unused) > 0 {
		return fmt.Errorf("not used by kind %s: %s", r.Kind, strings.Join(unused, ", "))
	}
	return nil
}

// fillAnswer completes an error answer from the well-known codes.
func (r *FaultRule) fillAnswer() error {
	known, ok := wellKnownFaultCodes[r.Code]
	if r.HttpStatus == 0 {
		if !ok {
			return fmt.Errorf("the Code %q is not a well-known one: give its HttpStatus", r.Code)
		}
		r.HttpStatus = known.status
	}
	if r.HttpStatus < 400 || r.HttpStatus > 599 {
		return errors.New("the HttpStatus must be between 400 and 599")
	}
	if r.Message == "" {
		r.Message = known.message
		if !ok {
			r.Message = "The request could not be processed."
		}
	}
	return nil
}

func (r *FaultRule) unsetAnswer(unset func(string, bool)) {
	unset("Code", r.Code != "")
	unset("HttpStatus", r.HttpStatus != 0)
	unset("Message", r.Message != "")
	unset("PerSecond", r.PerSecond != 0)
	unset("Burst", r.Burst != 0)
}

func servedAction(name string) bool {
	for _, byAction := range actions {
		if _, ok := byAction[name]; ok {
			return true
		}
	}
	return false
}

func servedActions() []string {
	var names []string
	for _, byAction := range actions {
		for name := range byAction {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// takeFault finds the first rule that fires on a call. A fault that
// answers without processing (error, ratelimit, proxy502, reset) is
// recorded here, in the same critical section, and returned as call.
func (s *Server) takeFault(p params, requestID string) (rule FaultRule, call Call, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return FaultRule{}, Call{}, false
	}
	now := s.now()
	for _, f := range s.faults {
		if !f.fires(p["Action"], p["AccessKeyId"], now) {
			continue
		}
		f.fired++
		switch f.Kind {
		case FaultError, FaultRateLimit:
			call = s.recordFault(p, requestID, f.Kind, f.HttpStatus, f.Code)
		case FaultProxy502:
			call = s.recordFault(p, requestID, f.Kind, http.StatusBadGateway, CodeBadGateway)
		case FaultReset:
			call = s.recordFault(p, requestID, f.Kind, 0, CodeConnectionReset)
		}
		return f.FaultRule, call, true
	}
	return FaultRule{}, Call{}, false
}

// fires tells whether the rule catches a call, drawing its chance or
// taking a token as it goes. Callers hold s.mu.
func (f *faultRule) fires(action, accessKeyID string, now time.Time) bool {
	if f.Action != "*" && f.Action != action {
		return false
	}
	if f.AccessKeyId != "" && f.AccessKeyId != accessKeyID {
		return false
	}
	if f.Kind == FaultRateLimit {
		return !f.bucket(action, accessKeyID, now).take(now, f.PerSecond, f.Burst)
	}
	if f.Count > 0 && f.fired >= f.Count {
		return false
	}
	return f.Probability == 0 || f.rng.Float64() < f.Probability
}

// bucket is the token bucket of one action and key. Calls of unknown
// actions share one, so that junk requests cannot grow the map.
func (f *faultRule) bucket(action, accessKeyID string, now time.Time) *tokenBucket {
	if !servedAction(action) {
		action = ""
	}
	// A junk key as long as the request body would otherwise be kept once per bucket.
	key := action + "\x00" + recordedValue(accessKeyID)
	if b, ok := f.buckets[key]; ok {
		return b
	}
	if len(f.buckets) >= maxBuckets {
		for k, b := range f.buckets {
			if b.full(now, f.PerSecond, f.Burst) {
				delete(f.buckets, k)
			}
		}
	}
	b := newTokenBucket(f.Burst, now)
	f.buckets[key] = b
	return b
}

// recordFault records a call that a fault answered without processing.
// Callers hold s.mu.
func (s *Server) recordFault(p params, requestID string, kind FaultKind, status int, code string) Call {
	call := newCall(p, requestID, s.now())
	call.HttpStatus, call.Code, call.Fault = status, code, kind
	s.recordCall(call)
	return call
}

// markFault notes on a processed call the fault that let it through; a
// dropped call keeps the answer it never sent in Processed*.
func (c *Call) markFault(kind FaultKind) {
	c.Fault = kind
	if kind == FaultDrop {
		c.ProcessedHttpStatus, c.ProcessedCode = c.HttpStatus, c.Code
		c.HttpStatus, c.Code = 0, CodeConnectionDropped
	}
}
