package ecs

import (
	"context"
	"errors"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// changeRun is one change of a resource, from the look at the cloud before
// it is sent to the end of its wait, and the one owner of what the
// resource's private state keeps of its changes. Resumption rests on what
// survives a killed provider or Terraform: the prior state's values and the
// cloud itself. Terraform keeps the prior state of an apply that died but
// not its private state, and a failed create leaves no state at all, so
// private state only makes a run faster or clearer: the change left
// pending (for Read's order_id, the plan's warning, and a resume without a
// look at the cloud), the pace of the last change (its waits' expect), and
// when it was seen through (the plan's change-lock warning).
//
//   - An open (unpaid) order of the instance of the kind the change places
//     is taken for this change, placed by an apply that did not see it
//     through: the run waits on it (resume) instead of sending. An open
//     order of another kind blocks the change and is reported with its id.
//   - The ClientToken comes from the change's fingerprint and a seed that
//     only moves when a change completes: the state's order_id on update,
//     the instance's newest order before this change on create. The same
//     change sent again after a crash is the same request, which the API
//     answers with the order it placed the first time. A pay-as-you-go
//     instance places no order, so a repeat costs nothing; its token is new
//     for every apply, because the API would answer a later identical
//     change with the earlier answer and change nothing.
type changeRun struct {
	instanceID string
	change     change
	from       instanceFacts
	token      string
	// orderID is the order to wait on: an open one found at begin, or the
	// one the call placed.
	orderID string
	// expect is what the waits of the resource's last change saw of the
	// cloud's pace; zero when not known.
	expect changeTiming
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
	// Instance is the instance as the wait last saw it.
	Instance instanceFacts
	// Timing is what the waits saw of the cloud's pace.
	Timing changeTiming
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

// ordersLookback is how far back begin looks for the instance's orders.
const ordersLookback = 30 * 24 * time.Hour

// changeOptions is one change for applyChange to see through.
type changeOptions struct {
	Change change
	// From is the instance the change starts from, with its permanent spec.
	From instanceFacts
	// LastOrderID is the prior state's order_id; nil on create.
	LastOrderID *string
	// Prior is what the resource's private state keeps of its changes (nil
	// on create); Keep is where what is left of this one is kept (nil on
	// destroy, which leaves no state).
	Prior privateGetter
	Keep  privateSetter
}

// applyChange sees the change of o through: begin, then apply. An empty
// change sends nothing, and the result shows o.From.
func applyChange(ctx context.Context, client *conns.Client, o changeOptions) (changeResult, diag.Diagnostics) {
	if o.Change.empty() {
		tflog.Info(ctx, "the instance already has the configured network spec: nothing to change")
		return changeResult{Instance: o.From}, nil
	}
	run, diags := beginChange(ctx, client, o)
	if diags.HasError() {
		return changeResult{}, diags
	}
	res, d := run.apply(ctx, client, o.Keep)
	diags.Append(d...)
	return res, diags
}

// beginChange prepares the change of o, with what o.Prior keeps of the
// resource's changes.
func beginChange(ctx context.Context, client *conns.Client, o changeOptions) (*changeRun, diag.Diagnostics) {
	run := &changeRun{instanceID: o.From.InstanceID, change: o.Change, from: o.From}
	var (
		pending *pendingChange
		diags   diag.Diagnostics
	)
	if o.Prior != nil {
		timing, d := getPrivate[changeTiming](ctx, o.Prior, privateTiming)
		diags.Append(d...)
		if timing != nil {
			run.expect = *timing
		}
		pending, d = getPrivate[pendingChange](ctx, o.Prior, privatePending)
		diags.Append(d...)
	}
	if err := run.begin(ctx, client, pending, o.LastOrderID); err != nil {
		diags.Append(diagnose(err))
	}
	return run, diags
}

// begin picks the run's token, or the order to resume on: the one pending
// recorded for this very change, or an open one of the instance (resume).
func (run *changeRun) begin(ctx context.Context, client *conns.Client, pending *pendingChange, lastOrderID *string) error {
	fingerprint := run.change.fingerprint(run.instanceID, run.from.networkSpec)
	if pending != nil && pending.OrderID != "" && pending.Fingerprint == fingerprint {
		tflog.Info(ctx, "resuming on the order an earlier apply of this change placed", map[string]any{"order_id": pending.OrderID})
		run.token, run.orderID = pending.ClientToken, pending.OrderID
		return nil
	}
	if !run.from.prepaid() {
		run.token = newClientToken()
		return nil
	}
	if err := run.resume(ctx, client); err != nil || run.orderID != "" {
		return err
	}
	seed := ""
	if lastOrderID != nil {
		seed = *lastOrderID
	} else {
		newest, err := findInstanceOrders(ctx, client, run.instanceID, "", 2)
		if err != nil {
			return err
		}
		// A paid order of the change's kind on top may be this change's,
		// placed by a create that died while it settled: the seed is then
		// the order before it, so that the change is the same request. It
		// cannot be an earlier identical change's: going back to the spec
		// this change starts from would have placed a newer order.
		if len(newest) > 0 && newest[0].PaymentStatus == orderPaid && newest[0].OrderType == run.change.orderType(run.from) {
			newest = newest[1:]
		}
		if len(newest) > 0 {
			seed = newest[0].OrderId
		}
	}
	run.token = changeToken(seed, fingerprint)
	return nil
}

// resume looks for an open order of the instance: one of the kind the
// change places becomes the order to wait on, another is an
// *openOrderError.
func (run *changeRun) resume(ctx context.Context, client *conns.Client) error {
	open, err := findInstanceOrders(ctx, client, run.instanceID, orderUnpaid, 0)
	if err != nil || len(open) == 0 {
		return err
	}
	want := run.change.orderType(run.from)
	for _, o := range open {
		if o.OrderType == want {
			tflog.Info(ctx, "an open order of the instance matches the change: waiting on it instead of placing another", map[string]any{
				"order_id": o.OrderId, "order_type": o.OrderType, "created": o.CreateTime,
			})
			run.orderID = o.OrderId
			return nil
		}
	}
	return &openOrderError{InstanceID: run.instanceID, OrderID: open[0].OrderId, OrderType: open[0].OrderType, Want: want}
}

// apply sees the change through (send) and keeps in p, the resource's
// private state (nil: none to keep, as on destroy), what is left of it. A
// call refused because an order is open (one placed between the look and
// the call) resumes on it when it matches.
func (run *changeRun) apply(ctx context.Context, client *conns.Client, p privateSetter) (changeResult, diag.Diagnostics) {
	res, err := run.send(ctx, client)
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == codeUnpaidOrder && run.orderID == "" && run.from.prepaid() {
		if rerr := run.resume(ctx, client); rerr != nil || run.orderID == "" {
			err = errors.Join(err, rerr)
		} else {
			res, err = run.send(ctx, client)
		}
	}
	if res.OrderID != "" {
		run.orderID = res.OrderID
	}
	diags := run.keep(ctx, client, p, res, err)
	if err != nil {
		diags.Append(diagnose(err))
	}
	return res, diags
}

// keep writes what p keeps of the run once it ended with err: a completed
// change settles (nothing pending; its pace and time are kept for the
// next); one that will not complete is abandoned (the next apply starts
// anew); one still in flight with an order is recorded, for Read to put
// that order into order_id once the change shows.
func (run *changeRun) keep(ctx context.Context, client *conns.Client, p privateSetter, res changeResult, err error) diag.Diagnostics {
	switch {
	case p == nil:
		return nil
	case err == nil:
		diags := setPrivate(ctx, p, privatePending, nil)
		diags.Append(setPrivate(ctx, p, privateTiming, res.Timing)...)
		diags.Append(setPrivate(ctx, p, privateLastChange, cloudNow(client))...)
		return diags
	case finished(res, err):
		return setPrivate(ctx, p, privatePending, nil)
	case run.orderID == "":
		return nil
	}
	return setPrivate(ctx, p, privatePending, pendingChange{
		Fingerprint: run.change.fingerprint(run.instanceID, run.from.networkSpec),
		ClientToken: run.token,
		OrderID:     run.orderID,
		From:        run.from.networkSpec,
	})
}

// send sends the change with the run's ClientToken (retried with the same
// token on transient errors, so a lost answer or a repeat gets the API's
// first answer back) and waits for it (wait). With an order to resume on,
// it sends nothing and waits on that order, unless the API no longer knows
// it.
func (run *changeRun) send(ctx context.Context, client *conns.Client) (changeResult, error) {
	var res changeResult
	if run.orderID != "" {
		order, err := findOrder(ctx, client, run.orderID)
		switch {
		case err == nil && order.PaymentStatus == orderCancelled:
			res.OrderID = run.orderID
			return res, &orderCancelledError{OrderID: run.orderID, InstanceID: run.instanceID}
		case err == nil:
			tflog.Info(ctx, "resuming on the order a previous apply placed", map[string]any{
				"instance_id": run.instanceID, "order_id": run.orderID, "payment_status": order.PaymentStatus,
			})
			res.Accepted, res.OrderID = true, run.orderID
			return run.wait(ctx, client, res)
		case !isOrderNotFound(err):
			return res, err
		}
	}
	c := run.change
	tflog.Info(ctx, "changing the instance's network spec", map[string]any{
		"instance_id":  run.instanceID,
		"change":       c.describe(run.from),
		"start_time":   c.StartTime,
		"end_time":     c.EndTime,
		"auto_pay":     c.AutoPay,
		"client_token": run.token,
	})
	resp, err := retry(ctx, client, "ModifyInstanceNetworkSpec "+run.instanceID, func() (*ecs.ModifyInstanceNetworkSpecResponse, error) {
		ecsClient, err := client.ECS(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := ecsClient.ModifyInstanceNetworkSpec(c.request(client.Region(), run.instanceID, run.token))
		return resp, wrapSDKError("ModifyInstanceNetworkSpec", err)
	})
	if err != nil {
		return res, err
	}
	res.Accepted, res.AcceptedAt = true, sharedOf(client).clock.Now()
	res.OrderID = resp.OrderId
	tflog.Debug(ctx, "change accepted", map[string]any{"instance_id": run.instanceID, "order_id": res.OrderID, "request_id": resp.RequestId})
	return run.wait(ctx, client, res)
}

// wait waits for an accepted change: its order paid, if it has one, then
// the instance showing it, unless it is a window that starts later. The
// waits expect the pace of the resource's last change, and res.Timing is
// what they saw, for its next change.
func (run *changeRun) wait(ctx context.Context, client *conns.Client, res changeResult) (changeResult, error) {
	var err error
	w := sharedOf(client).waiter(res.AcceptedAt)
	expect := run.expect
	// A wait resumed on an order a previous apply placed does not know
	// when its change began: it counts from now, expects nothing and
	// teaches nothing.
	resumed := res.AcceptedAt.IsZero()
	if resumed {
		w.origin, expect = w.clock.Now(), changeTiming{}
	}
	if res.OrderID != "" {
		w.expect = expect.Paid
		if res.Timing.Paid, err = waitOrderPaid(ctx, client, run.instanceID, res.OrderID, w); err != nil {
			return res, err
		}
	}
	if run.change.windowPending(cloudNow(client)) {
		tflog.Debug(ctx, "the temporary window starts later: not waiting for its bandwidth", map[string]any{
			"instance_id": run.instanceID, "start_time": run.change.StartTime,
		})
		inst, err := findInstance(ctx, client, run.instanceID)
		if err == nil {
			res.Instance = factsOf(inst)
		}
		return res, err
	}
	w.expect = expect.Shown
	res.Instance, res.Timing.Shown, err = waitSpecApplied(ctx, client, run.instanceID, run.change, run.from, w)
	if resumed {
		res.Timing = changeTiming{}
	}
	return res, err
}

// settledChange drops the pending change once the instance no longer shows
// the spec it started from (the change took effect, or the instance was
// changed otherwise) and returns its order, if it had one: Read's part.
func settledChange(ctx context.Context, prior privateGetter, p privateSetter, shown networkSpec) (string, diag.Diagnostics) {
	pending, diags := getPrivate[pendingChange](ctx, prior, privatePending)
	if pending == nil || pending.From == shown {
		return "", diags
	}
	tflog.Debug(ctx, "the pending change is no longer pending", map[string]any{"order_id": pending.OrderID})
	diags.Append(p.SetKey(ctx, privatePending, nil)...)
	return pending.OrderID, diags
}

// finished: err says the change will not complete, so nothing of it is
// left to resume.
func finished(res changeResult, err error) bool {
	var (
		cancelled *orderCancelledError
		rival     *rivalChangeError
		open      *openOrderError
		refusal   *apiError
	)
	return errors.As(err, &cancelled) || errors.As(err, &rival) || errors.As(err, &open) ||
		(!res.Accepted && errors.As(err, &refusal) && !isRetryable(err))
}

// codeUnpaidOrder is the API's refusal while an order is open.
const codeUnpaidOrder = "InvalidInstance.UnpaidOrder"
