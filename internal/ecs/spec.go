package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// networkSpec is the part of an instance this resource changes.
type networkSpec struct {
	Out        int64  `json:"out"`
	In         int64  `json:"in"`
	ChargeType string `json:"charge_type"`
}

// spec is the permanent spec the model records: during a temporary upgrade
// the instance shows the window's instead (see refreshFromInstance).
func (m resourceModel) spec() networkSpec {
	return networkSpec{
		Out:        m.InternetMaxBandwidthOut.ValueInt64(),
		In:         m.InternetMaxBandwidthIn.ValueInt64(),
		ChargeType: m.InternetChargeType.ValueString(),
	}
}

// instanceFacts is what an instance has: the spec it shows and what decides
// whether ModifyInstanceNetworkSpec accepts a change of it. Everything the
// provider knows of an instance goes through factsOf.
type instanceFacts struct {
	InstanceID         string `json:"instance_id"`
	Status             string `json:"status"`
	InstanceChargeType string `json:"instance_charge_type"`
	NetworkType        string `json:"network_type"`
	networkSpec
	// PublicAddress is where the Internet reaches the instance: its own
	// public IP, or else the Elastic IP bound to it (a VPC instance with an
	// EIP has no address of its own). EIP is the bound EIP's address,
	// EIPAllocationID its id.
	PublicAddress   string `json:"public_address,omitempty"`
	EIP             string `json:"eip,omitempty"`
	EIPAllocationID string `json:"eip_allocation_id,omitempty"`
	ExpiredTime     string `json:"expired_time,omitempty"`
	// FinancialLock: the API shows the instance locked for billing: an
	// expired subscription, or a pay-as-you-go instance of an account in
	// arrears.
	FinancialLock bool `json:"financial_lock,omitempty"`
}

func factsOf(inst *ecs.Instance) instanceFacts {
	f := instanceFacts{
		InstanceID:         inst.InstanceId,
		Status:             inst.Status,
		InstanceChargeType: inst.InstanceChargeType,
		NetworkType:        inst.InstanceNetworkType,
		networkSpec: networkSpec{
			Out:        int64(inst.InternetMaxBandwidthOut),
			In:         int64(inst.InternetMaxBandwidthIn),
			ChargeType: inst.InternetChargeType,
		},
		EIP:             inst.EipAddress.IpAddress,
		EIPAllocationID: inst.EipAddress.AllocationId,
		ExpiredTime:     inst.ExpiredTime,
	}
	f.PublicAddress = f.EIP
	for _, ip := range inst.PublicIpAddress.IpAddress {
		if ip != "" {
			f.PublicAddress = ip
			break
		}
	}
	for _, l := range inst.OperationLocks.LockReason {
		if l.LockReason == lockFinancial {
			f.FinancialLock = true
		}
	}
	return f
}

func (f instanceFacts) prepaid() bool          { return f.InstanceChargeType == instancePrePaid }
func (f instanceFacts) hasPublicAddress() bool { return f.PublicAddress != "" }

// withSpec is f with the permanent spec s: what a change starts from while
// the instance may show a temporary upgrade's bandwidth.
func (f instanceFacts) withSpec(s networkSpec) instanceFacts {
	f.networkSpec = s
	return f
}

// String is how an instance's spec reads in logs and timeouts.
func (f instanceFacts) String() string {
	ip := f.PublicAddress
	if ip == "" {
		ip = "none"
	}
	return fmt.Sprintf("out %d Mbit/s, in %d Mbit/s, %s, public IP %s, status %s", f.Out, f.In, f.ChargeType, ip, f.Status)
}

// seenFacts is an instance's facts as the resource last saw them, kept in
// its private state (privateFacts).
type seenFacts struct {
	Facts instanceFacts `json:"facts"`
	// SeenAt is when, by the cloud's clock; ClockOffset is how far that
	// clock was ahead of the local one then.
	SeenAt      time.Time     `json:"seen_at"`
	ClockOffset time.Duration `json:"clock_offset"`
}

// factsMaxAge is how old kept facts may be for a plan or an apply to judge
// by them. A refresh has just read them; older ones (a plan with
// -refresh=false, an apply long after its plan) are read again.
const factsMaxAge = 5 * time.Minute

// keepFacts keeps f in p as seen now.
func keepFacts(ctx context.Context, client *conns.Client, p privateSetter, f instanceFacts) diag.Diagnostics {
	offset, _ := sharedOf(client).clock.Offset()
	return setPrivate(ctx, p, privateFacts, seenFacts{Facts: f, SeenAt: cloudNow(client), ClockOffset: offset})
}

// instanceAsSeen is the instance as the resource saw it last (in prior,
// nil for a resource not managed yet), when that is less than factsMaxAge
// ago, else as DescribeInstances shows it now, which is then kept in p
// (nil: not kept). Kept facts also tell this provider process the cloud's
// clock until an answer does.
func instanceAsSeen(ctx context.Context, client *conns.Client, prior privateGetter, p privateSetter, id string) (instanceFacts, error) {
	if prior == nil {
		return readFacts(ctx, client, p, id)
	}
	if seen, diags := getPrivate[seenFacts](ctx, prior, privateFacts); seen != nil && !diags.HasError() && seen.Facts.InstanceID == id {
		clock := sharedOf(client).clock
		clock.seed(seen.ClockOffset)
		if age := clock.Now().Sub(seen.SeenAt); age >= 0 && age <= factsMaxAge {
			return seen.Facts, nil
		}
	}
	return readFacts(ctx, client, p, id)
}

// readFacts reads the instance and keeps what it shows in p (nil: not
// kept).
func readFacts(ctx context.Context, client *conns.Client, p privateSetter, id string) (instanceFacts, error) {
	inst, err := findInstance(ctx, client, id)
	if err != nil {
		return instanceFacts{}, err
	}
	f := factsOf(inst)
	if p != nil {
		if diags := keepFacts(ctx, client, p, f); diags.HasError() {
			tflog.Debug(ctx, "could not keep the instance's facts in private state", map[string]any{"error": fmt.Sprint(diags)})
		}
	}
	return f, nil
}
