package ecs

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan decides at plan time what can be decided before apply. First
// what the configuration alone decides (the attribute validators do the
// rest: ranges, charge type values, time formats, window bounds together
// and in order), with no API call. Then, when the plan changes something,
// what the instance's facts decide, through read-only calls (checkLive).
// It also marks unknown the computed values an update will change.
func (r *instanceNetworkSpecResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkAllocatePublicIP(plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(r.checkLive(ctx, req.Private, plan, nil)...)
		return
	}

	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.InstanceID.Equal(state.InstanceID) {
		// A replacement: the new instance is managed from scratch.
		resp.Diagnostics.Append(r.checkLive(ctx, req.Private, plan, nil)...)
		return
	}
	if specChanges(plan, state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("order_id"), types.StringUnknown())...)
	}
	if publicIPMayChange(plan, state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("public_ip_address"), types.StringUnknown())...)
	}
	resp.Diagnostics.Append(r.checkLive(ctx, req.Private, plan, &state)...)
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

// specChanges: the update will send a change (or cannot tell before apply).
// It uses planChange, the function Update sends from, so that order_id is
// unknown in the plan exactly when an update may place an order. Dropping a
// window may make the configured bandwidth permanent, which only the
// instance can tell.
func specChanges(plan, state resourceModel) bool {
	if windowRemoved(plan, state) {
		return true
	}
	for _, v := range []interface{ IsUnknown() bool }{
		plan.InternetMaxBandwidthOut, plan.InternetMaxBandwidthIn, plan.NetworkChargeType, plan.StartTime, plan.EndTime,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	return !planChange(plan, currentOfState(state), windowChanged(plan, state)).empty()
}

// publicIPMayChange: the outbound bandwidth leaves 0 (an IP may come) or
// goes to 0 (it may go).
func publicIPMayChange(plan, state resourceModel) bool {
	if plan.InternetMaxBandwidthOut.IsUnknown() || windowRemoved(plan, state) {
		return true
	}
	if plan.InternetMaxBandwidthOut.IsNull() {
		return false
	}
	was, will := state.InternetMaxBandwidthOut.ValueInt64(), plan.InternetMaxBandwidthOut.ValueInt64()
	return (was == 0) != (will == 0)
}
