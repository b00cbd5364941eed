package main

import (
	"fmt"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// The account and region the generated worlds and configurations use.
const (
	region    = "cn-hangzhou"
	accessKey = "bench-access-key"
	secretKey = "bench-secret"
	// startOut is every generated instance's outbound bandwidth.
	startOut = 5
)

// Billing methods of the generated instances: a subscription's change
// places an order that must be paid before it settles; a pay-as-you-go
// instance's change settles without one.
const (
	prePaid  = "PrePaid"
	postPaid = "PostPaid"
)

// instanceID names the i-th instance of a generated world, as the
// generated configurations do.
func instanceID(i int) string {
	return fmt.Sprintf("i-bench-%04d", i)
}

// newWorld is one account with n running VPC instances of one billing
// method, each with a public IP and startOut Mbit/s out, and a balance no
// benchmark exhausts.
func newWorld(n int, charge string) ecsmock.World {
	acct := ecsmock.Account{AccessKeyId: accessKey, AccessKeySecret: secretKey, Balance: 1e9}
	internet := "PayByTraffic"
	if charge == prePaid {
		internet = "PayByBandwidth"
	}
	for i := range n {
		acct.Instances = append(acct.Instances, ecsmock.Instance{
			InstanceId:              instanceID(i),
			RegionId:                region,
			Status:                  "Running",
			InstanceChargeType:      charge,
			InternetChargeType:      internet,
			InternetMaxBandwidthOut: startOut,
			InternetMaxBandwidthIn:  10,
			InstanceNetworkType:     "vpc",
			PublicIpAddress:         ecsmock.IpAddressSet{IpAddress: []string{fmt.Sprintf("47.1.%d.%d", i/250, i%250+1)}},
			ExpiredTime:             "2099-01-01T00:00Z",
		})
	}
	return ecsmock.World{Accounts: []ecsmock.Account{acct}}
}
