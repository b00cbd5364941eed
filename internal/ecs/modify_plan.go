package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// windowPath is the path of the temporary_upgrade block, or of one of its
// attributes.
func windowPath(attr string) path.Path {
	p := path.Root("temporary_upgrade")
	if attr == "" {
		return p
	}
	return p.AtListIndex(0).AtName(attr)
}

// ModifyPlan decides at plan time what can be decided before apply. First
// what the configuration and the state decide (the attribute validators do
// the rest: values never valid, time formats, window bounds in order),
// with no API call; time-dependent decisions by the cloud's clock. Then,
// when the plan sends something, what the instance's facts decide, through
// read-only calls (checkLive). It also marks unknown the computed values
// an apply will change.
func (r *instanceNetworkSpecResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(warnRestore(ctx, r.client, req.State, req.Private)...)
		return
	}
	// One bound for every read-only call of this plan (the clock's read
	// and checkLive's), so that a dead endpoint costs it once.
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkAllocatePublicIP(plan)...)
	var state *resourceModel
	if !req.State.Raw.IsNull() {
		state = &resourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if !plan.InstanceID.Equal(state.InstanceID) {
			// A replacement: the new instance is managed from scratch.
			state = nil
		}
	}
	planned, plannedUnknown, diags := windowOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	var prior *windowModel
	if state != nil {
		prior, _, diags = windowOf(ctx, *state)
		resp.Diagnostics.Append(diags...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// The framework hands ModifyPlan one private state to read and write:
	// what it keeps of the instance is there for the apply. A resource not
	// managed yet has none to go by (Terraform may hand over what a
	// resource the refresh dropped left).
	var private privateState
	if state != nil {
		private = resp.Private
	}
	now := r.planNow(ctx, private, plan, planned != nil || prior != nil)
	resp.Diagnostics.Append(checkReferenceRange(plan, planned)...)
	if !plannedUnknown {
		resp.Diagnostics.Append(checkWindowPlan(planned, prior, now)...)
	}
	if state != nil {
		resp.Diagnostics.Append(checkOneChange(plan, planned, prior, state.spec(), now)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	if state != nil && specChanges(plan, *state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("order_id"), types.StringUnknown())...)
	}
	if state != nil && publicIPMayChange(plan, *state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("public_ip_address"), types.StringUnknown())...)
	}
	if planned != nil {
		resp.Diagnostics.Append(planWindowComputed(ctx, resp, *planned, prior, now)...)
	}
	if state != nil && (specChanges(plan, *state) || windowToBook(planned, prior, now) != nil) {
		last, diags := getPrivate[time.Time](ctx, req.Private, privateLastChange)
		resp.Diagnostics.Append(diags...)
		resp.Diagnostics.Append(warnChangeLock(plan.InstanceID.ValueString(), last, now)...)
	}
	resp.Diagnostics.Append(r.checkLive(ctx, private, plan, planned, prior, state, now)...)
}

// changeLock is how long the cloud takes no other change of an instance
// after a successful one, as its API pages say today (LastOrderProcessing).
const changeLock = 5 * time.Minute

// warnChangeLock warns when this resource's own last change of the
// instance, at last by the cloud's clock, is less than changeLock old: the
// apply will wait for the lock to pass. Changes made otherwise are not
// known to the plan.
func warnChangeLock(instanceID string, last *time.Time, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if last == nil || now.Sub(*last) >= changeLock || now.Before(*last) {
		return diags
	}
	until := last.Add(changeLock)
	diags.AddWarning("Instance changed less than five minutes ago",
		fmt.Sprintf("This resource changed instance %s at %s (the cloud's clock; now %s). The API takes no other change of an "+
			"instance for five minutes after a successful one (LastOrderProcessing), so the apply retries until about %s, "+
			"within its timeout, before the change goes through.", instanceID, last.Format(time.RFC3339), now.Format(time.RFC3339),
			until.Format(time.RFC3339)))
	return diags
}

// planNow is the cloud's time for the plan's decisions. When they depend
// on it (timed) and this provider process has had no answer yet to read
// the cloud's clock from (the plan Terraform makes again at apply, in a
// process of its own), it takes the clock from the facts the refresh kept,
// or else from reading the instance (a create).
func (r *instanceNetworkSpecResource) planNow(ctx context.Context, private privateState, plan resourceModel, timed bool) time.Time {
	if timed && r.checksLive(plan) && !sharedOf(r.client).clock.Read() {
		ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
		defer cancel()
		if _, err := instanceAsSeen(ctx, r.client, private, private, plan.InstanceID.ValueString()); err != nil {
			tflog.Debug(ctx, "could not read the cloud's clock: deciding by the local clock", map[string]any{"error": err.Error()})
		}
	}
	return cloudNow(r.client)
}

