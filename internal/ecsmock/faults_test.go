package ecsmock

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

func (f *fixture) addFault(rule FaultRule) {
	f.t.Helper()
	if err := f.srv.AddFault(rule); err != nil {
		f.t.Fatalf("AddFault(%+v): %v", rule, err)
	}
}

// orders lists the orders of the first account, pending or not.
func (f *fixture) orders() []Order {
	f.t.Helper()
	return f.srv.State().Accounts[0].Orders
}

// onlyCall returns the one call recorded.
func (f *fixture) onlyCall() Call {
	f.t.Helper()
	calls := f.srv.Calls()
	if len(calls) != 1 {
		f.t.Fatalf("calls = %+v, want exactly 1", calls)
	}
	return calls[0]
}

// wantTransportError asserts the SDK saw a broken exchange, not an answer.
func wantTransportError(t *testing.T, err error) {
	t.Helper()
	var se *sdkerrors.ServerError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("error = %v, want a transport error", err)
	}
}

func TestFaultRuleNormalize(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rule    FaultRule
		want    FaultRule // after defaults; checked when wantErr is empty
		wantErr string
	}{
		{"throttling defaults",
			FaultRule{Action: "*", Kind: FaultError, Code: "Throttling"},
			FaultRule{Action: "*", Kind: FaultError, Code: "Throttling", HttpStatus: 400, Message: "Request was denied due to request throttling."}, ""},
		{"service unavailable defaults",
			FaultRule{Action: "DescribeInstances", Kind: FaultError, Code: "ServiceUnavailable", Probability: 0.1, Seed: 3},
			FaultRule{Action: "DescribeInstances", Kind: FaultError, Code: "ServiceUnavailable", Probability: 0.1, Seed: 3, HttpStatus: 503,
				Message: "The request has failed due to a temporary failure of the server."}, ""},
		{"status given for a well-known code",
			FaultRule{Action: "*", Kind: FaultError, Code: "LastOrderProcessing", HttpStatus: 400},
			FaultRule{Action: "*", Kind: FaultError, Code: "LastOrderProcessing", HttpStatus: 400, Message: "The previous order is still processing, please try again later."}, ""},
		{"custom code",
			FaultRule{Action: "GetOrderDetail", Kind: FaultError, Code: "Custom.Code", HttpStatus: 409, Count: 2},
			FaultRule{Action: "GetOrderDetail", Kind: FaultError, Code: "Custom.Code", HttpStatus: 409, Count: 2, Message: "The request could not be processed."}, ""},
		{"ratelimit defaults",
			FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: 2.5},
			FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: 2.5, Burst: 3, Code: "Throttling", HttpStatus: 400, Message: "Request was denied due to request throttling."}, ""},
		{"slow ratelimit bursts one",
			FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: 0.01},
			FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: 0.01, Burst: 1, Code: "Throttling", HttpStatus: 400, Message: "Request was denied due to request throttling."}, ""},
		{"delay", FaultRule{Action: "*", Kind: FaultDelay, Duration: time.Second}, FaultRule{Action: "*", Kind: FaultDelay, Duration: time.Second}, ""},
		{"drop for one key", FaultRule{Action: "ModifyInstanceNetworkSpec", AccessKeyId: key1, Kind: FaultDrop, Count: 1},
			FaultRule{Action: "ModifyInstanceNetworkSpec", AccessKeyId: key1, Kind: FaultDrop, Count: 1}, ""},

		{"no action", FaultRule{Kind: FaultReset}, FaultRule{}, "Action is required"},
		{"unknown action", FaultRule{Action: "RebootEverything", Kind: FaultReset}, FaultRule{}, `"RebootEverything" is not served`},
		{"unknown kind", FaultRule{Action: "*", Kind: "explode"}, FaultRule{}, `Kind "explode"`},
		{"negative count", FaultRule{Action: "*", Kind: FaultReset, Count: -1}, FaultRule{}, "negative Count"},
		{"probability above 1", FaultRule{Action: "*", Kind: FaultReset, Probability: 1.5}, FaultRule{}, "Probability"},
		{"probability NaN", FaultRule{Action: "*", Kind: FaultReset, Probability: math.NaN()}, FaultRule{}, "Probability"},
		{"error without code", FaultRule{Action: "*", Kind: FaultError, HttpStatus: 500}, FaultRule{}, "needs a Code"},
		{"unknown code without status", FaultRule{Action: "*", Kind: FaultError, Code: "Nope"}, FaultRule{}, "give its HttpStatus"},
		{"success status", FaultRule{Action: "*", Kind: FaultError, Code: "Nope", HttpStatus: 200}, FaultRule{}, "between 400 and 599"},
		{"delay without duration", FaultRule{Action: "*", Kind: FaultDelay}, FaultRule{}, "needs a Duration"},
		{"ratelimit without rate", FaultRule{Action: "*", Kind: FaultRateLimit}, FaultRule{}, "PerSecond"},
		{"ratelimit infinite", FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: math.Inf(1)}, FaultRule{}, "PerSecond"},
		{"ratelimit with count", FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: 1, Count: 3}, FaultRule{}, "not used by kind ratelimit: Count"},
		{"code on a reset", FaultRule{Action: "*", Kind: FaultReset, Code: "Throttling"}, FaultRule{}, "not used by kind reset: Code"},
		{"duration on an error", FaultRule{Action: "*", Kind: FaultError, Code: "Throttling", Duration: time.Second}, FaultRule{}, "not used by kind error: Duration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.rule
			err := got.normalize()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("normalize(%+v) = %v, want an error with %q", tc.rule, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("normalize(%+v) = %+v, %v; want %+v", tc.rule, got, err, tc.want)
			}
		})
	}
}

