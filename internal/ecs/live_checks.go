package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// planCheckTimeout bounds the read-only calls of a plan, retries of
// transient errors included; past it the plan goes on without them.
const planCheckTimeout = time.Minute

// checkLive judges the change an apply would send against the instance as
// it is, with at most two read-only calls: DescribeInstances, then
// DescribeBandwidthLimitation when the outbound bandwidth changes. It
// makes no call when the plan sends nothing, the provider is not
// configured, or instance_id is unknown (the apply then meets any refusal).
// state is nil on create and on replacement; planned and prior are the
// plan's and the state's temporary_upgrade.
func (r *instanceNetworkSpecResource) checkLive(ctx context.Context, private privateGetter, plan resourceModel, planned, prior *windowModel, state *resourceModel, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if !r.checksLive(plan) || (state != nil && !specChanges(plan, *state) && windowToBook(planned, prior, now) == nil) {
		return diags
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	id := plan.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)

	inst, err := findInstance(ctx, r.client, id)
	if isNotFound(err) {
		diags.AddAttributeError(path.Root("instance_id"), "Instance not found",
			fmt.Sprintf("No instance %s exists in region %s for these credentials, so its network spec cannot be managed. "+
				"Check instance_id, the provider's region and the account.", id, r.client.Region()))
		return diags
	}
	if err != nil {
		diags.Append(skippedLiveChecks("the instance", err))
		return diags
	}

	// The change is computed as the apply will compute it: against the
	// state's permanent spec on update, against the instance on create.
	cur := currentOf(inst)
	if state != nil {
		cur = currentOfState(*state)
	} else {
		diags.Append(checkOneChange(plan, planned, nil, cur, now)...)
		if diags.HasError() {
			return diags
		}
	}
	c := nextChange(plan, planned, prior, cur, now)
	if c.empty() {
		return diags
	}
	check := planCheck{facts: factsOf(inst), change: c, now: now}
	diags.Append(check.checkFacts()...)
	if diags.HasError() {
		return diags
	}
	if state != nil {
		pending, d := getPrivate[pendingChange](ctx, private, privatePending)
		diags.Append(d...)
		diags.Append(checkPending(pending, c.fingerprint(id, cur.networkSpec))...)
	}

	if c.Out == nil {
		return diags
	}
	limits, err := findBandwidthLimitation(ctx, r.client, id, check.facts.InstanceChargeType, check.bandwidthOperation())
	if err != nil {
		diags.Append(skippedLiveChecks("the allowed bandwidth range", err))
		return diags
	}
	diags.Append(check.checkRange(limits)...)
	return diags
}

// checksLive: the plan can be checked against the instance.
func (r *instanceNetworkSpecResource) checksLive(plan resourceModel) bool {
	return r.client != nil && known(plan.InstanceID)
}

// skippedLiveChecks is the warning for a read-only call that failed: the
// plan goes on, and the apply still meets any refusal.
func skippedLiveChecks(what string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Plan-time checks skipped",
		fmt.Sprintf("Could not read %s to check the change against it, so the plan does not tell whether the API accepts it; "+
			"the apply will. Cause: %s", what, err))
}
