package ecsmock

import (
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
