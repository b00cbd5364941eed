package ecsmock

import (
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

func TestDescribeInstanceAttribute(t *testing.T) {
	f := newFixture(t, nil)
	req := ecs.CreateDescribeInstanceAttributeRequest()
	f.target(req.RpcRequest)
	req.InstanceId = "i-postpaid-vpc"
	resp, err := f.ecs(key1, secret1).DescribeInstanceAttribute(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.InstanceId != "i-postpaid-vpc" || resp.InternetMaxBandwidthOut != 5 || resp.InternetMaxBandwidthIn != 10 ||
		resp.InternetChargeType != "PayByTraffic" || resp.InstanceChargeType != "PostPaid" || resp.Status != "Running" ||
		!slices.Equal(resp.PublicIpAddress.IpAddress, []string{"47.0.0.1"}) || resp.IoOptimized != "optimized" || resp.RequestId == "" {
		t.Fatalf("DescribeInstanceAttribute = %+v", resp)
	}
	req = ecs.CreateDescribeInstanceAttributeRequest()
	f.target(req.RpcRequest)
	_, err = f.ecs(key1, secret1).DescribeInstanceAttribute(req)
	wantAPIError(t, err, "MissingParameter", 400)
}
