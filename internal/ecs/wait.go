package ecs

import (
	"context"
	"errors"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// checkFunc reports what the awaited thing looks like now, whether it is
// what the poll waits for, or an error that ends the poll.
type checkFunc func(ctx context.Context) (status string, done bool, err error)

// poll calls check until it is done or fails, pausing per sched between
// calls, for as long as ctx lives. A deadline becomes a *waitTimeoutError
// naming what was awaited and the last status seen.
func poll(ctx context.Context, what string, sched schedule, check checkFunc) error {
	started := time.Now()
	status := "nothing yet"
	if err := sleepCtx(ctx, sched.first(started)); err != nil {
		return stopped(ctx, what, status, started)
	}
	for attempt := 0; ; attempt++ {
		s, done, err := check(ctx)
		if s != "" {
			status = s
		}
		if err != nil {
			if ctx.Err() != nil {
				return stopped(ctx, what, status, started)
			}
			return err
		}
		if done {
			return nil
		}
		d := sched.pause(attempt, time.Now())
		tflog.Debug(ctx, "waiting", map[string]any{
			"for":           what,
			"last_seen":     status,
			"attempt":       attempt + 1,
			"next_check_in": d.String(),
		})
		if err := sleepCtx(ctx, d); err != nil {
			return stopped(ctx, what, status, started)
		}
	}
}

// sleepCtx waits d, or less when ctx ends first (its error is returned).
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func stopped(ctx context.Context, what, status string, started time.Time) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &waitTimeoutError{What: what, LastStatus: status, Waited: time.Since(started), Cause: ctx.Err()}
	}
	return ctx.Err()
}

// Payment statuses of a BSS order.
const (
	orderPaid      = "Paid"
	orderUnpaid    = "Unpaid"
	orderCancelled = "Cancelled"
)

// waitOrderPaid waits until the order is Paid, at the pace p. A cancelled
// order fails at once; an order still unpaid at the deadline fails with
// *orderUnpaidError.
func waitOrderPaid(ctx context.Context, client *conns.Client, instanceID, orderID string, p *pace) (*bssopenapi.Order, error) {
	sched, err := p.schedule()
	if err != nil {
		return nil, err
	}
	var order *bssopenapi.Order
	err = poll(ctx, "order "+orderID+" to be paid", sched, func(ctx context.Context) (string, bool, error) {
		o, status, err := statusOrder(ctx, client, orderID)
		if err != nil {
			return "", false, err
		}
		order = o
		p.saw(status == orderPaid)
		switch status {
		case orderPaid:
			return status, true, nil
		case orderCancelled:
			return status, false, &orderCancelledError{OrderID: orderID, InstanceID: instanceID}
		default:
			return status, false, nil
		}
	})
	var wt *waitTimeoutError
	if errors.As(err, &wt) && order != nil && order.PaymentStatus == orderUnpaid {
		return order, &orderUnpaidError{OrderID: orderID, InstanceID: instanceID, Timeout: wt}
	}
	return order, err
}

// A third value (neither the old nor the awaited one) may be a change on
// its way: another change queued before this one shows first, and this
// one follows. The wait concludes that another change won only when the
// third value was seen by rivalPolls checks in a row and stayed at least
// as long as this change had been in flight when it first appeared, and
// as long as such a change usually takes to show (expected, zero when
// unknown), up to rivalMaxStay.
const (
	rivalPolls   = 2
	rivalMaxStay = 30 * time.Second
)

// rivalSettled: a third value first seen at first, by seen checks in a
// row up to now, in a wait that began at origin, has settled.
func rivalSettled(origin, first, now time.Time, seen int, expected time.Duration) bool {
	return seen >= rivalPolls && now.Sub(first) >= min(max(first.Sub(origin), expected), rivalMaxStay)
}

// waitSpecApplied waits until the instance shows the wanted spec, at the
// pace p. An instance that settles on a value that is neither from nor
// wanted (another workspace or the console changed it after or instead of
// this change, see rivalSettled) ends the wait with a *rivalChangeError.
func waitSpecApplied(ctx context.Context, client *conns.Client, instanceID string, from networkSpec, want specTarget, p *pace) (*ecs.Instance, error) {
	sched, err := p.schedule()
	if err != nil {
		return nil, err
	}
	var (
		inst      *ecs.Instance
		foreign   string
		seen      int
		firstSeen time.Time
	)
	err = poll(ctx, "instance "+instanceID+" to show "+want.String(), sched, func(ctx context.Context) (string, bool, error) {
		i, shows, done, err := statusSpec(ctx, client, instanceID, want)
		if err != nil {
			return "", false, err
		}
		inst = i
		p.saw(done)
		if field, ok := want.rivalIn(i, from); ok {
			if shows == foreign {
				seen++
			} else {
				foreign, seen, firstSeen = shows, 1, time.Now()
			}
			if rivalSettled(p.origin, firstSeen, time.Now(), seen, p.expect.Done) {
				return shows, false, &rivalChangeError{InstanceID: instanceID, Found: shows, Want: want.String(), Attribute: field}
			}
		} else {
			foreign, seen = "", 0
		}
		return shows, done, nil
	})
	return inst, err
}