// TestFaultError: an error rule answers the API's error for its code and
// processes nothing; the ClientToken stays unused.
func TestFaultError(t *testing.T) {
	for _, tc := range []struct {
		rule    FaultRule
		status  int
		message string
	}{
		{FaultRule{Code: "Throttling"}, 400, "Request was denied due to request throttling."},
		{FaultRule{Code: "ServiceUnavailable"}, 503, "The request has failed due to a temporary failure of the server."},
		{FaultRule{Code: "InternalError"}, 500, "The request processing has failed due to some unknown error, exception or failure."},
		{FaultRule{Code: "LastOrderProcessing"}, 403, "The previous order is still processing, please try again later."},
		{FaultRule{Code: "LastOrderProcessing", HttpStatus: 400}, 400, "The previous order is still processing, please try again later."},
		{FaultRule{Code: "Custom.Code", HttpStatus: 409, Message: "Something custom."}, 409, "Something custom."},
	} {
		t.Run(tc.rule.Code+"/"+http.StatusText(tc.status), func(t *testing.T) {
			f := newFixture(t, nil)
			rule := tc.rule
			rule.Action, rule.Kind, rule.Count = "ModifyInstanceNetworkSpec", FaultError, 1
			f.addFault(rule)

			_, err := f.modify("i-prepaid-vpc", spec{Out: "9", Token: "tok-error"})
			wantAPIError(t, err, tc.rule.Code, tc.status)
			var se *sdkerrors.ServerError
			if errors.As(err, &se) && se.Message() != tc.message {
				t.Errorf("message = %q, want %q", se.Message(), tc.message)
			}
			if n := len(f.orders()); n != 0 {
				t.Fatalf("%d orders after a faulted call, want 0", n)
			}
			if c := f.onlyCall(); c.HttpStatus != tc.status || c.Code != tc.rule.Code || c.Fault != FaultError || c.InstanceId != "i-prepaid-vpc" {
				t.Errorf("call = %+v", c)
			}
			orderID := f.mustModify("i-prepaid-vpc", spec{Out: "9", Token: "tok-error"})
			if orders := f.orders(); len(orders) != 1 || orders[0].OrderId != orderID {
				t.Fatalf("orders after the retry = %+v, want the one %s", orders, orderID)
			}
		})
	}
}

