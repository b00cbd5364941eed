package ecsmock

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

func (f *fixture) allocate(instanceID string) (*ecs.AllocatePublicIpAddressResponse, error) {
	req := ecs.CreateAllocatePublicIpAddressRequest()
	f.target(req.RpcRequest)
	req.InstanceId = instanceID
	return f.ecs(key1, secret1).AllocatePublicIpAddress(req)
}

func TestAllocatePublicIPAddress(t *testing.T) {
	f := newFixture(t, nil)
	f.mustModify("i-postpaid-noip", spec{Out: "5"})
	f.srv.AdvanceClock(time.Hour)
	resp, err := f.allocate("i-postpaid-noip")
	if err != nil {
		t.Fatalf("AllocatePublicIpAddress: %v", err)
	}
	if resp.IpAddress == "" {
		t.Fatal("no IpAddress in the answer")
	}
	if in := f.describe("i-postpaid-noip"); len(in.PublicIpAddress.IpAddress) != 1 || in.PublicIpAddress.IpAddress[0] != resp.IpAddress {
		t.Fatalf("Describe shows %v, allocation answered %s", in.PublicIpAddress.IpAddress, resp.IpAddress)
	}
	_, err = f.allocate("i-postpaid-noip")
	wantAPIError(t, err, "AllocatedAlready", 403)
}

func TestAllocatePublicIPAddressRefusals(t *testing.T) {
	exhausted := DefaultWorld()
	exhausted.ExhaustedIpRegions = []string{"cn-hangzhou"}
	exhausted.Accounts[0].instance("i-postpaid-noip").InternetMaxBandwidthOut = 5
	for _, tc := range []struct {
		name, instance, code string
		world                *World
		status               int
	}{
		{"no InstanceId", "", "MissingParameter", nil, 400},
		{"unknown instance", "i-nope", "InvalidInstanceId.NotFound", nil, 404},
		{"transitional status", "i-starting", "IncorrectInstanceStatus", nil, 403},
		{"EIP bound", "i-vpc-eip", "OperationDenied", nil, 400},
		{"has a public IP", "i-postpaid-vpc", "AllocatedAlready", nil, 403},
		{"no bandwidth", "i-postpaid-noip", "InvalidParameter.Bandwidth", nil, 400},
		{"pool exhausted", "i-postpaid-noip", "InsufficientPublicIp", &exhausted, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.world)
			_, err := f.allocate(tc.instance)
			wantAPIError(t, err, tc.code, tc.status)
		})
	}
}
