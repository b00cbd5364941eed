package ecsmock

import (
	"errors"
	"testing"
	"time"
)

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

// TestOrderIDsIncrease: order ids are numeric, distinct, and keep growing.
func TestOrderIDsIncrease(t *testing.T) {
	f := newFixture(t, nil)
	a := f.mustModify("i-prepaid-vpc", spec{Out: "6"})
	b := f.mustModify("i-prepaid-stopped", spec{Out: "6"})
	if a == b || len(a) != len(b) || a > b {
		t.Fatalf("order ids %s then %s", a, b)
	}
}
