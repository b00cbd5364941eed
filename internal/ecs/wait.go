package ecs

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// backoff is the delay between two checks of a poll: it grows by factor
// from min up to max, each delay moved by up to ±jitter of itself so that
// many waiting resources do not call the API in step.
type backoff struct {
	min    time.Duration
	max    time.Duration
	factor float64
	jitter float64
	// rand returns a number in [0, 1); nil means math/rand.
	rand func() float64
}

// defaultBackoff serves both the pollers and the retry of transient errors:
// quick first checks for changes that settle in seconds, capped so that a
// long wait costs one call every ten seconds or so.
var defaultBackoff = backoff{min: 250 * time.Millisecond, max: 10 * time.Second, factor: 2, jitter: 0.2}

// delay is the pause after the given attempt (0 for the first).
func (b backoff) delay(attempt int) time.Duration {
	d := float64(b.min)
	for i := 0; i < attempt && d < float64(b.max); i++ {
		d *= b.factor
	}
	d = min(d, float64(b.max))
	r := rand.Float64
	if b.rand != nil {
		r = b.rand
	}
	d += d * b.jitter * (2*r() - 1)
	return time.Duration(max(d, 0))
}

// checkFunc reports what the awaited thing looks like now, whether it is
// what the poll waits for, or an error that ends the poll.
type checkFunc func(ctx context.Context) (status string, done bool, err error)

// poll calls check until it is done or fails, pausing per b between calls,
// for as long as ctx lives. A deadline becomes a *waitTimeoutError naming
// what was awaited and the last status seen.
func poll(ctx context.Context, what string, b backoff, check checkFunc) error {
	started := time.Now()
	status := "nothing yet"
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
		d := b.delay(attempt)
		tflog.Debug(ctx, "waiting", map[string]any{
			"for":           what,
			"last_seen":     status,
			"attempt":       attempt + 1,
			"next_check_in": d.String(),
		})
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return stopped(ctx, what, status, started)
		case <-timer.C:
		}
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

// waitOrderPaid waits until the order is Paid. A cancelled order fails at
// once; an order still unpaid at the deadline fails with *orderUnpaidError.
func waitOrderPaid(ctx context.Context, client *conns.Client, instanceID, orderID string) (*bssopenapi.Order, error) {
	var order *bssopenapi.Order
	err := poll(ctx, "order "+orderID+" to be paid", defaultBackoff, func(ctx context.Context) (string, bool, error) {
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
	})
	var wt *waitTimeoutError
	if errors.As(err, &wt) && order != nil && order.PaymentStatus == orderUnpaid {
		return order, &orderUnpaidError{OrderID: orderID, InstanceID: instanceID, Timeout: wt}
	}
	return order, err
}

// waitSpecApplied waits until the instance shows the wanted spec.
func waitSpecApplied(ctx context.Context, client *conns.Client, instanceID string, want specTarget) (*ecs.Instance, error) {
	var inst *ecs.Instance
	err := poll(ctx, "instance "+instanceID+" to show "+want.String(), defaultBackoff, func(ctx context.Context) (string, bool, error) {
		i, shows, done, err := statusSpec(ctx, client, instanceID, want)
		if err != nil {
			return "", false, err
		}
		inst = i
		return shows, done, nil
	})
	return inst, err
}
