package ecsmock

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

func TestDescribeInstancesFields(t *testing.T) {
	f := newFixture(t, nil)
	in := f.describe("i-prepaid-vpc")
	if in.InstanceId != "i-prepaid-vpc" || in.RegionId != "cn-hangzhou" || in.Status != "Running" ||
		in.InstanceChargeType != "PrePaid" || in.InternetChargeType != "PayByBandwidth" ||
		in.InternetMaxBandwidthOut != 5 || in.InternetMaxBandwidthIn != 10 || in.InstanceNetworkType != "vpc" ||
		!slices.Equal(in.PublicIpAddress.IpAddress, []string{"47.0.0.2"}) || in.ExpiredTime != "2099-01-01T00:00Z" ||
		len(in.OperationLocks.LockReason) != 0 {
		t.Fatalf("i-prepaid-vpc = %+v", in)
	}
	eip := f.describe("i-vpc-eip")
	if eip.EipAddress.IpAddress != "47.0.1.1" || eip.EipAddress.AllocationId != "eip-0001" || len(eip.PublicIpAddress.IpAddress) != 0 {
		t.Fatalf("i-vpc-eip EipAddress = %+v, PublicIpAddress = %v", eip.EipAddress, eip.PublicIpAddress.IpAddress)
	}
	expired := f.describe("i-prepaid-expired")
	if len(expired.OperationLocks.LockReason) != 1 || expired.OperationLocks.LockReason[0].LockReason != "financial" {
		t.Fatalf("expired subscription OperationLocks = %+v, want financial", expired.OperationLocks)
	}
	if c := f.describe("i-classic-running"); c.InstanceNetworkType != "classic" {
		t.Fatalf("classic instance network type = %s", c.InstanceNetworkType)
	}
}

func TestDescribeInstancesFilters(t *testing.T) {
	f := newFixture(t, nil)
	client := f.ecs(key1, secret1)
	ids := func(r *ecs.DescribeInstancesResponse) []string {
		var out []string
		for _, in := range r.Instances.Instance {
			out = append(out, in.InstanceId)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		edit func(r *ecs.DescribeInstancesRequest)
		want []string
	}{
		{"by ids", func(r *ecs.DescribeInstancesRequest) {
			r.InstanceIds = `["i-starting","i-postpaid-vpc","i-other-account"]`
		},
			[]string{"i-postpaid-vpc", "i-starting"}},
		{"by status", func(r *ecs.DescribeInstancesRequest) { r.Status = "Stopped" }, []string{"i-classic-stopped", "i-prepaid-stopped"}},
		{"by network type", func(r *ecs.DescribeInstancesRequest) { r.InstanceNetworkType = "classic" }, []string{"i-classic-running", "i-classic-stopped"}},
		{"other region", func(r *ecs.DescribeInstancesRequest) { r.RegionId = "cn-beijing" }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := ecs.CreateDescribeInstancesRequest()
			f.target(req.RpcRequest)
			req.PageSize = "100"
			tc.edit(req)
			resp, err := client.DescribeInstances(req)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(resp); !slices.Equal(got, tc.want) || resp.TotalCount != len(tc.want) {
				t.Fatalf("ids = %v (TotalCount %d), want %v", got, resp.TotalCount, tc.want)
			}
		})
	}

	req := ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	req.InstanceIds = `i-postpaid-vpc`
	_, err := client.DescribeInstances(req)
	wantAPIError(t, err, "InvalidInstanceIds.Malformed", 400)

	var many []string
	for i := 0; i < 101; i++ {
		many = append(many, fmt.Sprintf("%q", fmt.Sprintf("i-%d", i)))
	}
	req = ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	req.InstanceIds = "[" + strings.Join(many, ",") + "]"
	_, err = client.DescribeInstances(req)
	wantAPIError(t, err, "InvalidInstanceIds.Malformed", 400)
}

