package ecsmock

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
)

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
