package ecsmock

import (
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

func TestDescribeBandwidthLimitation(t *testing.T) {
	f := newFixture(t, prepaidTrafficWorld())
	type limit struct {
		charge   string
		min, max int
	}
	for _, tc := range []struct {
		name, resource, chargeType, op string
		want                           []limit
	}{
		{"no instance", "", "PrePaid", "", []limit{{"PayByTraffic", 0, 100}, {"PayByBandwidth", 0, 100}}},
		// A subscription on PayByBandwidth cannot go back to PayByTraffic.
		{"subscription upgrade", "i-prepaid-vpc", "", "Upgrade", []limit{{"PayByBandwidth", 5, 100}}},
		{"subscription downgrade", "i-prepaid-vpc", "", "Downgrade", []limit{{"PayByBandwidth", 1, 5}}},
		{"subscription on PayByTraffic", "i-prepaid-traffic", "", "Upgrade", []limit{{"PayByTraffic", 5, 100}, {"PayByBandwidth", 5, 100}}},
		{"pay-as-you-go downgrade", "i-postpaid-vpc", "", "Downgrade", []limit{{"PayByTraffic", 0, 5}, {"PayByBandwidth", 0, 5}}},
		{"pay-as-you-go upgrade", "i-postpaid-vpc", "", "Upgrade", []limit{{"PayByTraffic", 5, 100}, {"PayByBandwidth", 5, 100}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := ecs.CreateDescribeBandwidthLimitationRequest()
			f.target(req.RpcRequest)
			req.ResourceId, req.InstanceChargeType, req.OperationType = tc.resource, tc.chargeType, tc.op
			req.InstanceType = "ecs.g7.large"
			resp, err := f.ecs(key1, secret1).DescribeBandwidthLimitation(req)
			if err != nil {
				t.Fatal(err)
			}
			var got []limit
			for _, b := range resp.Bandwidths.Bandwidth {
				if b.Unit != "Mbps" {
					t.Errorf("unit %q", b.Unit)
				}
				got = append(got, limit{b.InternetChargeType, b.Min, b.Max})
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("limits = %v, want %v", got, tc.want)
			}
		})
	}
	req := ecs.CreateDescribeBandwidthLimitationRequest()
	f.target(req.RpcRequest)
	req.ResourceId = "i-other-account"
	_, err := f.ecs(key1, secret1).DescribeBandwidthLimitation(req)
	wantAPIError(t, err, "InvalidInstanceId.NotFound", 404)
}
