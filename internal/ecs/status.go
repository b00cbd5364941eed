package ecs

import (
	"context"
	"fmt"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// specTarget is what an instance must show for a change to be in effect;
// nil fields are not part of the change.
type specTarget struct {
	Out        *int64
	In         *int64
	ChargeType *string
	// PublicIP: the change is due to give the instance a public IP.
	PublicIP bool
}

func (t specTarget) String() string {
	var parts []string
	if t.Out != nil {
		parts = append(parts, fmt.Sprintf("out %d Mbit/s", *t.Out))
	}
	if t.In != nil {
		parts = append(parts, fmt.Sprintf("in %d Mbit/s", *t.In))
	}
	if t.ChargeType != nil {
		parts = append(parts, *t.ChargeType)
	}
	if t.PublicIP {
		parts = append(parts, "a public IP")
	}
	if len(parts) == 0 {
		return "its current spec"
	}
	return strings.Join(parts, ", ")
}

// shownBy reports whether inst shows the target.
func (t specTarget) shownBy(inst *ecs.Instance) bool {
	return (t.Out == nil || int64(inst.InternetMaxBandwidthOut) == *t.Out) &&
		(t.In == nil || int64(inst.InternetMaxBandwidthIn) == *t.In) &&
		(t.ChargeType == nil || inst.InternetChargeType == *t.ChargeType) &&
		(!t.PublicIP || publicIP(inst) != "")
}

// rivalIn reports the first attribute of the target that inst shows with
// a value that is neither from's nor the target's.
func (t specTarget) rivalIn(inst *ecs.Instance, from networkSpec) (string, bool) {
	switch {
	case t.Out != nil && int64(inst.InternetMaxBandwidthOut) != *t.Out && int64(inst.InternetMaxBandwidthOut) != from.Out:
		return "internet_max_bandwidth_out", true
	case t.In != nil && int64(inst.InternetMaxBandwidthIn) != *t.In && int64(inst.InternetMaxBandwidthIn) != from.In:
		return "internet_max_bandwidth_in", true
	case t.ChargeType != nil && inst.InternetChargeType != *t.ChargeType && inst.InternetChargeType != from.ChargeType:
		return "internet_charge_type", true
	}
	return "", false
}

// describeSpec is how an instance's spec reads in logs and timeouts.
func describeSpec(inst *ecs.Instance) string {
	ip := publicIP(inst)
	if ip == "" {
		ip = "none"
	}
	return fmt.Sprintf("out %d Mbit/s, in %d Mbit/s, %s, public IP %s, status %s",
		inst.InternetMaxBandwidthOut, inst.InternetMaxBandwidthIn, inst.InternetChargeType, ip, inst.Status)
}

// publicIP is the address the Internet reaches the instance at, the one
// public_ip_address shows in the resource and the data source alike: its
// own public IP, or else the EIP bound to it (a VPC instance with an EIP has
// no address of its own; the EIP is its public address).
func publicIP(inst *ecs.Instance) string {
	if ip := ownPublicIP(inst); ip != "" {
		return ip
	}
	return inst.EipAddress.IpAddress
}

// ownPublicIP is the public IP allocated to the instance itself, not an
// EIP's.
func ownPublicIP(inst *ecs.Instance) string {
	for _, ip := range inst.PublicIpAddress.IpAddress {
		if ip != "" {
			return ip
		}
	}
	return ""
}

// statusOrder reads the order and its payment status (Paid, Unpaid,
// Cancelled).
func statusOrder(ctx context.Context, client *conns.Client, orderID string) (*bssopenapi.Order, string, error) {
	o, err := findOrder(ctx, client, orderID)
	if err != nil {
		return nil, "", err
	}
	return o, o.PaymentStatus, nil
}

// statusSpec reads the instance and reports what it shows and whether
// that is the target.
func statusSpec(ctx context.Context, client *conns.Client, instanceID string, want specTarget) (*ecs.Instance, string, bool, error) {
	inst, err := findInstance(ctx, client, instanceID)
	if err != nil {
		return nil, "", false, err
	}
	return inst, describeSpec(inst), want.shownBy(inst), nil
}