// TestFaultMatching: a rule catches its action ("*": all) and, when set,
// its AccessKeyId only.
func TestFaultMatching(t *testing.T) {
	type probe struct {
		key, secret, action string
		extra               map[string]string
	}
	probes := []probe{
		{key1, secret1, "DescribeInstances", nil},
		{key2, secret2, "DescribeInstances", nil},
		{key1, secret1, "DescribeInstanceAttribute", map[string]string{"InstanceId": "i-postpaid-vpc"}},
		{key2, secret2, "DescribeInstanceAttribute", map[string]string{"InstanceId": "i-other-account"}},
	}
	for _, tc := range []struct {
		name    string
		rule    FaultRule
		faulted []bool // per probe
	}{
		{"every action", FaultRule{Action: "*"}, []bool{true, true, true, true}},
		{"one action", FaultRule{Action: "DescribeInstances"}, []bool{true, true, false, false}},
		{"one key", FaultRule{Action: "*", AccessKeyId: key2}, []bool{false, true, false, true}},
		{"one action of one key", FaultRule{Action: "DescribeInstanceAttribute", AccessKeyId: key1}, []bool{false, false, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			rule := tc.rule
			rule.Kind, rule.Code = FaultError, "ServiceUnavailable"
			f.addFault(rule)
			for i, p := range probes {
				c := &rawClient{base: f.http.URL, key: p.key, secret: p.secret, method: http.MethodPost}
				status, body := c.call(t, ecsVersion, p.action, p.extra)
				if got := status == 503 && body["Code"] == "ServiceUnavailable"; got != tc.faulted[i] {
					t.Errorf("%s as %s: %d %v, faulted %v, want %v", p.action, p.key, status, body["Code"], got, tc.faulted[i])
				}
			}
		})
	}
}

