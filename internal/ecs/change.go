package ecs

import (
	"context"
	"encoding/json"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
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

// current is what the instance has before a change.
type current struct {
	networkSpec
	InstanceChargeType string
	HasPublicIP        bool
}

func currentOf(inst *ecs.Instance) current {
	return current{
		networkSpec:        specOf(inst),
		InstanceChargeType: inst.InstanceChargeType,
		HasPublicIP:        publicIP(inst) != "",
	}
}

func specOf(inst *ecs.Instance) networkSpec {
	return networkSpec{
		Out:        int64(inst.InternetMaxBandwidthOut),
		In:         int64(inst.InternetMaxBandwidthIn),
		ChargeType: inst.InternetChargeType,
	}
}

// empty: nothing to send.
func (c change) empty() bool {
	return c.Out == nil && c.In == nil && c.ChargeType == nil
}

// planChange is the permanent change that goes from cur to plan. Unknown
// and null plan values are not part of it.
func planChange(plan resourceModel, cur current) change {
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

// target is what the instance shows once the change is in effect.
func (c change) target(cur current) specTarget {
	return specTarget{
		Out:        c.Out,
		In:         c.In,
		ChargeType: c.ChargeType,
		PublicIP: c.Out != nil && *c.Out > 0 && cur.Out == 0 && !cur.HasPublicIP &&
			(cur.InstanceChargeType == instancePrePaid || c.AllocatePublicIP),
	}
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

// changeResult is what a change left behind, also when it failed half way.
type changeResult struct {
	// Accepted: the API took the change (or its order was found); a
	// failure after that is about waiting, not about the change.
	Accepted bool
	// AcceptedAt is when this apply's call was accepted; zero when it
	// resumed on an order a previous apply placed.
	AcceptedAt time.Time
	OrderID    string
	Instance   *ecs.Instance
	// Timing is what the waits saw of the cloud's pace.
	Timing changeTiming
}

// applyChange sends the change with the given ClientToken (retried with
// the same token on transient errors, so a lost answer or a repeat gets
// the API's first answer back), waits for its order to be paid if one was
// placed, then for the instance to show it, unless it is a window that
// starts later. With resumeOrderID, the order a previous apply placed for
// this very change, it sends nothing and waits on that order, unless the
// API no longer knows it. The waits expect the pace hint saw (the
// resource's last change), if any.
func applyChange(ctx context.Context, client *conns.Client, instanceID string, c change, cur current, token, resumeOrderID string, hint *changeTiming) (changeResult, error) {
	var res changeResult
	if resumeOrderID != "" {
		order, err := findOrder(ctx, client, resumeOrderID)
		switch {
		case err == nil && order.PaymentStatus == orderCancelled:
			res.OrderID = resumeOrderID
			return res, &orderCancelledError{OrderID: resumeOrderID, InstanceID: instanceID}
		case err == nil:
			tflog.Info(ctx, "resuming on the order a previous apply placed", map[string]any{
				"instance_id": instanceID, "order_id": resumeOrderID, "payment_status": order.PaymentStatus,
			})
			res.Accepted, res.OrderID = true, resumeOrderID
			return waitChange(ctx, client, instanceID, c, cur, res, hint)
		case !isOrderNotFound(err):
			return res, err
		}
	}
	tflog.Info(ctx, "changing the instance's network spec", map[string]any{
		"instance_id":  instanceID,
		"change":       c.target(cur).String(),
		"start_time":   c.StartTime,
		"end_time":     c.EndTime,
		"auto_pay":     c.AutoPay,
		"client_token": token,
	})
	resp, err := retry(ctx, client, "ModifyInstanceNetworkSpec "+instanceID, func() (*ecs.ModifyInstanceNetworkSpecResponse, error) {
		ecsClient, err := client.ECS(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := ecsClient.ModifyInstanceNetworkSpec(c.request(client.Region(), instanceID, token))
		return resp, wrapSDKError("ModifyInstanceNetworkSpec", err)
	})
	if err != nil {
		return res, err
	}
	res.Accepted, res.AcceptedAt = true, sharedOf(client).clock.Now()
	res.OrderID = resp.OrderId
	tflog.Debug(ctx, "change accepted", map[string]any{"instance_id": instanceID, "order_id": res.OrderID, "request_id": resp.RequestId})
	return waitChange(ctx, client, instanceID, c, cur, res, hint)
}

// waitChange waits for an accepted change: its order paid, if it has one,
// then the instance showing it. The waits expect the pace hint saw (nil:
// none), and res.Timing is what they saw, for the resource's next change.
func waitChange(ctx context.Context, client *conns.Client, instanceID string, c change, cur current, res changeResult, hint *changeTiming) (changeResult, error) {
	var err error
	w := sharedOf(client).waiter(res.AcceptedAt)
	// A wait resumed on an order a previous apply placed does not know
	// when its change began: it counts from now, expects nothing and
	// teaches nothing.
	resumed := res.AcceptedAt.IsZero()
	var expect changeTiming
	switch {
	case resumed:
		w.origin = w.clock.Now()
	case hint != nil:
		expect = *hint
	}
	if res.OrderID != "" {
		w.expect = expect.Paid
		if res.Timing.Paid, err = waitOrderPaid(ctx, client, instanceID, res.OrderID, w); err != nil {
			return res, err
		}
	}
	if c.windowPending(cloudNow(client)) {
		tflog.Debug(ctx, "the temporary window starts later: not waiting for its bandwidth", map[string]any{
			"instance_id": instanceID, "start_time": c.StartTime,
		})
		res.Instance, err = findInstance(ctx, client, instanceID)
		return res, err
	}
	w.expect = expect.Shown
	res.Instance, res.Timing.Shown, err = waitSpecApplied(ctx, client, instanceID, cur.networkSpec, c.target(cur), w)
	if resumed {
		res.Timing = changeTiming{}
	}
	return res, err
}

// changeTiming is how long after the API accepted a change its waits last
// saw the order unpaid and the old spec: kept in the resource's private
// state, so that its next change sleeps until then (settleSchedule). Zero
// is not known: the first check already saw it done, or the wait resumed.
// A faster cloud makes a first check see it done, which forgets the time.
type changeTiming struct {
	Paid  time.Duration `json:"paid,omitempty"`
	Shown time.Duration `json:"shown,omitempty"`
}

func known(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// specOfState is the spec the state records.
func specOfState(state resourceModel) networkSpec {
	return networkSpec{
		Out:        state.InternetMaxBandwidthOut.ValueInt64(),
		In:         state.InternetMaxBandwidthIn.ValueInt64(),
		ChargeType: state.InternetChargeType.ValueString(),
	}
}

// currentOfState is what the (refreshed) state says the instance has.
func currentOfState(state resourceModel) current {
	return current{
		networkSpec:        specOfState(state),
		InstanceChargeType: state.InstanceChargeType.ValueString(),
		HasPublicIP:        state.PublicIPAddress.ValueString() != "",
	}
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
