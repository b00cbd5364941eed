package tfharness

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

func TestAdminReadsCallsAndState(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		requests = append(requests, r.Method+" "+r.URL.Path+" "+string(body))
		mu.Unlock()
		switch r.Method + " " + r.URL.Path {
		case "GET /_mock/calls":
			_, _ = w.Write([]byte(`[
{"Time":"2026-11-27T10:00:00.1Z","Action":"DescribeInstances","AccessKeyId":"mock-access-key","InstanceId":"i-prepaid-vpc","HttpStatus":200,"Code":"","RequestId":"r1"},
{"Time":"2026-11-27T10:00:00.3Z","Action":"ModifyInstanceNetworkSpec","AccessKeyId":"mock-access-key","InstanceId":"i-postpaid-vpc","HttpStatus":400,"Code":"InvalidParameter.Bandwidth","RequestId":"r3"}]`))
		case "GET /_mock/state":
			_, _ = w.Write([]byte(`{"Accounts":[{"AccessKeyId":"mock-access-key","Balance":1000.0,"Instances":[{"InstanceId":"i-prepaid-vpc","InstanceChargeType":"PrePaid","InternetMaxBandwidthOut":20,"PublicIpAddress":{"IpAddress":["47.0.0.1"]}}],
 "Orders":[{"OrderId":"o-1","InstanceId":"i-prepaid-vpc","PaymentStatus":"Paid","CreateTime":"2026-11-27T10:00:00.2Z","PaymentTime":"2026-11-27T10:00:01.2Z"}]}]}`))
		case "DELETE /_mock/calls":
			w.WriteHeader(http.StatusNoContent)
		case "POST /_mock/faults":
			w.WriteHeader(http.StatusCreated)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	a := NewAdmin(srv.URL, 10*time.Second)
	ctx := t.Context()

	calls, err := a.Calls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 || calls[1].Code != "InvalidParameter.Bandwidth" || calls[1].HttpStatus != 400 || calls[0].Action != "DescribeInstances" {
		t.Errorf("calls = %+v", calls)
	}
	w, err := a.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acct := w.Accounts[0]
	if acct.Instances[0].InternetMaxBandwidthOut != 20 || acct.Instances[0].PublicIpAddress.IpAddress[0] != "47.0.0.1" ||
		acct.Orders[0].PaymentTime.Sub(acct.Orders[0].CreateTime) != time.Second {
		t.Errorf("state = %+v", w)
	}
	if err := a.ClearCalls(ctx); err != nil {
		t.Errorf("ClearCalls: %v", err)
	}
	rule := map[string]any{"Action": "ModifyInstanceNetworkSpec", "Kind": "ratelimit", "PerSecond": 2.5}
	if err := a.AddFault(ctx, rule); err != nil {
		t.Errorf("AddFault: %v", err)
	}
	raw, _ := json.Marshal(rule)
	want := []string{"GET /_mock/calls ", "GET /_mock/state ", "DELETE /_mock/calls ", "POST /_mock/faults " + string(raw)}
	if strings.Join(requests, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests =\n%s\nwant\n%s", strings.Join(requests, "\n"), strings.Join(want, "\n"))
	}
}

func TestAdminErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_mock/calls" {
			_, _ = w.Write([]byte(`not json`))
			return
		}
		http.Error(w, "unknown fault kind", http.StatusBadRequest)
	}))
	defer srv.Close()
	a := NewAdmin(srv.URL, 10*time.Second)
	tests := []struct {
		name string
		do   func() error
		want string
	}{
		{"state on HTTP 400", func() error { _, err := a.State(t.Context()); return err }, "GET /_mock/state: HTTP 400: unknown fault kind"},
		{"calls with a bad body", func() error { _, err := a.Calls(t.Context()); return err }, "GET /_mock/calls: decode"},
		{"fault refused", func() error { return a.AddFault(t.Context(), map[string]any{"Kind": "x"}) }, "POST /_mock/faults: HTTP 400: unknown fault kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCountAction(t *testing.T) {
	calls := []ecsmock.Call{
		{Action: "DescribeInstances"},
		{Action: "ModifyInstanceNetworkSpec", HttpStatus: 200},
		{Action: "ModifyInstanceNetworkSpec", HttpStatus: 400},
	}
	tests := []struct {
		action string
		want   int
	}{
		{"ModifyInstanceNetworkSpec", 2},
		{"DescribeInstances", 1},
		{"GetOrderDetail", 0},
	}
	for _, tt := range tests {
		if got := CountAction(calls, tt.action); got != tt.want {
			t.Errorf("CountAction(%s) = %d, want %d", tt.action, got, tt.want)
		}
	}
}

// TestAdminAgainstSimulator drives a real simulator, whose admin API takes
// state-changing calls as JSON only and whose call log is bounded.
func TestAdminAgainstSimulator(t *testing.T) {
	sim, err := ecsmock.New(ecsmock.Config{MaxCalls: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() {
		srv.Close()
		_ = sim.Close()
	})
	a := NewAdmin(srv.URL, 10*time.Second)
	ctx := t.Context()
	if err := a.AddFault(ctx, map[string]any{"Action": "*", "Kind": "error", "Code": "Throttling"}); err != nil {
		t.Fatalf("AddFault: %v", err)
	}
	if faults := sim.Faults(); len(faults) != 1 || faults[0].Code != "Throttling" {
		t.Fatalf("faults after AddFault = %+v", faults)
	}
	if _, err := a.State(ctx); err != nil {
		t.Fatalf("State: %v", err)
	}
	for range 2 {
		resp, err := http.Get(srv.URL + "/?Action=DescribeInstances")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if _, err := a.Calls(ctx); err == nil || !strings.Contains(err.Error(), "dropped the 1 oldest calls") {
		t.Fatalf("Calls with one call dropped: %v, want an error naming the dropped call", err)
	}
	if err := a.ClearCalls(ctx); err != nil {
		t.Fatalf("ClearCalls: %v", err)
	}
	if calls, err := a.Calls(ctx); err != nil || len(calls) != 0 {
		t.Fatalf("Calls after ClearCalls = %v, %v", calls, err)
	}
}
