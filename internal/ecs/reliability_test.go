package ecs

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// faultClient starts a simulator with the default world and returns a
// client of its first account whose requests time out after readTimeout
// (zero: the client's default).
func faultClient(t *testing.T, readTimeout time.Duration) (*conns.Client, *ecsmock.Server) {
	t.Helper()
	srv, err := ecsmock.New(ecsmock.Config{Settle: 50 * time.Millisecond, PayDelay: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	host := strings.TrimPrefix(ts.URL, "http://")
	client, err := conns.New(conns.Config{
		Region:      "cn-hangzhou",
		Credentials: credentials.NewStaticAKCredentialsProvider("mock-access-key", "mock-secret"),
		ECSEndpoint: host,
		BSSEndpoint: host,
		Scheme:      conns.SchemeHTTP,
		ReadTimeout: readTimeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	return client, srv
}

func countCalls(srv *ecsmock.Server, action string) int {
	n := 0
	for _, c := range srv.Calls() {
		if c.Action == action {
			n++
		}
	}
	return n
}

// TestApplyChangeUnderTransportFaults: whatever happens to the connection
// of ModifyInstanceNetworkSpec, the change is made once, with one order.
func TestApplyChangeUnderTransportFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault ecsmock.FaultRule
		// wantCalls is how many ModifyInstanceNetworkSpec calls the
		// simulator records: the faulted one and its retry.
		wantCalls int
	}{
		{"answer held past the read timeout",
			ecsmock.FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: ecsmock.FaultDelay, Duration: 3 * time.Second, Count: 1}, 2},
		{"connection reset before processing",
			ecsmock.FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: ecsmock.FaultReset, Count: 1}, 2},
		{"answer dropped after the order was placed",
			ecsmock.FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: ecsmock.FaultDrop, Count: 1}, 2},
		{"proxy answering HTML 502",
			ecsmock.FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: ecsmock.FaultProxy502, Count: 2}, 3},
		{"last order still processing",
			ecsmock.FaultRule{Action: "ModifyInstanceNetworkSpec", Kind: ecsmock.FaultError, Code: "LastOrderProcessing", Count: 1}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, srv := faultClient(t, 500*time.Millisecond)
			const id = "i-prepaid-vpc"
			inst, err := findInstance(t.Context(), client, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.AddFault(tt.fault); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			res, err := sendChange(ctx, client, factsOf(inst), change{Out: i64(10), AutoPay: true}, "", nil)
			if err != nil {
				t.Fatalf("applyChange: %v", err)
			}
			orders := simOrders(srv, id)
			if len(orders) != 1 || orders[0].OrderId != res.OrderID {
				t.Fatalf("orders = %+v, want exactly the one order %q", orders, res.OrderID)
			}
			if n := countCalls(srv, "ModifyInstanceNetworkSpec"); n != tt.wantCalls {
				t.Errorf("ModifyInstanceNetworkSpec calls = %d, want %d", n, tt.wantCalls)
			}
			if got := simInstance(t, srv, id).InternetMaxBandwidthOut; got != 10 {
				t.Errorf("out = %d, want 10", got)
			}
		})
	}
}

// TestApplyChangeResumesOnOrder: given the order a previous apply placed,
// applyChange sends nothing and waits on it, or reports it cancelled.
func TestApplyChangeResumesOnOrder(t *testing.T) {
	tests := []struct {
		name    string
		settle  func(srv *ecsmock.Server, orderID string) error
		wantErr func(error) bool
		wantOut int
	}{
		{"paid meanwhile", func(srv *ecsmock.Server, id string) error { return srv.PayOrder(id) },
			func(err error) bool { return err == nil }, 10},
		{"left unpaid", func(*ecsmock.Server, string) error { return nil },
			func(err error) bool { var ou *orderUnpaidError; return errors.As(err, &ou) }, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, srv := faultClient(t, 0)
			const id = "i-prepaid-vpc"
			inst, err := findInstance(t.Context(), client, id)
			if err != nil {
				t.Fatal(err)
			}
			c := change{Out: i64(10), AutoPay: false}
			short, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
			first, err := sendChange(short, client, factsOf(inst), c, "", nil)
			cancel()
			if first.OrderID == "" || err == nil {
				t.Fatalf("first apply: order %q, err %v; want an order left unpaid", first.OrderID, err)
			}
			if err := tt.settle(srv, first.OrderID); err != nil {
				t.Fatal(err)
			}
			srv.ResetCalls()

			// Room for the order's check and the spec's, a second apart.
			ctx, cancel := context.WithTimeout(t.Context(), 4*time.Second)
			defer cancel()
			res, err := sendChange(ctx, client, factsOf(inst), c, first.OrderID, nil)
			if !tt.wantErr(err) {
				t.Fatalf("resumed apply: err = %v", err)
			}
			if res.OrderID != first.OrderID {
				t.Errorf("resumed on order %q, want %q", res.OrderID, first.OrderID)
			}
			if n := countCalls(srv, "ModifyInstanceNetworkSpec"); n != 0 {
				t.Errorf("the resumed apply sent %d ModifyInstanceNetworkSpec calls, want none", n)
			}
			if n := len(simOrders(srv, id)); n != 1 {
				t.Errorf("orders = %d, want 1", n)
			}
			if got := simInstance(t, srv, id).InternetMaxBandwidthOut; got != tt.wantOut {
				t.Errorf("out = %d, want %d", got, tt.wantOut)
			}
		})
	}
}
