package ecs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// changeRun is one change of a resource, from the look at the cloud before
// it is sent to the end of its wait. It rests on what survives a killed
// provider or Terraform: the prior state's values and the cloud itself.
// Terraform keeps the prior state of an apply that died but not its
// private state, and a failed create leaves no state at all, so nothing
// here depends on private state; it only keeps the order there for Read.
//
//   - An open (unpaid) order of the instance of the kind the change places
//     is taken for this change, placed by an apply that did not see it
//     through: the run waits on it (resume) instead of sending. An open
//     order of another kind blocks the change and is reported with its id.
//   - The ClientToken comes from the change's fingerprint and a seed that
//     only moves when a change completes: the state's order_id on update,
//     the instance's newest order before this change on create. The same
//     change sent again after a crash is the same request, which the API
//     answers with the order it placed the first time. A pay-as-you-go instance places no
//     order, so a repeat costs nothing; its token is new for every apply,
//     because the API would answer a later identical change with the
//     earlier answer and change nothing.
type changeRun struct {
	instanceID string
	change     change
	from       current
	token      string
	// orderID is the order to wait on: an open one found at begin, or the
	// one the call placed.
	orderID string
}

// ordersLookback is how far back begin looks for the instance's orders.
const ordersLookback = 30 * 24 * time.Hour

// beginChange prepares the change c of instanceID from cur. lastOrderID is
// the order_id of the prior state (update), or nil on create; pending is
// what an earlier apply that failed without dying recorded, if anything.
func beginChange(ctx context.Context, client *conns.Client, instanceID string, c change, cur current, lastOrderID *string, pending *pendingChange) (*changeRun, error) {
	run := &changeRun{instanceID: instanceID, change: c, from: cur}
	if pending != nil && pending.OrderID != "" && pending.Fingerprint == c.fingerprint(instanceID, cur.networkSpec) {
		tflog.Info(ctx, "resuming on the order an earlier apply of this change placed", map[string]any{"order_id": pending.OrderID})
		run.token, run.orderID = pending.ClientToken, pending.OrderID
		return run, nil
	}
	if cur.InstanceChargeType != instancePrePaid {
		run.token = newClientToken()
		return run, nil
	}
	if err := run.resume(ctx, client); err != nil || run.orderID != "" {
		return run, err
	}
	seed := ""
	if lastOrderID != nil {
		seed = *lastOrderID
	} else {
		newest, err := findInstanceOrders(ctx, client, instanceID, "", 2)
		if err != nil {
			return nil, err
		}
		// A paid order of the change's kind on top may be this change's,
		// placed by a create that died while it settled: the seed is then
		// the order before it, so that the change is the same request. It
		// cannot be an earlier identical change's: going back to the spec
		// this change starts from would have placed a newer order.
		if len(newest) > 0 && newest[0].PaymentStatus == orderPaid && newest[0].OrderType == c.orderType(cur) {
			newest = newest[1:]
		}
		if len(newest) > 0 {
			seed = newest[0].OrderId
		}
	}
	run.token = changeToken(seed, c.fingerprint(instanceID, cur.networkSpec))
	return run, nil
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

// apply sends the change, or waits on the order found open, and sees it
// through (applyChange). A call refused because an order is open (one
// placed between the look and the call) resumes on it when it matches.
func (run *changeRun) apply(ctx context.Context, client *conns.Client, hint *changeTiming) (changeResult, error) {
	res, err := applyChange(ctx, client, run.instanceID, run.change, run.from, run.token, run.orderID, hint)
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == codeUnpaidOrder && run.orderID == "" && run.from.InstanceChargeType == instancePrePaid {
		if rerr := run.resume(ctx, client); rerr != nil || run.orderID == "" {
			return res, errors.Join(err, rerr)
		}
		res, err = applyChange(ctx, client, run.instanceID, run.change, run.from, run.token, run.orderID, hint)
	}
	if res.OrderID != "" {
		run.orderID = res.OrderID
	}
	return res, err
}

// record keeps the order of a change that did not complete in private
// state, for Read to put into order_id once the change shows.
func (run *changeRun) record(ctx context.Context, p privateSetter) diag.Diagnostics {
	if run.orderID == "" {
		return nil
	}
	return setPrivate(ctx, p, privatePending, pendingChange{
		Fingerprint: run.change.fingerprint(run.instanceID, run.from.networkSpec),
		ClientToken: run.token,
		OrderID:     run.orderID,
		From:        run.from.networkSpec,
	})
}

// settle forgets the change once it completed.
func (run *changeRun) settle(ctx context.Context, p privateSetter) diag.Diagnostics {
	return setPrivate(ctx, p, privatePending, nil)
}

// abandon forgets a change that will not complete: refused, its order
// cancelled, or overtaken by another change. The next apply starts anew.
func (run *changeRun) abandon(ctx context.Context, p privateSetter) diag.Diagnostics {
	return setPrivate(ctx, p, privatePending, nil)
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

// orderType is the kind of order the change places on a subscription:
// TemporaryUpgrade for a window, Downgrade when a bandwidth goes down,
// else Upgrade.
func (c change) orderType(from current) string {
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

// codeUnpaidOrder is the API's refusal while an order is open.
const codeUnpaidOrder = "InvalidInstance.UnpaidOrder"

// openOrderError: an unpaid order of the instance blocks the change, and it
// is not one this change would have placed.
type openOrderError struct {
	InstanceID string
	OrderID    string
	OrderType  string
	// Want is the kind of order the change places.
	Want string
}

func (e *openOrderError) Error() string {
	return fmt.Sprintf("order %s (%s) for instance %s is unpaid and is not this change's (%s)", e.OrderID, e.OrderType, e.InstanceID, e.Want)
}

// rivalChangeError: while waiting for the change, the instance settled on
// a value that is neither the old one nor the change's.
type rivalChangeError struct {
	InstanceID string
	Found      string
	Want       string
	// Attribute is the first attribute found with the other value.
	Attribute string
}

func (e *rivalChangeError) Error() string {
	return fmt.Sprintf("instance %s settled on %s instead of %s: another change won", e.InstanceID, e.Found, e.Want)
}

func (e *openOrderError) diagnostic() diag.Diagnostic {
	return diag.NewErrorDiagnostic("An unpaid order blocks the change",
		fmt.Sprintf("Order %s (%s) for instance %s is waiting for payment, and the API accepts no other change of the instance "+
			"while it is open. It is not an order this change places (that would be %s), so the provider does not wait on it. "+
			"Pay it in the Billing Management console (Orders) to let its change happen, or cancel it there, then run terraform "+
			"apply again.", e.OrderID, e.OrderType, e.InstanceID, e.Want))
}

func (e *rivalChangeError) diagnostic() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(e.Attribute), "Another change won",
		fmt.Sprintf("While waiting for instance %s to show %s, the provider saw it settle on %s instead: another change of the "+
			"instance (another Terraform workspace, the console, or another API client) took effect after or instead of this one. "+
			"Nothing of this change is left pending. Run terraform plan to see the instance as it is now, and decide which "+
			"configuration should win before applying again.", e.InstanceID, e.Want, e.Found))
}
