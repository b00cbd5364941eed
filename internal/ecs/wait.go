package ecs

import (
	"context"
	"errors"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// statusFunc reports what the awaited thing shows now, whether it is what
// the wait is for, or an error that ends the wait.
type statusFunc func(ctx context.Context) (shows string, done bool, err error)

// waiter is the provider's one wait: it calls status until it is done or
// fails, sleeping on clock between calls as schedule says, until ctx's
// deadline.
type waiter struct {
	what  string
	clock clock.Clock
	// origin is when the awaited thing began: the API accepting the
	// change. The schedule counts the time waited from it.
	origin time.Time
	// expect is how long after its origin the resource's last change was
	// last seen pending; zero when unknown.
	expect time.Duration
	// fixed is the test hook's schedule (see pollScheduleEnv), nil for
	// settleSchedule.
	fixed  schedule
	status statusFunc
}

// wait runs the waiter. It returns how long after origin the last check
// still saw the thing pending (zero when the first check saw it done): the
// expect of the resource's next wait. A deadline becomes a
// *waitTimeoutError naming what was awaited and the last status seen.
func (w waiter) wait(ctx context.Context) (time.Duration, error) {
	sched := w.fixed
	if sched == nil {
		sched = settleSchedule(w.expect)
	}
	started := w.clock.Now()
	shows, pending := "nothing yet", time.Duration(0)
	for checks := 0; ; checks++ {
		d := sched(w.clock.Now().Sub(w.origin), checks)
		tflog.Debug(ctx, "waiting", map[string]any{"for": w.what, "last_seen": shows, "checks": checks, "next_check_in": d.String()})
		if err := w.clock.Sleep(ctx, d); err != nil {
			return 0, stopped(ctx, w.what, shows, w.clock.Now().Sub(started))
		}
		s, done, err := w.status(ctx)
		if s != "" {
			shows = s
		}
		switch {
		case err != nil && ctx.Err() != nil:
			return 0, stopped(ctx, w.what, shows, w.clock.Now().Sub(started))
		case err != nil:
			return 0, err
		case done:
			return pending, nil
		}
		pending = w.clock.Now().Sub(w.origin)
	}
}

// stopped is the error of a wait or retry loop for what that ctx ended
// after waited, status the last thing it saw.
func stopped(ctx context.Context, what, status string, waited time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &waitTimeoutError{What: what, LastStatus: status, Waited: waited, Cause: ctx.Err()}
	}
	return ctx.Err()
}

// schedule is how long a wait sleeps before its next check, having waited
// elapsed since its origin and made checks so far.
type schedule func(elapsed time.Duration, checks int) time.Duration

// minPause is the closest two checks of a wait come once it has waited a
// second; before, the pause doubles from quickPause, so that an order the
// API pays at once (auto_pay) is seen within a fraction of a second.
const (
	minPause   = time.Second
	quickPause = 250 * time.Millisecond
)

// settleSchedule paces a wait for something that settles some time after
// its origin, the API telling nothing of how far along it is. Each pause
// is a tenth of the time waited (at least minPause, after a quick start),
// so the wait sees the thing at most max(1 s, 10 % of the time waited)
// after it settled, with a number of checks that grows with the logarithm
// of the wait: about 24 at 30 s, 39 at 120 s.
//
// With expect (when the resource's last change was last seen pending) it
// sleeps until then and each pause is half the time since, when that is
// less: a cloud keeping its pace shows the thing within a check or two,
// and a first wait's vaguer expect (up to 10 % early) narrows in a few.
// The checks are not jittered: waits that go in step share their reads
// (see batch.go).
func settleSchedule(expect time.Duration) schedule {
	return func(elapsed time.Duration, _ int) time.Duration {
		switch {
		case elapsed < expect:
			return expect - elapsed
		case expect == 0 && elapsed < minPause:
			return max(quickPause, elapsed)
		}
		return max(minPause, min(elapsed/10, (elapsed-expect)/2))
	}
}

// fixedSchedule checks at once, then every d: the benchmark's baseline
// (see pollScheduleEnv).
func fixedSchedule(d time.Duration) schedule {
	return func(_ time.Duration, checks int) time.Duration {
		if checks == 0 {
			return 0
		}
		return d
	}
}

// Payment statuses of a BSS order.
const (
	orderPaid      = "Paid"
	orderUnpaid    = "Unpaid"
	orderCancelled = "Cancelled"
)

// waitOrderPaid waits until the order is Paid. A cancelled order fails at
// once; an order still unpaid at the deadline fails with
// *orderUnpaidError. It returns what wait does.
func waitOrderPaid(ctx context.Context, client *conns.Client, instanceID, orderID string, w waiter) (time.Duration, error) {
	var order *bssopenapi.Order
	w.what = "order " + orderID + " to be paid"
	w.status = func(ctx context.Context) (string, bool, error) {
		o, status, err := statusOrder(ctx, client, orderID)
		if err != nil {
			return "", false, err
		}
		order = o
		switch status {
		case orderPaid:
			return status, true, nil
		case orderCancelled:
			return status, false, &orderCancelledError{OrderID: orderID, InstanceID: instanceID}
		default:
			return status, false, nil
		}
	}
	pending, err := w.wait(ctx)
	var wt *waitTimeoutError
	if errors.As(err, &wt) && order != nil && order.PaymentStatus == orderUnpaid {
		return 0, &orderUnpaidError{OrderID: orderID, InstanceID: instanceID, Timeout: wt}
	}
	return pending, err
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

// waitSpecApplied waits until the instance shows the change c made from
// from, and returns it and what wait does. An instance that settles on a
// value that is neither from's nor the change's (another workspace or the
// console changed it after or instead of this change, see rivalSettled)
// ends the wait with a *rivalChangeError.
func waitSpecApplied(ctx context.Context, client *conns.Client, instanceID string, c change, from instanceFacts, w waiter) (instanceFacts, time.Duration, error) {
	var (
		inst      instanceFacts
		foreign   string
		seen      int
		firstSeen time.Time
	)
	want := c.describe(from)
	w.what = "instance " + instanceID + " to show " + want
	w.status = func(ctx context.Context) (string, bool, error) {
		f, shows, done, err := statusSpec(ctx, client, instanceID, c, from)
		if err != nil {
			return "", false, err
		}
		inst = f
		field, ok := c.rivalIn(f, from)
		switch {
		case !ok:
			foreign, seen = "", 0
		case shows == foreign:
			seen++
		default:
			foreign, seen, firstSeen = shows, 1, w.clock.Now()
		}
		if ok && rivalSettled(w.origin, firstSeen, w.clock.Now(), seen, w.expect) {
			return shows, false, &rivalChangeError{InstanceID: instanceID, Found: shows, Want: want, Attribute: field}
		}
		return shows, done, nil
	}
	pending, err := w.wait(ctx)
	return inst, pending, err
}
