package ecs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// restoreChange puts back the original spec, but for a charge type the API
// does not move back to (chargeTypeKept).
func restoreChange(original networkSpec, cur instanceFacts, autoPay bool) change {
	c := change{AutoPay: autoPay}
	if original.Out != cur.Out {
		c.Out = &original.Out
	}
	if original.In != cur.In {
		c.In = &original.In
	}
	if original.ChargeType != "" && original.ChargeType != cur.ChargeType && !chargeTypeKept(original, cur) {
		c.ChargeType = &original.ChargeType
	}
	return c
}

// chargeTypeKept: the original charge type is one a subscription cannot go
// back to through the API (PayByBandwidth to PayByTraffic).
func chargeTypeKept(original networkSpec, cur instanceFacts) bool {
	return cur.prepaid() && cur.ChargeType == chargePayByBandwidth &&
		original.ChargeType == chargePayByTraffic
}

// warnRestore is the destroy plan's warning of what restore_on_destroy
// will send, from the refreshed state (the instance's permanent spec), the
// instance as the refresh saw it, and the spec recorded when the resource
// first managed the instance; nothing when nothing would be sent.
func warnRestore(ctx context.Context, client *conns.Client, st tfsdk.State, private privateGetter) diag.Diagnostics {
	var state resourceModel
	diags := st.Get(ctx, &state)
	if diags.HasError() || !state.RestoreOnDestroy.ValueBool() {
		return diags
	}
	at := path.Root("restore_on_destroy")
	id := state.InstanceID.ValueString()
	original, d := getPrivate[networkSpec](ctx, private, privateOriginal)
	diags.Append(d...)
	if original == nil {
		diags.AddAttributeWarning(at, "Destroy restores nothing",
			fmt.Sprintf("restore_on_destroy is set, but the spec instance %s had when first managed was not recorded (the state "+
				"predates it or was edited): the destroy sends nothing and the instance keeps its network spec.", id))
		return diags
	}
	if client == nil {
		return diags
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	facts, err := instanceAsSeen(ctx, client, private, nil, id)
	if err != nil {
		diags.AddAttributeWarning(at, "Destroy restores the original spec",
			fmt.Sprintf("restore_on_destroy = true: destroying this resource sends ModifyInstanceNetworkSpec to instance %s to put "+
				"back the spec it had when first managed (out %d Mbit/s, in %d Mbit/s, %s). The instance could not be read to "+
				"tell what that changes and costs: %s", id, original.Out, original.In, original.ChargeType, err))
		return diags
	}
	diags.Append(restoreWarnings(ctx, state, *original, facts.withSpec(state.spec()), cloudNow(client))...)
	return diags
}

// restoreWarnings are warnRestore's warnings for the restore from cur, the
// instance with its permanent spec, to original, at now.
func restoreWarnings(ctx context.Context, state resourceModel, original networkSpec, cur instanceFacts, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root("restore_on_destroy")
	c := restoreChange(original, cur, autoPayOf(state))
	if chargeTypeKept(original, cur) {
		diags.AddAttributeWarning(at, "Charge type not restored",
			fmt.Sprintf("Instance %s was billed %s when first managed and is now %s: a subscription cannot move back to %s "+
				"through the API, so the destroy leaves internet_charge_type as it is. Change it in the console if needed.",
				state.InstanceID.ValueString(), original.ChargeType, cur.ChargeType, original.ChargeType))
	}
	if c.empty() {
		return diags
	}
	lines := describeRestore(c, cur)
	if w, _, d := windowOf(ctx, state); w != nil {
		diags.Append(d...)
		if status := w.status(now); status == windowBooked || status == windowActive {
			lines = append(lines, fmt.Sprintf("The temporary upgrade until %s is %s: the API takes no change of the instance "+
				"until it ends (InvalidParameter.Conflict), so a destroy before then fails and leaves the instance as it is.",
				w.EndTime.ValueString(), status))
		}
	}
	diags.AddAttributeWarning(at, "Destroy restores the original spec",
		fmt.Sprintf("restore_on_destroy = true: destroying this resource sends ModifyInstanceNetworkSpec to instance %s, putting "+
			"back the spec it had when first managed:\n%s", state.InstanceID.ValueString(), strings.Join(lines, "\n")))
	return diags
}

// describeRestore says, setting by setting, what the restore changes and
// what that costs.
func describeRestore(c change, cur instanceFacts) []string {
	prepaid := cur.prepaid()
	order := "an order paid from the account balance"
	if !c.AutoPay {
		order = "an order left for payment in the console (auto_pay = false)"
	}
	bandwidth := func(attr string, from, to int64) string {
		var what string
		switch {
		case !prepaid:
			what = "pay-as-you-go: no order"
		case to < from:
			what = fmt.Sprintf("a subscription downgrade; refund order; counts against the %d downgrades allowed", maxDowngrades)
		default:
			what = "a subscription upgrade; " + order
		}
		return fmt.Sprintf("%s %d -> %d Mbit/s: %s", attr, from, to, what)
	}
	var lines []string
	if c.Out != nil {
		lines = append(lines, bandwidth("internet_max_bandwidth_out", cur.Out, *c.Out))
	}
	if c.In != nil {
		lines = append(lines, bandwidth("internet_max_bandwidth_in", cur.In, *c.In))
	}
	if c.ChargeType != nil {
		what := "pay-as-you-go: no order"
		if prepaid {
			what = "a subscription change; " + order
		}
		lines = append(lines, fmt.Sprintf("internet_charge_type %s -> %s: %s", cur.ChargeType, *c.ChargeType, what))
	}
	return lines
}