// TestFaultCount: a Count rule fires on that many matching calls, then
// lets calls through.
func TestFaultCount(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "DescribeInstances", Kind: FaultError, Code: "Throttling", Count: 2})
	c := f.raw(http.MethodPost)
	var got []int
	for range 4 {
		status, _ := c.call(t, ecsVersion, "DescribeInstances", nil)
		got = append(got, status)
	}
	if want := []int{400, 400, 200, 200}; !equalInts(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	if st := f.srv.Faults(); len(st) != 1 || st[0].Fired != 2 {
		t.Fatalf("Faults() = %+v, want one rule fired twice", st)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// faultSequence sends n calls under a probability rule and returns which
// were faulted.
func faultSequence(t *testing.T, rule FaultRule, n int) string {
	t.Helper()
	f := newFixture(t, nil)
	f.addFault(rule)
	c := f.raw(http.MethodPost)
	var b strings.Builder
	for range n {
		status, _ := c.call(t, ecsVersion, "DescribeInstances", nil)
		switch status {
		case 503:
			b.WriteByte('x')
		case 200:
			b.WriteByte('.')
		default:
			t.Fatalf("status %d", status)
		}
	}
	return b.String()
}

// TestFaultProbabilitySeeded: the same seed gives the same faults, another
// seed others; with a Count, no more than Count fire.
func TestFaultProbabilitySeeded(t *testing.T) {
	rule := FaultRule{Action: "DescribeInstances", Kind: FaultError, Code: "ServiceUnavailable", Probability: 0.5, Seed: 7}
	first := faultSequence(t, rule, 40)
	if again := faultSequence(t, rule, 40); again != first {
		t.Fatalf("seed 7 gave %s, then %s", first, again)
	}
	if !strings.Contains(first, "x") || !strings.Contains(first, ".") {
		t.Fatalf("probability 0.5 over 40 calls gave %s", first)
	}
	rule.Seed = 8
	if other := faultSequence(t, rule, 40); other == first {
		t.Fatalf("seeds 7 and 8 gave the same %s", first)
	}
	// Capped at 3, the rule draws as before until its third fault, then
	// stops firing.
	rule.Seed, rule.Count = 7, 3
	third := nthIndex(first, 'x', 3)
	if third < 0 {
		t.Fatalf("seed 7 gave fewer than 3 faults: %s", first)
	}
	want := first[:third+1] + strings.Repeat(".", len(first)-third-1)
	if capped := faultSequence(t, rule, 40); capped != want {
		t.Fatalf("Count 3 gave %s, want %s", capped, want)
	}
}

// nthIndex is the index of the nth c in s, or -1.
func nthIndex(s string, c byte, n int) int {
	for i := range len(s) {
		if s[i] == c {
			if n--; n == 0 {
				return i
			}
		}
	}
	return -1
}

// TestFaultDelay: a delayed call is processed and answered after the
// delay; a client that gives up first, or a server that closes, ends the
// wait and nothing is processed.
func TestFaultDelay(t *testing.T) {
	t.Run("answers late", func(t *testing.T) {
		f := newFixture(t, nil)
		f.addFault(FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: FaultDelay, Duration: 150 * time.Millisecond})
		start := time.Now()
		f.mustModify("i-postpaid-vpc", spec{Out: "7"})
		if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
			t.Fatalf("answered after %v, before the delay", elapsed)
		}
		if c := f.onlyCall(); c.HttpStatus != 200 || c.Code != "" || c.Fault != FaultDelay {
			t.Errorf("call = %+v", c)
		}
		if in := f.stateInstance("i-postpaid-vpc"); len(in.PendingChanges) != 1 {
			t.Fatalf("pending changes = %+v, want the delayed one", in.PendingChanges)
		}
	})
	t.Run("client gives up", func(t *testing.T) {
		f := newFixture(t, nil)
		f.addFault(FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: FaultDelay, Duration: time.Minute})
		req := ecs.CreateModifyInstanceNetworkSpecRequest()
		f.target(req.RpcRequest)
		req.InstanceId = "i-prepaid-vpc"
		req.InternetMaxBandwidthOut = "9"
		req.SetReadTimeout(200 * time.Millisecond)
		_, err := f.ecs(key1, secret1).ModifyInstanceNetworkSpec(req)
		wantTransportError(t, err)
		waitFor(t, "the abandoned call to be recorded", func() bool { return len(f.srv.Calls()) == 1 })
		if c := f.onlyCall(); c.HttpStatus != 0 || c.Code != CodeClientDisconnected || c.Fault != FaultDelay {
			t.Errorf("call = %+v", c)
		}
		if n := len(f.orders()); n != 0 {
			t.Fatalf("%d orders from an abandoned call", n)
		}
	})
	t.Run("server closes", func(t *testing.T) {
		f := newFixture(t, nil)
		f.addFault(FaultRule{Action: "DescribeInstances", Kind: FaultDelay, Duration: time.Hour})
		errs := make(chan error, 1)
		go func() {
			req := ecs.CreateDescribeInstancesRequest()
			f.target(req.RpcRequest)
			req.SetReadTimeout(time.Minute)
			_, err := f.ecs(key1, secret1).DescribeInstances(req)
			errs <- err
		}()
		waitFor(t, "the call to be held", func() bool { return f.srv.Faults()[0].Fired == 1 })
		if err := f.srv.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-errs:
			wantTransportError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("the held call outlived the server")
		}
		if c := f.onlyCall(); c.HttpStatus != 0 || c.Code != CodeServerClosed || c.Fault != FaultDelay {
			t.Errorf("call = %+v", c)
		}
	})
}

// TestFaultReset: the connection is reset before processing: no order, the
// token unused, and the retry places the one order.
func TestFaultReset(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: FaultReset, Count: 1})
	_, err := f.modify("i-prepaid-vpc", spec{Out: "9", Token: "tok-reset"})
	wantTransportError(t, err)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("error = %v, want a connection reset", err)
	}
	if n := len(f.orders()); n != 0 {
		t.Fatalf("%d orders after a reset", n)
	}
	if c := f.onlyCall(); c.HttpStatus != 0 || c.Code != CodeConnectionReset || c.Fault != FaultReset || c.InstanceId != "i-prepaid-vpc" {
		t.Errorf("call = %+v", c)
	}
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "9", Token: "tok-reset"})
	if orders := f.orders(); len(orders) != 1 || orders[0].OrderId != orderID {
		t.Fatalf("orders = %+v, want the one %s", orders, orderID)
	}
}