// planWindowComputed plans the window's order_id and status: the state's
// for the same window; for a new one, none and Ended when it has ended
// (nothing is sent), else known after apply.
func planWindowComputed(ctx context.Context, resp *resource.ModifyPlanResponse, planned windowModel, prior *windowModel, now time.Time) diag.Diagnostics {
	orderID, status := types.StringUnknown(), types.StringUnknown()
	switch {
	case sameWindow(&planned, prior):
		orderID, status = prior.OrderID, prior.Status
	case planned.known() && planned.ended(now):
		orderID, status = types.StringNull(), types.StringValue(windowEnded)
	}
	var diags diag.Diagnostics
	diags.Append(resp.Plan.SetAttribute(ctx, windowPath("order_id"), orderID)...)
	diags.Append(resp.Plan.SetAttribute(ctx, windowPath("status"), status)...)
	return diags
}

// checkAllocatePublicIP refuses a public IP with no outbound bandwidth to
// carry it; the planned bandwidth may come from the state when the
// configuration leaves it out.
func checkAllocatePublicIP(plan resourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if !known(plan.AllocatePublicIP) || !plan.AllocatePublicIP.ValueBool() || !known(plan.InternetMaxBandwidthOut) {
		return diags
	}
	if plan.InternetMaxBandwidthOut.ValueInt64() == 0 {
		diags.AddAttributeError(path.Root("allocate_public_ip"), "Public IP without outbound bandwidth",
			"allocate_public_ip = true asks for a public IP when internet_max_bandwidth_out goes above 0, but it is planned to be 0. "+
				"Set internet_max_bandwidth_out to 1 or more, or set allocate_public_ip = false.")
	}
	return diags
}

// checkReferenceRange checks the bandwidth against the reference's ranges:
// the inbound 1-200 always, as the API shows no range of an instance's
// own for it; the outbound 0-100 only while the instance's own range
// cannot be looked up because instance_id is not known yet.
func checkReferenceRange(plan resourceModel, planned *windowModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if v := plan.InternetMaxBandwidthOut; !known(plan.InstanceID) && known(v) {
		diags.Append(outAboveReference(path.Root("internet_max_bandwidth_out"), v.ValueInt64(), "instance_id is not known at plan")...)
	}
	inbound := map[string]types.Int64{"internet_max_bandwidth_in": plan.InternetMaxBandwidthIn}
	if planned != nil {
		inbound["temporary_upgrade.internet_max_bandwidth_in"] = planned.InternetMaxBandwidthIn
	}
	for name, v := range inbound {
		if !known(v) || v.ValueInt64() <= maxBandwidthIn {
			continue
		}
		at := path.Root("internet_max_bandwidth_in")
		if planned != nil && name != "internet_max_bandwidth_in" {
			at = windowPath("internet_max_bandwidth_in")
		}
		diags.AddAttributeError(at, codeGuidance["InvalidInternetMaxBandwidthIn.ValueNotSupported"].Summary,
			fmt.Sprintf("%s = %d is above %d Mbit/s, the limit of ModifyInstanceNetworkSpec for inbound bandwidth "+
				"(InvalidInternetMaxBandwidthIn.ValueNotSupported). Set it to at most %d.", name, v.ValueInt64(), maxBandwidthIn, maxBandwidthIn))
	}
	return diags
}

// outAboveReference refuses an outbound bandwidth above the reference's
// 100 Mbit/s, which stands in for the instance's own range while that
// cannot be looked up (why).
func outAboveReference(at path.Path, out int64, why string) diag.Diagnostics {
	var diags diag.Diagnostics
	if out <= maxBandwidthOut {
		return diags
	}
	diags.AddAttributeError(at, codeGuidance["InvalidInternetMaxBandwidthOut.ValueNotSupported"].Summary,
		fmt.Sprintf("internet_max_bandwidth_out = %d is above %d Mbit/s, the limit of the API reference, which applies while "+
			"the instance's own range (from DescribeBandwidthLimitation) cannot be looked up: %s. Set internet_max_bandwidth_out "+
			"to at most %d, or plan again once the instance's range can be read.", out, maxBandwidthOut, why, maxBandwidthOut))
	return diags
}

