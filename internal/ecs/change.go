package ecs

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// change is one ModifyInstanceNetworkSpec request: nil fields are left as
// they are.
type change struct {
	Out              *int64  `json:"out,omitempty"`
	In               *int64  `json:"in,omitempty"`
	ChargeType       *string `json:"charge_type,omitempty"`
	AllocatePublicIP bool    `json:"allocate_public_ip,omitempty"`
	AutoPay          bool    `json:"auto_pay"`
	StartTime        string  `json:"start_time,omitempty"`
	EndTime          string  `json:"end_time,omitempty"`
}

// empty: nothing to send.
func (c change) empty() bool {
	return c.Out == nil && c.In == nil && c.ChargeType == nil
}

// planChange is the permanent change that goes from the spec cur to plan.
// Unknown and null plan values are not part of it.
func planChange(plan resourceModel, cur networkSpec) change {
	c := change{AutoPay: autoPayOf(plan)}
	if known(plan.InternetMaxBandwidthOut) {
		if v := plan.InternetMaxBandwidthOut.ValueInt64(); v != cur.Out {
			c.Out = &v
		}
	}
	if known(plan.InternetMaxBandwidthIn) {
		if v := plan.InternetMaxBandwidthIn.ValueInt64(); v != cur.In {
			c.In = &v
		}
	}
	if known(plan.InternetChargeType) {
		if v := plan.InternetChargeType.ValueString(); v != cur.ChargeType {
			c.ChargeType = &v
		}
	}
	c.AllocatePublicIP = known(plan.AllocatePublicIP) && plan.AllocatePublicIP.ValueBool() &&
		c.Out != nil && *c.Out > 0 && cur.Out == 0
	return c
}

// givesPublicIP: the change is due to give the instance a public IP, which
// the instance shows before the change counts as in effect.
func (c change) givesPublicIP(from instanceFacts) bool {
	return c.Out != nil && *c.Out > 0 && from.Out == 0 && !from.hasPublicAddress() &&
		(from.prepaid() || c.AllocatePublicIP)
}

// shownBy: f shows the change, made from from, in effect.
func (c change) shownBy(f, from instanceFacts) bool {
	return (c.Out == nil || f.Out == *c.Out) && (c.In == nil || f.In == *c.In) &&
		(c.ChargeType == nil || f.ChargeType == *c.ChargeType) &&
		(!c.givesPublicIP(from) || f.hasPublicAddress())
}

// rivalIn reports the first attribute of the change that f shows with a
// value that is neither from's nor the change's.
func (c change) rivalIn(f, from instanceFacts) (string, bool) {
	switch {
	case c.Out != nil && f.Out != *c.Out && f.Out != from.Out:
		return "internet_max_bandwidth_out", true
	case c.In != nil && f.In != *c.In && f.In != from.In:
		return "internet_max_bandwidth_in", true
	case c.ChargeType != nil && f.ChargeType != *c.ChargeType && f.ChargeType != from.ChargeType:
		return "internet_charge_type", true
	}
	return "", false
}

// describe is what the instance shows once the change made from from is
// in effect, as logs and errors say it.
func (c change) describe(from instanceFacts) string {
	var parts []string
	if c.Out != nil {
		parts = append(parts, fmt.Sprintf("out %d Mbit/s", *c.Out))
	}
	if c.In != nil {
		parts = append(parts, fmt.Sprintf("in %d Mbit/s", *c.In))
	}
	if c.ChargeType != nil {
		parts = append(parts, *c.ChargeType)
	}
	if c.givesPublicIP(from) {
		parts = append(parts, "a public IP")
	}
	if len(parts) == 0 {
		return "its current spec"
	}
	return strings.Join(parts, ", ")
}

// windowPending: the change is a temporary window that has not started, so
// only its order can be awaited now.
func (c change) windowPending(now time.Time) bool {
	if c.StartTime == "" {
		return false
	}
	start, err := parseWindowTime(c.StartTime)
	return err == nil && start.After(now)
}

// fingerprint identifies the same change to the same instance from the
// same spec, across applies.
func (c change) fingerprint(instanceID string, from networkSpec) string {
	raw, _ := json.Marshal(struct {
		InstanceID string      `json:"instance_id"`
		From       networkSpec `json:"from"`
		Change     change      `json:"change"`
	}{instanceID, from, c})
	return string(raw)
}

func (c change) request(region, instanceID, token string) *ecs.ModifyInstanceNetworkSpecRequest {
	req := ecs.CreateModifyInstanceNetworkSpecRequest()
	req.RegionId = region
	req.InstanceId = instanceID
	req.ClientToken = token
	req.AutoPay = requests.NewBoolean(c.AutoPay)
	if c.Out != nil {
		req.InternetMaxBandwidthOut = requests.NewInteger(int(*c.Out))
	}
	if c.In != nil {
		req.InternetMaxBandwidthIn = requests.NewInteger(int(*c.In))
	}
	if c.ChargeType != nil {
		req.NetworkChargeType = *c.ChargeType
	}
	if c.AllocatePublicIP {
		req.AllocatePublicIp = requests.NewBoolean(true)
	}
	req.StartTime = c.StartTime
	req.EndTime = c.EndTime
	return req
}

// orderType is the kind of order the change places on a subscription:
// TemporaryUpgrade for a window, Downgrade when a bandwidth goes down,
// else Upgrade.
func (c change) orderType(from instanceFacts) string {
	switch {
	case c.StartTime != "":
		return orderTemporaryUpgrade
	case (c.Out != nil && *c.Out < from.Out) || (c.In != nil && *c.In < from.In):
		return orderDowngrade
	}
	return orderUpgrade
}

// Order types of the orders a change places.
const (
	orderUpgrade          = "Upgrade"
	orderDowngrade        = "Downgrade"
	orderTemporaryUpgrade = "TemporaryUpgrade"
)

func known(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