// TestDescribeInstancesIsolation: each account sees its own instances only.
func TestDescribeInstancesIsolation(t *testing.T) {
	f := newFixture(t, nil)
	req := ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	resp, err := f.ecs(key2, secret2).DescribeInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.TotalCount != 1 || resp.Instances.Instance[0].InstanceId != "i-other-account" {
		t.Fatalf("account 2 sees %+v", resp.Instances.Instance)
	}
	req = ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	req.InstanceIds = `["i-other-account"]`
	resp, err = f.ecs(key1, secret1).DescribeInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.TotalCount != 0 || len(resp.Instances.Instance) != 0 {
		t.Fatalf("account 1 sees account 2's instance: %+v", resp.Instances.Instance)
	}
	attr := ecs.CreateDescribeInstanceAttributeRequest()
	f.target(attr.RpcRequest)
	attr.InstanceId = "i-other-account"
	_, err = f.ecs(key1, secret1).DescribeInstanceAttribute(attr)
	wantAPIError(t, err, "InvalidInstanceId.NotFound", 404)
}

func TestDescribeInstancesPaging(t *testing.T) {
	f := newFixture(t, nil)
	client := f.ecs(key1, secret1)
	all := len(DefaultWorld().Accounts[0].Instances)

	t.Run("PageNumber", func(t *testing.T) {
		var seen []string
		for page := 1; ; page++ {
			req := ecs.CreateDescribeInstancesRequest()
			f.target(req.RpcRequest)
			req.PageSize = "3"
			req.PageNumber = requests.NewInteger(page)
			resp, err := client.DescribeInstances(req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.TotalCount != all || resp.PageNumber != page || resp.PageSize != 3 {
				t.Fatalf("page %d: TotalCount %d PageNumber %d PageSize %d", page, resp.TotalCount, resp.PageNumber, resp.PageSize)
			}
			if len(resp.Instances.Instance) == 0 {
				break
			}
			if len(resp.Instances.Instance) > 3 {
				t.Fatalf("page %d has %d instances", page, len(resp.Instances.Instance))
			}
			for _, in := range resp.Instances.Instance {
				seen = append(seen, in.InstanceId)
			}
		}
		assertAllOnce(t, seen, all)
	})

	t.Run("NextToken", func(t *testing.T) {
		var seen []string
		token := ""
		for calls := 0; ; calls++ {
			if calls > all {
				t.Fatal("NextToken paging does not end")
			}
			req := ecs.CreateDescribeInstancesRequest()
			f.target(req.RpcRequest)
			req.MaxResults = "4"
			req.NextToken = token
			resp, err := client.DescribeInstances(req)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Instances.Instance) > 4 {
				t.Fatalf("page has %d instances, MaxResults 4", len(resp.Instances.Instance))
			}
			for _, in := range resp.Instances.Instance {
				seen = append(seen, in.InstanceId)
			}
			if token = resp.NextToken; token == "" {
				break
			}
		}
		assertAllOnce(t, seen, all)
	})

	for _, tc := range []struct {
		name string
		edit func(r *ecs.DescribeInstancesRequest)
		code string
	}{
		{"PageSize above 100", func(r *ecs.DescribeInstancesRequest) { r.PageSize = "101" }, "InvalidParameter"},
		{"PageNumber 0", func(r *ecs.DescribeInstancesRequest) { r.PageNumber = "0" }, "InvalidParameter"},
		{"MaxResults 0", func(r *ecs.DescribeInstancesRequest) { r.MaxResults = "0" }, "InvalidParameter"},
		{"bad NextToken", func(r *ecs.DescribeInstancesRequest) { r.NextToken = "not-a-token" }, "InvalidParameter.NextToken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := ecs.CreateDescribeInstancesRequest()
			f.target(req.RpcRequest)
			tc.edit(req)
			_, err := client.DescribeInstances(req)
			wantAPIError(t, err, tc.code, 400)
		})
	}
}

func assertAllOnce(t *testing.T, seen []string, want int) {
	t.Helper()
	unique := map[string]bool{}
	for _, id := range seen {
		if unique[id] {
			t.Fatalf("instance %s listed twice: %v", id, seen)
		}
		unique[id] = true
	}
	if len(unique) != want {
		t.Fatalf("listed %d instances, want %d: %v", len(unique), want, seen)
	}
}
