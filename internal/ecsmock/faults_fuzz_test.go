package ecsmock

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeFaultRules: whatever the body of POST /_mock/faults, a rule
// that is accepted is a complete one, and its listing reads back as the
// same rule.
func FuzzDecodeFaultRules(f *testing.F) {
	for _, body := range []string{
		`{"Action":"*","Kind":"error","Code":"Throttling","Probability":0.3,"Seed":42}`,
		`[{"Action":"ModifyInstanceNetworkSpec","Kind":"drop","Count":1},{"Action":"*","Kind":"ratelimit","PerSecond":5}]`,
		`{"Action":"DescribeInstances","Kind":"delay","Duration":"1m30s","AccessKeyId":"k"}`,
		`{"Action":"*","Kind":"proxy502","Count":-1}`,
		`{"Action":"*","Kind":"error","Code":"X","HttpStatus":700}`,
		`[{"Action":"*","Kind":"reset"}] trailing`,
		`{"Kind":"delay","Duration":"-1s"}`,
		`nul`, ``,
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rules, err := decodeFaultRules(body)
		if err != nil {
			return
		}
		for i := range rules {
			if rules[i].normalize() != nil {
				return
			}
		}
		for _, r := range rules {
			switch {
			case r.Action == "":
				t.Fatalf("accepted a rule without Action: %+v", r)
			case r.Count < 0 || r.Probability < 0 || r.Probability > 1:
				t.Fatalf("accepted Count %d, Probability %v", r.Count, r.Probability)
			case (r.Kind == FaultError || r.Kind == FaultRateLimit) && (r.Code == "" || r.HttpStatus < 400 || r.HttpStatus > 599 || r.Message == ""):
				t.Fatalf("accepted an incomplete answer: %+v", r)
			case r.Kind == FaultRateLimit && (r.PerSecond <= 0 || r.Burst < 1):
				t.Fatalf("accepted a rate limit of %v/s, burst %d", r.PerSecond, r.Burst)
			case r.Kind == FaultDelay && r.Duration <= 0:
				t.Fatalf("accepted a delay of %v", r.Duration)
			}
		}
		states := make([]FaultState, len(rules))
		for i, r := range rules {
			states[i] = FaultState{FaultRule: r}
		}
		listed, err := json.Marshal(stateJSON(states))
		if err != nil {
			t.Fatalf("listing %+v: %v", rules, err)
		}
		var back []faultRuleJSON
		if err := json.Unmarshal(listed, &back); err != nil {
			t.Fatalf("reading back %s: %v", listed, err)
		}
		for i, j := range back {
			r, err := j.rule()
			if err != nil || !reflect.DeepEqual(r, rules[i]) {
				t.Fatalf("rule %+v listed as %s, read back as %+v (%v)", rules[i], listed, r, err)
			}
		}
	})
}