// TestFaultDrop: the call is processed, its order real, and the client
// gets no answer; the retry with the same token finds that order.
func TestFaultDrop(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: FaultDrop, Count: 2})
	_, err := f.modify("i-prepaid-vpc", spec{Out: "9", Token: "tok-drop"})
	wantTransportError(t, err)
	if !errors.Is(err, io.EOF) {
		t.Errorf("error = %v, want the connection closed (EOF)", err)
	}
	orders := f.orders()
	if len(orders) != 1 || orders[0].ClientToken != "tok-drop" || orders[0].InstanceId != "i-prepaid-vpc" {
		t.Fatalf("orders after a dropped answer = %+v, want the one placed", orders)
	}
	if in := f.stateInstance("i-prepaid-vpc"); len(in.PendingChanges) != 1 || in.PendingChanges[0].InternetMaxBandwidthOut != 9 {
		t.Fatalf("pending changes = %+v, want out 9", in.PendingChanges)
	}
	c := f.onlyCall()
	if c.HttpStatus != 0 || c.Code != CodeConnectionDropped || c.Fault != FaultDrop || c.ProcessedHttpStatus != 200 || c.ProcessedCode != "" {
		t.Errorf("call = %+v", c)
	}

	// A refused call is dropped the same way, its refusal kept.
	_, err = f.modify("i-nope", spec{Out: "9"})
	wantTransportError(t, err)
	if c := f.srv.Calls()[1]; c.Code != CodeConnectionDropped || c.ProcessedHttpStatus != 404 || c.ProcessedCode != "InvalidInstanceId.NotFound" {
		t.Errorf("dropped refusal = %+v", c)
	}

	if orderID := f.mustModify("i-prepaid-vpc", spec{Out: "9", Token: "tok-drop"}); orderID != orders[0].OrderId {
		t.Fatalf("retry returned order %q, want the dropped call's %s", orderID, orders[0].OrderId)
	}
	if n := len(f.orders()); n != 1 {
		t.Fatalf("%d orders after the retry, want 1", n)
	}
}

// TestFaultProxy502: an HTML 502 as from a proxy; nothing processed.
func TestFaultProxy502(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: FaultProxy502, Count: 2})
	_, err := f.modify("i-prepaid-vpc", spec{Out: "9"})
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) || se.HttpStatus() != 502 || se.ErrorCode() != "" || !strings.Contains(se.Message(), "502 Bad Gateway") {
		t.Fatalf("error = %v, want the SDK's error for a 502 page", err)
	}
	if n := len(f.orders()); n != 0 {
		t.Fatalf("%d orders after a 502", n)
	}
	if c := f.onlyCall(); c.HttpStatus != 502 || c.Code != CodeBadGateway || c.Fault != FaultProxy502 {
		t.Errorf("call = %+v", c)
	}

	resp, err := http.Post(f.http.URL+"/", "application/x-www-form-urlencoded",
		strings.NewReader("Action=ModifyInstanceNetworkSpec&Version=2014-05-26"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.HasPrefix(string(body), "<html>") {
		t.Fatalf("raw answer: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// TestRateLimit: each action and key has its bucket; calls beyond it are
// throttled until the simulated clock refills it.
func TestRateLimit(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "DescribeInstances", Kind: FaultRateLimit, PerSecond: 0.01, Burst: 3})
	c := f.raw(http.MethodPost)
	describe := func() int {
		status, _ := c.call(t, ecsVersion, "DescribeInstances", nil)
		return status
	}
	var got []int
	for range 5 {
		got = append(got, describe())
	}
	if want := []int{200, 200, 200, 400, 400}; !equalInts(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}

	req := ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	_, err := f.ecs(key1, secret1).DescribeInstances(req)
	wantAPIError(t, err, "Throttling", 400)
	var se *sdkerrors.ServerError
	if errors.As(err, &se) && se.Message() != "Request was denied due to request throttling." {
		t.Errorf("message = %q", se.Message())
	}
	if status, _ := c.call(t, ecsVersion, "DescribeInstanceAttribute", map[string]string{"InstanceId": "i-postpaid-vpc"}); status != 200 {
		t.Errorf("another action: %d, want 200", status)
	}
	other := &rawClient{base: f.http.URL, key: key2, secret: secret2, method: http.MethodPost}
	if status, _ := other.call(t, ecsVersion, "DescribeInstances", nil); status != 200 {
		t.Errorf("another key: %d, want 200", status)
	}

	f.srv.AdvanceClock(100 * time.Second)
	if a, b := describe(), describe(); a != 200 || b != 400 {
		t.Fatalf("after 100s at 0.01/s: %d then %d, want 200 then 400", a, b)
	}
	throttled := 0
	for _, call := range f.srv.Calls() {
		if call.Fault == FaultRateLimit {
			throttled++
			if call.HttpStatus != 400 || call.Code != "Throttling" {
				t.Errorf("throttled call = %+v", call)
			}
		}
	}
	if throttled != 4 || f.srv.Faults()[0].Fired != 4 {
		t.Fatalf("%d throttled calls recorded, rule fired %d; want 4", throttled, f.srv.Faults()[0].Fired)
	}
}

// TestFaultsBeforeSignature: faults are decided before the protocol
// checks, as a gateway throttles before authenticating: a faulted call
// spends no nonce, and a wrongly signed one is faulted all the same.
func TestFaultsBeforeSignature(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "DescribeInstances", Kind: FaultError, Code: "Throttling", Count: 1})
	c := f.raw(http.MethodPost)
	p := c.commonParams(ecsVersion, "DescribeInstances")
	replay := map[string]string{}
	for n, v := range p {
		replay[n] = v
	}
	if status, body := c.send(t, p); status != 400 || body["Code"] != "Throttling" {
		t.Fatalf("first send: %d %v", status, body)
	}
	if status, body := c.send(t, replay); status != 200 {
		t.Fatalf("same call again: %d %v, want 200 (nonce not spent)", status, body)
	}
	f.addFault(FaultRule{Action: "DescribeInstances", Kind: FaultError, Code: "Throttling", Count: 1})
	wrong := &rawClient{base: f.http.URL, key: key1, secret: "wrong", method: http.MethodPost}
	if status, body := wrong.call(t, ecsVersion, "DescribeInstances", nil); status != 400 || body["Code"] != "Throttling" {
		t.Fatalf("wrongly signed call under a fault: %d %v, want Throttling", status, body)
	}
}

