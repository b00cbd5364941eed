package main

import (
	"strings"
	"testing"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

func TestCheckRefused(t *testing.T) {
	tests := []struct {
		name string
		res  tfharness.Result
		err  string
	}{
		{"refused at the attribute", tfharness.Result{ExitCode: 1, Output: "Error: Invalid Attribute Value\n  with aliyun_ecs_instance_network_spec.demo,\n  internet_max_bandwidth_out = var.out\nAttribute internet_max_bandwidth_out value must be between 0 and 100, got: 101"}, ""},
		{"accepted", tfharness.Result{ExitCode: 0, Output: "Plan: 1 to add"}, "accepted"},
		{"failed elsewhere", tfharness.Result{ExitCode: 1, Output: "Error: Failed to load plugin schemas"}, "without naming internet_max_bandwidth_out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkRefused(tt.res, "internet_max_bandwidth_out")
			checkErr(t, err, tt.err)
		})
	}
}

func TestCheckApplied(t *testing.T) {
	settled := ecsmock.World{Accounts: []ecsmock.Account{{
		Instances: []ecsmock.Instance{
			{InstanceId: "i-prepaid-vpc", InternetMaxBandwidthOut: 20},
			{InstanceId: "i-postpaid-vpc", InternetMaxBandwidthOut: 5},
		},
		Orders: []ecsmock.Order{{OrderId: "o-1", InstanceId: "i-prepaid-vpc", PaymentStatus: "Paid"}},
	}}}
	oneModify := []ecsmock.Call{
		{Action: "DescribeInstances", HttpStatus: 200},
		{Action: "ModifyInstanceNetworkSpec", InstanceId: "i-prepaid-vpc", HttpStatus: 200},
		{Action: "GetOrderDetail", HttpStatus: 200},
	}
	with := func(mutate func(*ecsmock.World)) ecsmock.World {
		w := ecsmock.World{Accounts: []ecsmock.Account{{
			Instances: append([]ecsmock.Instance(nil), settled.Accounts[0].Instances...),
			Orders:    append([]ecsmock.Order(nil), settled.Accounts[0].Orders...),
		}}}
		mutate(&w)
		return w
	}
	tests := []struct {
		name  string
		world ecsmock.World
		calls []ecsmock.Call
		err   string
	}{
		{"settled and paid", settled, oneModify, ""},
		{"throttled once then accepted", settled, append([]ecsmock.Call{{Action: "ModifyInstanceNetworkSpec", InstanceId: "i-prepaid-vpc", HttpStatus: 400, Code: "Throttling"}}, oneModify...), ""},
		{"old bandwidth", with(func(w *ecsmock.World) { w.Accounts[0].Instances[0].InternetMaxBandwidthOut = 5 }), oneModify, "5 Mbit/s out, want 20"},
		{"instance missing", with(func(w *ecsmock.World) { w.Accounts[0].Instances = nil }), oneModify, "no instance i-prepaid-vpc"},
		{"no modify call", settled, oneModify[:1], "accepted 0 ModifyInstanceNetworkSpec"},
		{"two modify calls", settled, append(oneModify, oneModify[1]), "accepted 2 ModifyInstanceNetworkSpec"},
		{"modify of another instance", settled, []ecsmock.Call{{Action: "ModifyInstanceNetworkSpec", InstanceId: "i-postpaid-vpc", HttpStatus: 200}}, "accepted 0"},
		{"unpaid order", with(func(w *ecsmock.World) { w.Accounts[0].Orders[0].PaymentStatus = "Unpaid" }), oneModify, "order o-1 is Unpaid"},
		{"no order", with(func(w *ecsmock.World) { w.Accounts[0].Orders = nil }), oneModify, "0 order(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := checkApplied(tt.world, tt.calls, "i-prepaid-vpc", 20)
			checkErr(t, err, tt.err)
			if err == nil && o.OrderId != "o-1" {
				t.Errorf("order %q, want o-1", o.OrderId)
			}
		})
	}
}

func TestCheckNoChanges(t *testing.T) {
	tests := []struct {
		exitCode int
		err      string
	}{
		{0, ""},
		{2, "shows changes"},
		{1, "failed (exit 1)"},
	}
	for _, tt := range tests {
		checkErr(t, checkNoChanges(tfharness.Result{ExitCode: tt.exitCode}), tt.err)
	}
}

func TestOutputValue(t *testing.T) {
	output := `instance_charge_type = "PrePaid"
instance_id = "i-prepaid-vpc"
internet_max_bandwidth_in = 10
internet_max_bandwidth_out = 20
order_id = "208411111111"
`
	tests := []struct {
		name, want string
		found      bool
	}{
		{"internet_max_bandwidth_out", "20", true},
		{"internet_max_bandwidth_in", "10", true},
		{"instance_id", `"i-prepaid-vpc"`, true},
		{"public_ip_address", "", false},
	}
	for _, tt := range tests {
		got, found := outputValue(output, tt.name)
		if got != tt.want || found != tt.found {
			t.Errorf("outputValue(%s) = %q, %v; want %q, %v", tt.name, got, found, tt.want, tt.found)
		}
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Errorf("no error, want one containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Errorf("error %q, want it to contain %q", err, want)
	}
}
