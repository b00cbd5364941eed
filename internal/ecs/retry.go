package ecs

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// backoff is the delay between two attempts of a call (see retry): it
// grows by factor from min up to max, each delay moved by up to ±jitter of
// itself so that many waiting resources do not call the API in step.
type backoff struct {
	min    time.Duration
	max    time.Duration
	factor float64
	jitter float64
	// rand returns a number in [0, 1); nil means math/rand.
	rand func() float64
}

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

// retryBackoff paces the retries of one API call: the first after about
// half a second, doubling up to eight seconds, each moved by up to half of
// itself so that resources throttled together do not retry in step. It is
// separate from the pollers' pace: a retry answers the API's "not now",
// which wants more spread than a check for progress.
var retryBackoff = backoff{min: 500 * time.Millisecond, max: 8 * time.Second, factor: 2, jitter: 0.5}

// retryBudget bounds the retries of a call made without a deadline (plan
// time): Terraform gives those none, and a throttled plan must still end.
const retryBudget = 2 * time.Minute

// retry is the provider's one retry policy. It runs call until it succeeds,
// fails with a permanent error (isRetryable), or the operation's deadline or
// cancellation comes; transient failures are retried after retryBackoff.
// what is "Action target", as the api log subsystem records it.
//
// It is also the one path of every API call through the client's limiter:
// each attempt waits for the action's pace, and each answer tells the
// limiter whether the API throttled it.
//
// The SDK's own retry stays off (see conns): it retries only transport
// errors and 5xx, without jitter or regard for the operation's deadline,
// and it would repeat a call underneath this policy's count.
//
// A retry that would start after the deadline is not made: the last API
// error is returned at once, so the user sees what the API kept answering
// rather than a bare timeout.
func retry[T any](ctx context.Context, limiter *conns.Limiter, what string, call func() (T, error)) (T, error) {
	var zero T
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, retryBudget)
		defer cancel()
	}
	ctx = apiLogContext(ctx)
	action, _, _ := strings.Cut(what, " ")
	started := time.Now()
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := limiter.Wait(ctx, action); err != nil {
			return zero, stoppedAfter(ctx, what, lastErr, started)
		}
		callStarted := time.Now()
		v, err := call()
		logAttempt(ctx, what, attempt, time.Since(callStarted), v, err)
		switch {
		case err == nil:
			limiter.Succeeded(action)
		case isThrottling(err):
			limiter.Throttled(ctx, action)
		}
		if err == nil {
			return v, nil
		}
		if ctx.Err() != nil {
			return zero, stoppedAfter(ctx, what, lastErr, started)
		}
		if !isRetryable(err) {
			return zero, err
		}
		lastErr = err
		d := retryBackoff.delay(attempt - 1)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
			logGiveUp(ctx, what, attempt, "the deadline comes before the next retry")
			return zero, err
		}
		logRetry(ctx, what, attempt, d)
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return zero, stoppedAfter(ctx, what, lastErr, started)
		case <-timer.C:
		}
	}
}

// stoppedAfter is the error of a retry loop that ctx ended: the last
// transient API error when the deadline passed, else the cancellation or
// a timeout naming the call.
func stoppedAfter(ctx context.Context, what string, lastErr error, started time.Time) error {
	if lastErr != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return lastErr
	}
	status := "no answer"
	if lastErr != nil {
		status = lastErr.Error()
	}
	return stopped(ctx, what, status, started)
}

// isThrottling: the API refused the call for its rate (Throttling,
// Throttling.User, Throttling.Api ...).
func isThrottling(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && (ae.Code == "Throttling" || strings.HasPrefix(ae.Code, "Throttling."))
}
