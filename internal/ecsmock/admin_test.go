package ecsmock

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func newHTTPTest(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// admin sends an admin API request, as JSON, and decodes a JSON answer
// into out; it returns the status.
func (f *fixture) admin(method, path, body string, out any) int {
	f.t.Helper()
	return f.adminDo(method, path, body, out).StatusCode
}

// adminResponse sends a bodiless admin API request and returns the
// response, its JSON body decoded into out.
func (f *fixture) adminResponse(method, path string, out any) *http.Response {
	f.t.Helper()
	return f.adminDo(method, path, "", out)
}

func (f *fixture) adminDo(method, path, body string, out any) *http.Response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.http.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			f.t.Fatalf("%s %s: body %q: %v", method, path, b, err)
		}
	}
	return resp
}

func TestAdminRefusesNonLoopback(t *testing.T) {
	f := newFixture(t, nil)
	for _, path := range []string{"/_mock/state", "/_mock/calls", "/_mock/clock"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "192.0.2.10:40000"
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("GET %s from 192.0.2.10: %d, want 403", path, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/_mock/clock", strings.NewReader(`{"Advance":"1h"}`))
	req.RemoteAddr = "[2001:db8::1]:40000"
	before := f.srv.Now()
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || f.srv.Now().Sub(before) > 30*time.Minute {
		t.Errorf("POST /_mock/clock from 2001:db8::1: %d, clock moved %v", rec.Code, f.srv.Now().Sub(before))
	}
	req = httptest.NewRequest(http.MethodGet, "/_mock/state", nil)
	req.RemoteAddr, req.Host = "[::1]:40000", "[::1]:8642"
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("GET /_mock/state from ::1: %d, want 200", rec.Code)
	}
}

func TestAdminState(t *testing.T) {
	f := newFixture(t, nil)
	var w World
	if code := f.admin(http.MethodGet, "/_mock/state", "", &w); code != http.StatusOK || len(w.Accounts) != 5 {
		t.Fatalf("GET state: %d, %d accounts", code, len(w.Accounts))
	}
	w.Accounts[0].instance("i-postpaid-vpc").Status = "Stopped"
	b, _ := json.Marshal(w)
	if code := f.admin(http.MethodPut, "/_mock/state", string(b), nil); code != http.StatusNoContent {
		t.Fatalf("PUT state: %d", code)
	}
	if in := f.describe("i-postpaid-vpc"); in.Status != "Stopped" {
		t.Fatalf("status = %s after PUT, want Stopped", in.Status)
	}
	var e adminError
	if code := f.admin(http.MethodPut, "/_mock/state", `{"Accounts":[{"AccessKeyId":"x"}]}`, &e); code != http.StatusBadRequest || e.Code != "InvalidWorld" {
		t.Fatalf("PUT invalid state: %d %+v", code, e)
	}
	if code := f.admin(http.MethodPut, "/_mock/state", `not json`, &e); code != http.StatusBadRequest {
		t.Fatalf("PUT non-JSON state: %d", code)
	}
}

func TestAdminCalls(t *testing.T) {
	f := newFixture(t, nil)
	f.describe("i-prepaid-vpc")
	var calls []Call
	if code := f.admin(http.MethodGet, "/_mock/calls", "", &calls); code != http.StatusOK || len(calls) != 1 ||
		calls[0].Action != "DescribeInstances" || calls[0].AccessKeyId != key1 || calls[0].HttpStatus != 200 {
		t.Fatalf("GET calls: %d %+v", code, calls)
	}
	var raw []map[string]any
	f.admin(http.MethodGet, "/_mock/calls", "", &raw)
	for name, v := range raw[0] {
		if s, ok := v.(string); ok && s == secret1 {
			t.Errorf("call field %s holds the secret", name)
		}
	}
	if code := f.admin(http.MethodDelete, "/_mock/calls", "", nil); code != http.StatusNoContent {
		t.Fatalf("DELETE calls: %d", code)
	}
	calls = nil
	if f.admin(http.MethodGet, "/_mock/calls", "", &calls); calls == nil || len(calls) != 0 {
		t.Fatalf("calls after DELETE: %+v (want an empty array)", calls)
	}
}

func TestAdminPay(t *testing.T) {
	f := newFixture(t, nil)
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "10", AutoPay: "false"})
	var o Order
	if code := f.admin(http.MethodPost, "/_mock/orders/"+orderID+"/pay", "", &o); code != http.StatusOK || o.PaymentStatus != orderPaid {
		t.Fatalf("pay: %d %+v", code, o)
	}
	if got := f.order(orderID); got.PaymentStatus != "Paid" {
		t.Fatalf("GetOrderDetail after admin pay = %+v", got)
	}
	var e adminError
	if code := f.admin(http.MethodPost, "/_mock/orders/"+orderID+"/pay", "", &e); code != http.StatusConflict || e.Code != "IncorrectOrderStatus" {
		t.Fatalf("paying twice: %d %+v", code, e)
	}
	if code := f.admin(http.MethodPost, "/_mock/orders/42/pay", "", &e); code != http.StatusNotFound {
		t.Fatalf("paying an unknown order: %d %+v", code, e)
	}
}

