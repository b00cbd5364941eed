package ecsmock

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAdminFaults drives /_mock/faults as a script would: add rules (one
// object, then an array), list them with their counts, clear them.
func TestAdminFaults(t *testing.T) {
	f := newFixture(t, nil)
	var list []map[string]any
	code := f.admin(http.MethodPost, "/_mock/faults",
		`{"Action":"DescribeInstances","Kind":"error","Code":"Throttling","Count":2}`, &list)
	if code != http.StatusOK || len(list) != 1 || list[0]["HttpStatus"] != 400.0 || list[0]["Remaining"] != 2.0 || list[0]["Fired"] != 0.0 {
		t.Fatalf("POST one rule: %d %v", code, list)
	}
	code = f.admin(http.MethodPost, "/_mock/faults", `[
		{"Action":"ModifyInstanceNetworkSpec","Kind":"delay","Duration":"1m30s","AccessKeyId":"`+key2+`"},
		{"Action":"*","Kind":"ratelimit","PerSecond":0.5}]`, &list)
	if code != http.StatusOK || len(list) != 3 {
		t.Fatalf("POST two rules: %d %v", code, list)
	}
	if d := list[1]; d["Duration"] != "1m30s" || d["AccessKeyId"] != key2 || d["Remaining"] != nil {
		t.Errorf("delay rule listed as %v", d)
	}
	if r := list[2]; r["Burst"] != 1.0 || r["Code"] != "Throttling" {
		t.Errorf("ratelimit rule listed as %v", r)
	}

	c := f.raw(http.MethodPost)
	if status, body := c.call(t, ecsVersion, "DescribeInstances", nil); status != 400 || body["Code"] != "Throttling" {
		t.Fatalf("call under the rules: %d %v", status, body)
	}
	if code := f.admin(http.MethodGet, "/_mock/faults", "", &list); code != http.StatusOK || list[0]["Fired"] != 1.0 || list[0]["Remaining"] != 1.0 {
		t.Fatalf("GET after one fault: %d %v", code, list)
	}
	var calls []map[string]any
	f.admin(http.MethodGet, "/_mock/calls", "", &calls)
	if len(calls) != 1 || calls[0]["Fault"] != "error" || calls[0]["Code"] != "Throttling" {
		t.Fatalf("GET /_mock/calls: %v", calls)
	}

	if code := f.admin(http.MethodDelete, "/_mock/faults", "", nil); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d", code)
	}
	if code := f.admin(http.MethodGet, "/_mock/faults", "", &list); code != http.StatusOK || len(list) != 0 {
		t.Fatalf("GET after DELETE: %d %v", code, list)
	}
	for range 3 {
		if status, body := c.call(t, ecsVersion, "DescribeInstances", nil); status != 200 {
			t.Fatalf("call after DELETE: %d %v", status, body)
		}
	}
	f.admin(http.MethodGet, "/_mock/calls", "", &calls)
	if _, ok := calls[1]["Fault"]; ok {
		t.Errorf("a call without fault lists Fault: %v", calls[1])
	}
}

// TestAdminFaultsRefused: a bad body adds nothing, not even its valid
// rules, and says why.
func TestAdminFaultsRefused(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"misspelt field", `{"Action":"*","Kind":"reset","Probabilty":0.5}`, "Probabilty"}, //nolint:misspell // the misspelling is the case
		{"unknown kind", `{"Action":"*","Kind":"explode"}`, `Kind "explode"`},
		{"unknown action", `{"Action":"Reboot","Kind":"reset"}`, `"Reboot" is not served`},
		{"bad duration", `{"Action":"*","Kind":"delay","Duration":"soon"}`, `Duration "soon"`},
		{"number duration", `{"Action":"*","Kind":"delay","Duration":30}`, "Duration"},
		{"one bad rule of two", `[{"Action":"*","Kind":"reset"},{"Action":"*","Kind":"error"}]`, "rule 2: an error rule needs a Code"},
		{"empty array", `[]`, "no rule"},
		{"two objects", `{"Action":"*","Kind":"reset"} {"Action":"*","Kind":"drop"}`, "one JSON object or one array"},
		{"not JSON", `Kind=reset`, "invalid character"},
		{"listing fields", `{"Action":"*","Kind":"reset","Fired":3}`, "Fired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			var refusal adminError
			if code := f.admin(http.MethodPost, "/_mock/faults", tc.body, &refusal); code != http.StatusBadRequest || refusal.Code != "InvalidFault" || !strings.Contains(refusal.Message, tc.want) {
				t.Fatalf("POST %s: %d %+v, want 400 InvalidFault with %q", tc.body, code, refusal, tc.want)
			}
			if n := len(f.srv.Faults()); n != 0 {
				t.Fatalf("%d rules added by a refused body", n)
			}
		})
	}
}

func TestAdminFaultsRefusesNonLoopback(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "*", Kind: FaultReset})
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		req := httptest.NewRequest(method, "/_mock/faults", strings.NewReader(`{"Action":"*","Kind":"drop"}`))
		req.RemoteAddr = "192.0.2.10:40000"
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s /_mock/faults from 192.0.2.10: %d, want 403", method, rec.Code)
		}
	}
	if st := f.srv.Faults(); len(st) != 1 || st[0].Kind != FaultReset {
		t.Fatalf("rules after refused calls = %+v, want the one reset rule", st)
	}
}
