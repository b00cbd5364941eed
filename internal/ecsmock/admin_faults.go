package ecsmock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// faultRuleJSON is the admin API's form of a rule: a FaultRule with
// Duration as a Go duration string ("30s").
type faultRuleJSON struct {
	Action      string
	AccessKeyId string `json:",omitempty"`
	Kind        FaultKind
	Count       int     `json:",omitempty"`
	Probability float64 `json:",omitempty"`
	Seed        int64   `json:",omitempty"`
	Code        string  `json:",omitempty"`
	HttpStatus  int     `json:",omitempty"`
	Message     string  `json:",omitempty"`
	Duration    string  `json:",omitempty"`
	PerSecond   float64 `json:",omitempty"`
	Burst       int     `json:",omitempty"`
}

// faultStateJSON is a rule as GET /_mock/faults lists it. Remaining is
// there for Count rules only.
type faultStateJSON struct {
	faultRuleJSON
	Fired     int
	Remaining *int `json:",omitempty"`
}

func (j faultRuleJSON) rule() (FaultRule, error) {
	r := FaultRule{
		Action: j.Action, AccessKeyId: j.AccessKeyId, Kind: j.Kind,
		Count: j.Count, Probability: j.Probability, Seed: j.Seed,
		Code: j.Code, HttpStatus: j.HttpStatus, Message: j.Message,
		PerSecond: j.PerSecond, Burst: j.Burst,
	}
	if j.Duration != "" {
		d, err := time.ParseDuration(j.Duration)
		if err != nil {
			return FaultRule{}, fmt.Errorf("the Duration %q is not a Go duration such as \"30s\"", j.Duration)
		}
		r.Duration = d
	}
	return r, nil
}

func ruleJSON(r FaultRule) faultRuleJSON {
	j := faultRuleJSON{
		Action: r.Action, AccessKeyId: r.AccessKeyId, Kind: r.Kind,
		Count: r.Count, Probability: r.Probability, Seed: r.Seed,
		Code: r.Code, HttpStatus: r.HttpStatus, Message: r.Message,
		PerSecond: r.PerSecond, Burst: r.Burst,
	}
	if r.Duration != 0 {
		j.Duration = r.Duration.String()
	}
	return j
}

func stateJSON(states []FaultState) []faultStateJSON {
	out := make([]faultStateJSON, len(states))
	for i, st := range states {
		out[i] = faultStateJSON{faultRuleJSON: ruleJSON(st.FaultRule), Fired: st.Fired}
		if st.Count > 0 {
			remaining := max(st.Count-st.Fired, 0)
			out[i].Remaining = &remaining
		}
	}
	return out
}

// decodeFaultRules reads one rule object or an array of them; unknown
// fields are refused, so that a misspelt one does not pass unnoticed.
func decodeFaultRules(body []byte) ([]FaultRule, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	var items []faultRuleJSON
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if err := dec.Decode(&items); err != nil {
			return nil, err
		}
	} else {
		var one faultRuleJSON
		if err := dec.Decode(&one); err != nil {
			return nil, err
		}
		items = []faultRuleJSON{one}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the body must be one JSON object or one array of them")
	}
	if len(items) == 0 {
		return nil, errors.New("no rule given")
	}
	rules := make([]FaultRule, len(items))
	for i, item := range items {
		r, err := item.rule()
		if err != nil {
			if len(items) > 1 {
				return nil, fmt.Errorf("rule %d: %w", i+1, err)
			}
			return nil, err
		}
		rules[i] = r
	}
	return rules, nil
}

// adminAddFaults is POST /_mock/faults: all the rules of the body are added,
// or none; the answer lists every rule.
func (s *Server) adminAddFaults(w http.ResponseWriter, r *http.Request) {
	body, ok := readAdminBody(w, r, maxAdminBody)
	if !ok {
		return
	}
	rules, err := decodeFaultRules(body)
	if err == nil {
		err = s.addFaults(rules)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, adminError{Code: "InvalidFault", Message: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, stateJSON(s.Faults()))
}
