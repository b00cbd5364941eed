package ecsmock

import (
	"errors"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
)

func (f *fixture) cancelOrder(key, secret, orderID string) (*bssopenapi.CancelOrderResponse, error) {
	req := bssopenapi.CreateCancelOrderRequest()
	f.target(req.RpcRequest)
	req.OrderId = orderID
	return f.bss(key, secret).CancelOrder(req)
}

func TestOrderWithoutAutoPay(t *testing.T) {
	f := newFixture(t, nil)
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "12", AutoPay: "false"})
	f.srv.AdvanceClock(24 * time.Hour)
	if o := f.order(orderID); o.PaymentStatus != "Unpaid" || o.PaymentTime != "" {
		t.Fatalf("order without AutoPay after a day = %+v, want Unpaid", o)
	}
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 {
		t.Fatalf("unpaid change in effect: out %d", in.InternetMaxBandwidthOut)
	}
	if b := f.srv.State().Accounts[0].Balance; b != 1000 {
		t.Fatalf("balance charged before payment: %v", b)
	}
	if err := f.srv.PayOrder(orderID); err != nil {
		t.Fatalf("PayOrder: %v", err)
	}
	if o := f.order(orderID); o.PaymentStatus != "Paid" || o.PaymentTime == "" {
		t.Fatalf("order after PayOrder = %+v", o)
	}
	if b := f.srv.State().Accounts[0].Balance; b != 930 {
		t.Fatalf("balance = %v after paying 70.00, want 930", b)
	}
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 {
		t.Fatalf("change in effect before settling: out %d", in.InternetMaxBandwidthOut)
	}
	f.srv.AdvanceClock(time.Hour)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 12 {
		t.Fatalf("out = %d after settling, want 12", in.InternetMaxBandwidthOut)
	}

	err := f.srv.PayOrder(orderID)
	var aerr *apiError
	if !errors.As(err, &aerr) || aerr.Code != "IncorrectOrderStatus" {
		t.Fatalf("paying a paid order: %v", err)
	}
	if err := f.srv.PayOrder("999"); !errors.As(err, &aerr) || aerr.Code != "InvalidOrderId.NotFound" {
		t.Fatalf("paying an unknown order: %v", err)
	}
}

// TestOrderWithoutAutoPayPoorAccount: AutoPay=false lets an account without
// balance place the order; paying it needs the balance.
func TestOrderWithoutAutoPayPoorAccount(t *testing.T) {
	f := newFixture(t, nil)
	resp, err := f.modifyAs("mock-poor-key", "mock-poor-secret", "i-poor-prepaid", spec{Out: "10", AutoPay: "false"})
	if err != nil {
		t.Fatalf("AutoPay=false without balance: %v", err)
	}
	err = f.srv.PayOrder(resp.OrderId)
	var aerr *apiError
	if !errors.As(err, &aerr) || aerr.Code != "InvalidAccountStatus.NotEnoughBalance" {
		t.Fatalf("paying without balance: %v", err)
	}
}

func TestCancelOrder(t *testing.T) {
	f := newFixture(t, nil)
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "30", AutoPay: "false"})

	_, err := f.cancelOrder(key2, secret2, orderID)
	wantAPIError(t, err, "InvalidOrderId.NotFound", 404)

	resp, err := f.cancelOrder(key1, secret1, orderID)
	if err != nil {
		t.Fatalf("CancelOrder: %v", err)
	}
	if !resp.Success || resp.Code != "Success" || resp.Data.OrderId != orderID {
		t.Fatalf("CancelOrder = %+v", resp)
	}
	if o := f.order(orderID); o.PaymentStatus != "Cancelled" {
		t.Fatalf("order after cancel = %+v", o)
	}
	f.srv.AdvanceClock(24 * time.Hour)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 {
		t.Fatalf("cancelled change took effect: out %d", in.InternetMaxBandwidthOut)
	}
	_, err = f.cancelOrder(key1, secret1, orderID)
	wantAPIError(t, err, "IncorrectOrderStatus", 400)
	// The instance is free for a new change.
	f.mustModify("i-prepaid-vpc", spec{Out: "6"})
}

func TestGetOrderDetailRefusals(t *testing.T) {
	f := newFixture(t, nil)
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "6"})
	for _, tc := range []struct {
		name, key, secret, orderID, code string
		status                           int
	}{
		{"unknown order", key1, secret1, "123", "InvalidOrderId.NotFound", 404},
		{"another account's order", key2, secret2, orderID, "InvalidOrderId.NotFound", 404},
		{"no OrderId", key1, secret1, "", "MissingParameter", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := bssopenapi.CreateGetOrderDetailRequest()
			f.target(req.RpcRequest)
			req.OrderId = tc.orderID
			_, err := f.bss(tc.key, tc.secret).GetOrderDetail(req)
			wantAPIError(t, err, tc.code, tc.status)
		})
	}
}

// TestOrderIDsIncrease: order ids are numeric, distinct, and keep growing.
func TestOrderIDsIncrease(t *testing.T) {
	f := newFixture(t, nil)
	a := f.mustModify("i-prepaid-vpc", spec{Out: "6"})
	b := f.mustModify("i-prepaid-stopped", spec{Out: "6"})
	if a == b || len(a) != len(b) || a > b {
		t.Fatalf("order ids %s then %s", a, b)
	}
}
