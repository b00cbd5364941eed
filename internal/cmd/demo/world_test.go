package main

import (
	"testing"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

func TestFindInstanceAndOrders(t *testing.T) {
	w := ecsmock.World{Accounts: []ecsmock.Account{
		{
			AccessKeyId: "other",
			Instances:   []ecsmock.Instance{{InstanceId: "i-other", InternetMaxBandwidthOut: 1}},
			Orders:      []ecsmock.Order{{OrderId: "o-9", InstanceId: "i-other", PaymentStatus: "Paid"}},
		},
		{
			AccessKeyId: "mock-access-key",
			Instances:   []ecsmock.Instance{{InstanceId: "i-prepaid-vpc", InstanceChargeType: "PrePaid", InternetMaxBandwidthOut: 20}},
			Orders: []ecsmock.Order{
				{OrderId: "o-1", InstanceId: "i-prepaid-vpc", PaymentStatus: "Paid"},
				{OrderId: "o-2", InstanceId: "i-prepaid-vpc", PaymentStatus: "Unpaid"},
			},
		},
	}}
	inst, found := findInstance(w, "i-prepaid-vpc")
	if !found || inst.InternetMaxBandwidthOut != 20 || inst.InstanceChargeType != "PrePaid" {
		t.Errorf("findInstance(i-prepaid-vpc) = %+v, %v", inst, found)
	}
	if _, found := findInstance(w, "i-gone"); found {
		t.Error("findInstance(i-gone) found an instance")
	}
	orders := ordersFor(w, "i-prepaid-vpc")
	if len(orders) != 2 || orders[0].OrderId != "o-1" || orders[1].PaymentStatus != "Unpaid" {
		t.Errorf("ordersFor(i-prepaid-vpc) = %+v", orders)
	}
	if got := ordersFor(w, "i-gone"); len(got) != 0 {
		t.Errorf("ordersFor(i-gone) = %+v, want none", got)
	}
}
