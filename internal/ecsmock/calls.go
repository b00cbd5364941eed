package ecsmock

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Call is one API call the server received, as the admin API lists it. It
// never holds a secret.
type Call struct {
	Time        time.Time
	Action      string
	AccessKeyId string
	InstanceId  string
	HttpStatus  int
	Code        string
	RequestId   string
	// Fault is the kind of the injected fault that caught the call; empty
	// for a call answered normally.
	Fault FaultKind `json:",omitempty"`
	// ProcessedHttpStatus and ProcessedCode are, for a dropped call
	// (HttpStatus 0, Code ConnectionDropped), the answer the simulator
	// computed and never sent.
	ProcessedHttpStatus int    `json:",omitempty"`
	ProcessedCode       string `json:",omitempty"`
}

// Calls returns the API calls received, oldest first: the last MaxCalls
// of them.
func (s *Server) Calls() []Call {
	calls, _ := s.callLog()
	return calls
}

// DroppedCalls is how many calls were received but dropped from Calls,
// the oldest first, to keep MaxCalls, since the start or ResetCalls.
func (s *Server) DroppedCalls() int {
	_, dropped := s.callLog()
	return dropped
}

func (s *Server) callLog() ([]Call, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...), s.droppedCalls
}

// ResetCalls forgets the recorded calls.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.droppedCalls = nil, 0
}

// recordCall keeps a call, dropping the oldest beyond maxCalls. Reslicing
// lets append move the kept calls to a fresh array in time, so the log
// stays within a small multiple of maxCalls. Callers hold s.mu.
func (s *Server) recordCall(c Call) {
	s.calls = append(s.calls, c)
	if over := len(s.calls) - s.maxCalls; over > 0 {
		clear(s.calls[:over])
		s.calls = s.calls[over:]
		s.droppedCalls += over
	}
}

// logCall writes one line per call. Every value a client chose is quoted,
// so that no parameter (a newline in an unsigned one) can forge a line.
func (s *Server) logCall(c Call) {
	var fault string
	if c.Fault != "" {
		fault = fmt.Sprintf(" fault=%q", c.Fault)
	}
	s.logger.Printf("action=%q key=%q instance=%q status=%d code=%q request=%q%s",
		c.Action, c.AccessKeyId, c.InstanceId, c.HttpStatus, c.Code, c.RequestId, fault)
}

// newCall starts the record of a call from its parameters as sent.
func newCall(p params, requestID string, now time.Time) Call {
	return Call{
		Time:        now,
		Action:      recordedValue(p["Action"]),
		AccessKeyId: recordedValue(p["AccessKeyId"]),
		InstanceId:  recordedValue(callInstanceID(p)),
		RequestId:   requestID,
	}
}

// recordedValue is v cut to maxRecordedValue bytes (on a character
// boundary, "…" marking the cut), always a copy: a substring would keep
// the whole request body alive as long as the record.
func recordedValue(v string) string {
	if len(v) <= maxRecordedValue {
		return strings.Clone(v)
	}
	n := maxRecordedValue
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n] + "…"
}

// callInstanceID names the instance a call is about, for the record: its
// InstanceId, the ResourceId of DescribeBandwidthLimitation, or the only id
// of a DescribeInstances InstanceIds list.
func callInstanceID(p params) string {
	if id := p["InstanceId"]; id != "" {
		return id
	}
	if id := p["ResourceId"]; id != "" {
		return id
	}
	var ids []string
	if json.Unmarshal([]byte(p["InstanceIds"]), &ids) == nil && len(ids) == 1 {
		return ids[0]
	}
	return ""
}
