package ecs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// simClient starts a simulator with the default world and returns a client
// of its first account.
// sendChange sends c to the instance from with a fresh token, or resumes
// on resumeOrderID, as a run that looked at nothing first; expect is the
// pace of the resource's last change, nil when none.
func sendChange(ctx context.Context, client *conns.Client, from instanceFacts, c change, resumeOrderID string, expect *changeTiming) (changeResult, error) {
	run := &changeRun{instanceID: from.InstanceID, change: c, from: from, token: newClientToken(), orderID: resumeOrderID}
	if expect != nil {
		run.expect = *expect
	}
	return run.send(ctx, client)
}

func simClient(t *testing.T) (*conns.Client, *ecsmock.Server) {
	t.Helper()
	return faultClient(t, 0)
}

func simOrders(srv *ecsmock.Server, instanceID string) []ecsmock.Order {
	var out []ecsmock.Order
	for _, a := range srv.State().Accounts {
		for _, o := range a.Orders {
			if o.InstanceId == instanceID {
				out = append(out, o)
			}
		}
	}
	return out
}

func simInstance(t *testing.T, srv *ecsmock.Server, id string) ecsmock.Instance {
	t.Helper()
	for _, a := range srv.State().Accounts {
		for _, inst := range a.Instances {
			if inst.InstanceId == id {
				return inst
			}
		}
	}
	t.Fatalf("no instance %s", id)
	return ecsmock.Instance{}
}

func TestApplyChange(t *testing.T) {
	tests := []struct {
		name       string
		instanceID string
		change     change
		timeout    time.Duration
		// during runs while applyChange waits, with the order placed so far.
		during     func(t *testing.T, client *conns.Client, srv *ecsmock.Server, orderID string)
		wantErr    func(error) bool
		wantOrders int
		wantOut    int
	}{
		{
			name: "prepaid upgrade waits for the paid order and the bandwidth", instanceID: "i-prepaid-vpc",
			change: change{Out: i64(10), AutoPay: true}, timeout: 10 * time.Second,
			wantErr: func(err error) bool { return err == nil }, wantOrders: 1, wantOut: 10,
		},
		{
			name: "postpaid change has no order", instanceID: "i-postpaid-vpc",
			change: change{Out: i64(30), AutoPay: true}, timeout: 10 * time.Second,
			wantErr: func(err error) bool { return err == nil }, wantOrders: 0, wantOut: 30,
		},
		{
			name: "unpaid order ends at the deadline", instanceID: "i-prepaid-vpc",
			change: change{Out: i64(10), AutoPay: false}, timeout: 1500 * time.Millisecond,
			wantErr: func(err error) bool {
				var ou *orderUnpaidError
				return errors.As(err, &ou) && ou.OrderID != ""
			},
			wantOrders: 1, wantOut: 5,
		},
		{
			name: "order paid by hand while waiting", instanceID: "i-prepaid-vpc",
			change: change{Out: i64(10), AutoPay: false}, timeout: 10 * time.Second,
			during: func(t *testing.T, _ *conns.Client, srv *ecsmock.Server, orderID string) {
				if err := srv.PayOrder(orderID); err != nil {
					t.Errorf("paying: %v", err)
				}
			},
			wantErr: func(err error) bool { return err == nil }, wantOrders: 1, wantOut: 10,
		},
		{
			name: "order cancelled while waiting", instanceID: "i-prepaid-vpc",
			change: change{Out: i64(10), AutoPay: false}, timeout: 10 * time.Second,
			during: func(t *testing.T, client *conns.Client, _ *ecsmock.Server, orderID string) {
				bss, err := client.BSS(t.Context())
				if err != nil {
					t.Error(err)
					return
				}
				req := bssopenapi.CreateCancelOrderRequest()
				req.OrderId = orderID
				if _, err := bss.CancelOrder(req); err != nil {
					t.Errorf("cancelling: %v", err)
				}
			},
			wantErr: func(err error) bool {
				var oc *orderCancelledError
				return errors.As(err, &oc)
			},
			wantOrders: 1, wantOut: 5,
		},
		{
			name: "permanent refusal places nothing", instanceID: "i-prepaid-vpc",
			change: change{ChargeType: str("PayByTraffic"), AutoPay: true}, timeout: 10 * time.Second,
			wantErr: func(err error) bool {
				var ae *apiError
				return errors.As(err, &ae) && ae.Code == "ChargeTypeViolation" && ae.RequestID != ""
			},
			wantOrders: 0, wantOut: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, srv := simClient(t)
			inst, err := findInstance(t.Context(), client, tt.instanceID)
			if err != nil {
				t.Fatal(err)
			}
			if tt.during != nil {
				go func() {
					for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
						if orders := simOrders(srv, tt.instanceID); len(orders) > 0 {
							tt.during(t, client, srv, orders[0].OrderId)
							return
						}
					}
					t.Error("no order was placed")
				}()
			}
			ctx, cancel := context.WithTimeout(t.Context(), tt.timeout)
			defer cancel()
			res, err := sendChange(ctx, client, factsOf(inst), tt.change, "", nil)
			if !tt.wantErr(err) {
				t.Fatalf("err = %v", err)
			}
			orders := simOrders(srv, tt.instanceID)
			if len(orders) != tt.wantOrders {
				t.Fatalf("orders = %d, want %d", len(orders), tt.wantOrders)
			}
			if len(orders) == 1 && res.OrderID != orders[0].OrderId {
				t.Errorf("result order %q, the simulator's %q", res.OrderID, orders[0].OrderId)
			}
			if got := simInstance(t, srv, tt.instanceID).InternetMaxBandwidthOut; got != tt.wantOut {
				t.Errorf("out = %d right after applyChange returned, want %d", got, tt.wantOut)
			}
		})
	}
}

func TestFindInstanceNotFound(t *testing.T) {
	client, _ := simClient(t)
	for _, id := range []string{"i-does-not-exist", "i-other-account"} {
		_, err := findInstance(t.Context(), client, id)
		var nf *notFoundError
		if !errors.As(err, &nf) || nf.InstanceID != id {
			t.Errorf("findInstance(%s) err = %v, want not found", id, err)
		}
	}
}