func TestAdminClock(t *testing.T) {
	f := newFixture(t, nil)
	var before, after clockView
	f.admin(http.MethodGet, "/_mock/clock", "", &before)
	if code := f.admin(http.MethodPost, "/_mock/clock", `{"Advance":"2h"}`, &after); code != http.StatusOK {
		t.Fatalf("advance: %d", code)
	}
	if d := after.Now.Sub(before.Now); d < 2*time.Hour || d > 2*time.Hour+time.Minute {
		t.Fatalf("clock moved %v, want 2h", d)
	}
	// The clock drives expiry: an instance expiring within the hour becomes
	// refused once the clock passes it.
	w := f.srv.State()
	w.Accounts[0].instance("i-prepaid-vpc").ExpiredTime = after.Now.Add(time.Hour).Format(time.RFC3339)
	if err := f.srv.SetState(w); err != nil {
		t.Fatal(err)
	}
	f.mustModify("i-prepaid-vpc", spec{Out: "6"})
	f.admin(http.MethodPost, "/_mock/clock", `{"Advance":"3h"}`, nil)
	_, err := f.modify("i-prepaid-vpc", spec{Out: "7"})
	wantAPIError(t, err, "InstanceExpiredOrInArrears", 403)

	for _, body := range []string{`{"Advance":"-1h"}`, `{"Advance":"soon"}`, `[]`} {
		var e adminError
		if code := f.admin(http.MethodPost, "/_mock/clock", body, &e); code != http.StatusBadRequest {
			t.Errorf("POST clock %s: %d, want 400", body, code)
		}
	}
}

func TestAdminUnknownPath(t *testing.T) {
	f := newFixture(t, nil)
	var e adminError
	if code := f.admin(http.MethodPost, "/_mock/chaos", `{}`, &e); code != http.StatusNotFound || e.Code != "NotFound" {
		t.Fatalf("POST /_mock/chaos: %d %+v", code, e)
	}
	if code := f.admin(http.MethodPut, "/_mock/faults", `{}`, &e); code != http.StatusNotFound || e.Code != "NotFound" {
		t.Fatalf("PUT /_mock/faults: %d %+v", code, e)
	}
}

func TestHealth(t *testing.T) {
	f := newFixture(t, nil)
	var h healthView
	if status := f.admin(http.MethodGet, "/_mock/health", "", &h); status != http.StatusOK || h.Status != "ok" || h.Version != Version || h.Version == "" {
		t.Fatalf("GET /_mock/health: %d %+v, want 200 ok with version %q", status, h, Version)
	}
}

// TestReset: after changes, an order, calls, a fault and a clock move,
// POST /_mock/reset gives the seed world back with nothing else left.
func TestReset(t *testing.T) {
	seed := DefaultWorld()
	seed.account(key1).instance("i-postpaid-vpc").InternetMaxBandwidthOut = 9
	f := newFixture(t, &seed)
	f.mustModify("i-postpaid-vpc", spec{Out: "20", Token: "before-reset"})
	f.mustModify("i-prepaid-vpc", spec{Out: "30"})
	if err := f.srv.AddFault(FaultRule{Action: "*", Kind: FaultError, Code: "InternalError"}); err != nil {
		t.Fatal(err)
	}
	f.srv.AdvanceClock(3 * time.Hour)

	if status := f.admin(http.MethodPost, "/_mock/reset", "", nil); status != http.StatusNoContent {
		t.Fatalf("POST /_mock/reset: %d, want 204", status)
	}
	var clock clockView
	f.admin(http.MethodGet, "/_mock/clock", "", &clock)
	if clock.Offset != "0s" {
		t.Errorf("clock offset after reset = %s, want 0s", clock.Offset)
	}
	if n := len(f.srv.Faults()); n != 0 {
		t.Errorf("%d fault rules after reset", n)
	}
	if n := len(f.srv.Calls()); n != 0 {
		t.Errorf("%d calls after reset", n)
	}
	w := f.srv.State()
	a := w.account(key1)
	if in := a.instance("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 9 || len(in.PendingChanges) != 0 {
		t.Errorf("i-postpaid-vpc after reset: out %d, pending %+v; want the seed's 9", in.InternetMaxBandwidthOut, in.PendingChanges)
	}
	if len(a.Orders) != 0 || len(a.ClientTokens) != 0 {
		t.Errorf("orders %+v and tokens %+v survived the reset", a.Orders, a.ClientTokens)
	}
	// The API answers again (the fault is gone) and the token is free.
	f.mustModify("i-postpaid-vpc", spec{Out: "21", Token: "before-reset"})
}