// TestClearFaults: no rule, no fault.
func TestClearFaults(t *testing.T) {
	f := newFixture(t, nil)
	f.addFault(FaultRule{Action: "*", Kind: FaultError, Code: "InternalError"})
	f.addFault(FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: 0.01})
	c := f.raw(http.MethodPost)
	if status, _ := c.call(t, ecsVersion, "DescribeInstances", nil); status != 500 {
		t.Fatalf("with the rules: %d, want 500", status)
	}
	f.srv.ClearFaults()
	if n := len(f.srv.Faults()); n != 0 {
		t.Fatalf("%d rules after ClearFaults", n)
	}
	for range 3 {
		if status, _ := c.call(t, ecsVersion, "DescribeInstances", nil); status != 200 {
			t.Fatalf("after ClearFaults: %d, want 200", status)
		}
	}
}

// TestRateLimitBuckets: unknown actions share a bucket, and past
// maxBuckets the full ones (no different from new ones) are forgotten.
func TestRateLimitBuckets(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &faultRule{FaultRule: FaultRule{Action: "*", Kind: FaultRateLimit, PerSecond: 1, Burst: 1}, buckets: map[string]*tokenBucket{}}
	if r.bucket("Nope", key1, now) != r.bucket("AlsoNope", key1, now) {
		t.Fatal("two unknown actions have their own buckets")
	}
	if r.bucket("DescribeInstances", key1, now) == r.bucket("DescribeInstances", key2, now) {
		t.Fatal("two keys share a bucket")
	}
	for i := len(r.buckets); i < maxBuckets; i++ {
		r.bucket("DescribeInstances", fmt.Sprintf("key-%d", i), now)
	}
	r.bucket("DescribeInstances", key1, now).take(now, 1, 1)
	r.bucket("DescribeInstances", "one more", now)
	if len(r.buckets) != 2 {
		t.Fatalf("%d buckets, want the used one and the new one", len(r.buckets))
	}
	if r.bucket("DescribeInstances", key1, now).take(now, 1, 1) {
		t.Fatal("the used bucket was forgotten, its limit with it")
	}
}
