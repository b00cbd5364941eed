package ecs

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// windowLinger is how long after its end a window may still show on the
// instance: while the instance shows exactly the window's bandwidth that
// soon after the end, the cloud has not put the permanent spec back yet,
// and the state keeps it rather than plan a change to undo the window.
const windowLinger = 10 * time.Minute

// windowObjectType is the type of one temporary_upgrade block.
var windowObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"internet_max_bandwidth_out": types.Int64Type,
	"internet_max_bandwidth_in":  types.Int64Type,
	"start_time":                 types.StringType,
	"end_time":                   types.StringType,
	"order_id":                   types.StringType,
	"status":                     types.StringType,
}}

// windowOf is the model's temporary_upgrade block: nil when there is none;
// unknown when the configuration cannot tell yet (a dynamic block).
func windowOf(ctx context.Context, m resourceModel) (w *windowModel, unknown bool, diags diag.Diagnostics) {
	if m.TemporaryUpgrade.IsUnknown() {
		return nil, true, diags
	}
	if m.TemporaryUpgrade.IsNull() || len(m.TemporaryUpgrade.Elements()) == 0 {
		return nil, false, diags
	}
	var ws []windowModel
	diags.Append(m.TemporaryUpgrade.ElementsAs(ctx, &ws, false)...)
	if diags.HasError() || len(ws) == 0 {
		return nil, false, diags
	}
	return &ws[0], false, diags
}

// setWindow puts w (nil for none) in the model's temporary_upgrade.
func setWindow(ctx context.Context, m *resourceModel, w *windowModel) diag.Diagnostics {
	if w == nil {
		m.TemporaryUpgrade = types.ListNull(windowObjectType)
		return nil
	}
	list, diags := types.ListValueFrom(ctx, windowObjectType, []windowModel{*w})
	m.TemporaryUpgrade = list
	return diags
}

// windowKnown: every configured part of the window is known.
func (w windowModel) known() bool {
	return !w.InternetMaxBandwidthOut.IsUnknown() && !w.InternetMaxBandwidthIn.IsUnknown() &&
		known(w.StartTime) && known(w.EndTime)
}

// sameWindow: a and b are the same window as configured (bandwidth and
// times); order_id and status follow from it.
func sameWindow(a, b *windowModel) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.InternetMaxBandwidthOut.Equal(b.InternetMaxBandwidthOut) && a.InternetMaxBandwidthIn.Equal(b.InternetMaxBandwidthIn) &&
		a.StartTime.Equal(b.StartTime) && a.EndTime.Equal(b.EndTime)
}

// bounds are the window's start and end; false when either does not parse
// (the validators report it).
func (w windowModel) bounds() (start, end time.Time, ok bool) {
	start, err1 := parseWindowTime(w.StartTime.ValueString())
	end, err2 := parseWindowTime(w.EndTime.ValueString())
	return start, end, err1 == nil && err2 == nil
}

// status is Booked, Active or Ended at now, by the window's times; empty
// when they do not parse.
func (w windowModel) status(now time.Time) string {
	start, end, ok := w.bounds()
	switch {
	case !ok:
		return ""
	case now.Before(start):
		return windowBooked
	case now.Before(end):
		return windowActive
	default:
		return windowEnded
	}
}

// ended: the window's end is past at now.
func (w windowModel) ended(now time.Time) bool {
	return w.status(now) == windowEnded
}

// books: the change places a temporary upgrade's order.
func (c change) books() bool { return c.StartTime != "" }

// change is the ModifyInstanceNetworkSpec request that books the window.
func (w windowModel) change(autoPay bool) change {
	c := change{AutoPay: autoPay, StartTime: w.StartTime.ValueString(), EndTime: w.EndTime.ValueString()}
	if known(w.InternetMaxBandwidthOut) {
		v := w.InternetMaxBandwidthOut.ValueInt64()
		c.Out = &v
	}
	if known(w.InternetMaxBandwidthIn) {
		v := w.InternetMaxBandwidthIn.ValueInt64()
		c.In = &v
	}
	return c
}

// windowToBook is the planned window when the apply must place its order:
// one the state does not have yet (new or edited) that has not ended. An
// ended window sends nothing.
func windowToBook(planned, prior *windowModel, now time.Time) *windowModel {
	if planned == nil || !planned.known() || sameWindow(planned, prior) || planned.ended(now) {
		return nil
	}
	return planned
}

// nextChange is the one change an apply sends to go from cur, the
// instance's permanent spec, to the plan: the permanent change when there
// is one, else the order of a window to book. The plan refuses both at
// once (checkWindowPlan), since the API takes a window only alone.
func nextChange(plan resourceModel, planned, prior *windowModel, cur networkSpec, now time.Time) change {
	if c := planChange(plan, cur); !c.empty() {
		return c
	}
	if w := windowToBook(planned, prior, now); w != nil {
		return w.change(autoPayOf(plan))
	}
	return change{AutoPay: autoPayOf(plan)}
}

// windowAfterApply fills the window's computed parts after an apply: those of
// the state's window when it is the same, else the order just placed for
// it (none for an ended window) and its status now.
func windowAfterApply(planned, prior *windowModel, orderID string, now time.Time) *windowModel {
	if planned == nil {
		return nil
	}
	w := *planned
	if sameWindow(planned, prior) {
		w.OrderID, w.Status = prior.OrderID, prior.Status
		return &w
	}
	w.OrderID, w.Status = stringOrNull(orderID), stringOrNull(w.status(now))
	return &w
}

// permanentValue is the permanent value of one bandwidth the instance shows
// as shown: the state's instead while the window raises it to raised
// (Active, or just ended and not yet put back).
func permanentValue(shown int64, raised types.Int64, prior types.Int64, w windowModel, now time.Time) types.Int64 {
	if !known(raised) || !known(prior) || shown != raised.ValueInt64() || shown == prior.ValueInt64() {
		return types.Int64Value(shown)
	}
	_, end, ok := w.bounds()
	switch status := w.status(now); {
	case status == windowActive, ok && status == windowEnded && now.Sub(end) < windowLinger:
		return prior
	}
	return types.Int64Value(shown)
}

func autoPayOf(m resourceModel) bool {
	return m.AutoPay.IsNull() || m.AutoPay.IsUnknown() || m.AutoPay.ValueBool()
}
