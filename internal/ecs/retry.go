package ecs

import (
	"context"
	"errors"
	"time"
)

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
// The SDK's own retry stays off (see conns): it retries only transport
// errors and 5xx, without jitter or regard for the operation's deadline,
// and it would repeat a call underneath this policy's count.
//
// A retry that would start after the deadline is not made: the last API
// error is returned at once, so the user sees what the API kept answering
// rather than a bare timeout.
func retry[T any](ctx context.Context, what string, call func() (T, error)) (T, error) {
	var zero T
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, retryBudget)
		defer cancel()
	}
	ctx = apiLogContext(ctx)
	started := time.Now()
	var lastErr error
	for attempt := 1; ; attempt++ {
		callStarted := time.Now()
		v, err := call()
		logAttempt(ctx, what, attempt, time.Since(callStarted), v, err)
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
