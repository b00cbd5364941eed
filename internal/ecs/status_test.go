package ecs

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

func TestPublicIP(t *testing.T) {
	inst := func(own []string, eip string) *ecs.Instance {
		i := &ecs.Instance{}
		i.PublicIpAddress.IpAddress = own
		i.EipAddress.IpAddress = eip
		return i
	}
	tests := []struct {
		name string
		inst *ecs.Instance
		want string
	}{
		{"own public IP", inst([]string{"47.0.0.2"}, ""), "47.0.0.2"},
		{"EIP of a VPC instance", inst(nil, "47.0.1.1"), "47.0.1.1"},
		{"empty list with an EIP", inst([]string{}, "47.0.1.1"), "47.0.1.1"},
		{"blank entry skipped", inst([]string{"", "47.0.0.3"}, ""), "47.0.0.3"},
		{"own IP wins over an EIP", inst([]string{"47.0.0.2"}, "47.0.1.1"), "47.0.0.2"},
		{"neither", inst(nil, ""), ""},
		{"blank entry only", inst([]string{""}, ""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := publicIP(tt.inst); got != tt.want {
				t.Errorf("publicIP = %q, want %q", got, tt.want)
			}
		})
	}
}
