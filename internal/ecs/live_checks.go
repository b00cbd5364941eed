package ecs

import (
	"context"
	"errors"
	"fmt"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// planCheckTimeout bounds the read-only calls of a plan for one resource,
// retries included: a dead endpoint or a throttled API must not hold a
// plan for longer.
const planCheckTimeout = 30 * time.Second

// checkLive judges the change an apply would send against the instance as
// it is, with at most three read-only calls: DescribeInstances unless the
// refresh just read the instance (instanceAsSeen), then
// DescribeBandwidthLimitation when the outbound bandwidth changes (twice
// when its answer shows the API judges against a spec not yet shown). It
// makes no call when the plan sends nothing, the provider is not
// configured, or instance_id is unknown (checkReferenceRange then checks
// the reference's ranges). state is nil on create and on replacement;
// planned and prior are the plan's and the state's temporary_upgrade.
//
// A lookup that fails for a reason that would fail the apply as well
// (credentials, permissions, a dead endpoint) fails the plan; one that
// fails for a passing reason (throttling, server errors) leaves a warning,
// and the outbound bandwidth is checked against the reference's range.
func (r *instanceNetworkSpecResource) checkLive(ctx context.Context, private privateState, plan resourceModel, planned, prior *windowModel, state *resourceModel, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if !r.checksLive(plan) || (state != nil && !specChanges(plan, *state) && windowToBook(planned, prior, now) == nil) {
		return diags
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	id := plan.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)

	facts, err := instanceAsSeen(ctx, r.client, private, private, id)
	if isNotFound(err) {
		diags.AddAttributeError(path.Root("instance_id"), "Instance not found",
			fmt.Sprintf("No instance %s exists in region %s for these credentials, so its network spec cannot be managed. "+
				"Check instance_id, the provider's region and the account.", id, r.client.Region()))
		return diags
	}
	if err != nil {
		// The apply reads the instance the same way: what refuses this
		// read refuses the apply.
		if !passes(err) {
			diags.Append(diagnose(err))
			return diags
		}
		diags.Append(skippedLiveChecks("the instance", err))
		if v := plan.InternetMaxBandwidthOut; known(v) && (state == nil || !v.Equal(state.InternetMaxBandwidthOut)) {
			diags.Append(outAboveReference(path.Root("internet_max_bandwidth_out"), v.ValueInt64(), "DescribeInstances failed")...)
		}
		return diags
	}

	// The change is computed as the apply will compute it: against the
	// state's permanent spec on update, against the instance on create.
	cur := facts.networkSpec
	if state != nil {
		cur = state.spec()
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
	check := planCheck{facts: facts, change: c, now: now}
	diags.Append(check.checkFacts()...)
	if diags.HasError() {
		return diags
	}
	if state != nil {
		pending, d := getPrivate[pendingChange](ctx, private, privatePending)
		diags.Append(d...)
		diags.Append(checkPending(pending, c.fingerprint(id, cur))...)
	}

	if c.Out == nil {
		return diags
	}
	limit, err := r.allowedOut(ctx, check)
	if err != nil {
		// The apply does not make this call, so only what fails every
		// call fails the plan; the range falls back to the reference's.
		var ae *apiError
		if !passes(err) && (!errors.As(err, &ae) || isCredentialRefusal(err)) {
			diags.Append(diagnose(err))
			return diags
		}
		diags.Append(skippedLiveChecks("the allowed bandwidth range", err))
		diags.Append(outAboveReference(check.bandwidthPath("internet_max_bandwidth_out"), *c.Out, "DescribeBandwidthLimitation failed")...)
		return diags
	}
	diags.Append(check.checkRange(limit)...)
	return diags
}

// allowedOut looks up the outbound range the API judges the change by.
// The operation type (raise or lower) depends on the instance's committed
// bandwidth, which may differ from the one it shows while a change
// settles (another workspace's, the console's). DescribeBandwidthLimitation
// answers from the committed one: when its range for the shown one's
// operation leaves the change on the other side of it, the change is the
// other operation for the API, and that range decides.
func (r *instanceNetworkSpecResource) allowedOut(ctx context.Context, check planCheck) (outLimit, error) {
	op := check.bandwidthOperation()
	l, err := r.outLimit(ctx, check, op)
	if err != nil || !l.listed {
		return l, err
	}
	out := int(*check.change.Out)
	other := ""
	switch {
	case op == bandwidthUpgrade && out < l.Min:
		other = bandwidthDowngrade
	case op == bandwidthDowngrade && out > l.Max:
		other = bandwidthUpgrade
	default:
		return l, nil
	}
	l2, err := r.outLimit(ctx, check, other)
	if err != nil || !l2.listed {
		return l, err
	}
	l2.committedDiffers = true
	return l2, nil
}

// outLimit is the range DescribeBandwidthLimitation gives for operation
// and the Internet charge type the instance will have.
func (r *instanceNetworkSpecResource) outLimit(ctx context.Context, check planCheck, operation string) (outLimit, error) {
	limits, err := findBandwidthLimitation(ctx, r.client, check.facts.InstanceID, check.facts.InstanceChargeType, operation)
	if err != nil {
		return outLimit{}, err
	}
	return newOutLimit(limits, operation, check.chargeType()), nil
}

// outLimit is one range DescribeBandwidthLimitation answered.
type outLimit struct {
	ecs.Bandwidth
	operation  string
	chargeType string
	// listed: the answer has a range for chargeType.
	listed bool
	// committedDiffers: the answer showed the API judges the change as
	// the other operation than the shown bandwidth suggests.
	committedDiffers bool
}

// newOutLimit picks the range for chargeType from an answer for operation.
func newOutLimit(limits []ecs.Bandwidth, operation, chargeType string) outLimit {
	l := outLimit{operation: operation, chargeType: chargeType}
	l.Bandwidth, l.listed = limitFor(limits, chargeType)
	return l
}

// passes: a read-only call failed for a reason that passes, which the
// plan may step over with a warning: the API kept answering "not now"
// (throttling, server errors, try-later codes, a proxy's error page) until
// the plan's deadline. Anything else would fail the apply as well, so it
// fails the plan: refused credentials or permissions, a dead endpoint, a
// TLS failure, a definite refusal of the read.
func passes(err error) bool {
	var (
		ee *endpointError
		ae *apiError
		te *transportError
		ce *sdkerrors.ClientError
	)
	switch {
	case errors.As(err, &ee), errors.As(err, &te):
		return false
	case errors.As(err, &ae):
		return classify(err) == failTransient
	case errors.As(err, &ce):
		return classify(err) == failTransient
	}
	return errors.Is(err, context.DeadlineExceeded)
}

// checksLive: the plan can be checked against the instance.
func (r *instanceNetworkSpecResource) checksLive(plan resourceModel) bool {
	return r.client != nil && known(plan.InstanceID)
}

// skippedLiveChecks is the warning for a read-only call that failed for a
// passing reason: the plan goes on, and the apply still meets any refusal.
func skippedLiveChecks(what string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Plan-time checks skipped",
		fmt.Sprintf("Could not read %s to check the change against it, so the plan does not tell whether the API accepts it; "+
			"the apply will. Cause: %s", what, err))
}