// checkWindowPlan decides what the window's times and the state's window
// decide: a window booked or running cannot be replaced nor removed (the
// API takes no other change of the instance until it ends); a window to
// book must start ahead of the cloud's clock; one that has ended sends
// nothing and may go.
func checkWindowPlan(planned, prior *windowModel, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if prior != nil && !sameWindow(planned, prior) {
		if status := prior.status(now); status == windowBooked || status == windowActive {
			what, attr := "replaced", windowPath("")
			if planned == nil {
				what = "removed"
			}
			diags.AddAttributeError(attr, "Temporary upgrade cannot be "+what,
				fmt.Sprintf("The temporary upgrade from %s to %s (order %s) is %s at %s: the API takes no other window nor any "+
					"change of the instance until it ends (InvalidParameter.Conflict), and a booked window cannot be cancelled "+
					"through it. Keep the temporary_upgrade block as it is until %s; it may then be edited or removed.",
					prior.StartTime.ValueString(), prior.EndTime.ValueString(), orNone(prior.OrderID), status,
					now.Format(startTimeLayout), prior.EndTime.ValueString()))
			return diags
		}
	}
	if planned == nil || !planned.known() {
		return diags
	}
	start, _, ok := planned.bounds()
	switch {
	case !ok:
	case planned.ended(now):
		diags.AddAttributeWarning(windowPath(""), "Temporary upgrade has ended",
			fmt.Sprintf("The temporary upgrade from %s to %s has ended (now %s by the cloud's clock): it sends nothing and "+
				"changes nothing, and the temporary_upgrade block can be removed.",
				planned.StartTime.ValueString(), planned.EndTime.ValueString(), now.Format(startTimeLayout)))
	case !sameWindow(planned, prior) && !start.After(now):
		diags.AddAttributeError(windowPath("start_time"), "Temporary upgrade starts in the past",
			fmt.Sprintf("start_time %s is not ahead of now (%s by the cloud's clock): a window is booked for later, and one "+
				"already started would be paid for time that has passed. Set a start_time ahead, such as %s.",
				planned.StartTime.ValueString(), now.Format(startTimeLayout),
				now.Add(time.Hour).Truncate(time.Minute).Format(startTimeLayout)))
	}
	return diags
}

// checkOneChange refuses what one apply cannot send: the API takes a
// window alone, and no change at all while one is booked or running.
func checkOneChange(plan resourceModel, planned, prior *windowModel, cur networkSpec, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	c := planChange(plan, cur)
	if c.empty() {
		return diags
	}
	attr := changedAttribute(c)
	if prior != nil && sameWindow(planned, prior) {
		if status := prior.status(now); status == windowBooked || status == windowActive {
			diags.AddAttributeError(path.Root(attr), codeGuidance["InvalidParameter.Conflict"].Summary,
				fmt.Sprintf("The temporary upgrade from %s to %s is %s: the API takes no change of the instance until it ends "+
					"(InvalidParameter.Conflict). Change %s after %s.", prior.StartTime.ValueString(), prior.EndTime.ValueString(),
					status, attr, prior.EndTime.ValueString()))
			return diags
		}
	}
	if windowToBook(planned, prior, now) != nil {
		diags.AddAttributeError(windowPath(""), "Permanent change and temporary upgrade together",
			fmt.Sprintf("The plan changes %s and books a temporary upgrade: the API takes a window only in a request of its "+
				"own, and no change while it is booked. Apply the permanent change first, then add the temporary_upgrade block.", attr))
	}
	return diags
}

// changedAttribute names the first attribute a permanent change sets.
func changedAttribute(c change) string {
	switch {
	case c.Out != nil:
		return "internet_max_bandwidth_out"
	case c.In != nil:
		return "internet_max_bandwidth_in"
	default:
		return "internet_charge_type"
	}
}

func orNone(s types.String) string {
	if s.ValueString() == "" {
		return "none"
	}
	return s.ValueString()
}

// specChanges: the update will send a permanent change (or cannot tell
// before apply). It uses planChange, the function Update sends from, so
// that order_id is unknown in the plan exactly when an update may place an
// order for the permanent spec.
func specChanges(plan, state resourceModel) bool {
	for _, v := range []interface{ IsUnknown() bool }{
		plan.InternetMaxBandwidthOut, plan.InternetMaxBandwidthIn, plan.InternetChargeType,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	return !planChange(plan, state.spec()).empty()
}

// publicIPMayChange: the outbound bandwidth leaves 0 (an IP may come) or
// goes to 0 (it may go).
func publicIPMayChange(plan, state resourceModel) bool {
	if plan.InternetMaxBandwidthOut.IsUnknown() {
		return true
	}
	if plan.InternetMaxBandwidthOut.IsNull() {
		return false
	}
	was, will := state.InternetMaxBandwidthOut.ValueInt64(), plan.InternetMaxBandwidthOut.ValueInt64()
	return (was == 0) != (will == 0)
}
