package ecs

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// retry runs call until it succeeds, fails with a permanent error, or ctx
// ends; transient errors (isRetryable) are retried with defaultBackoff. It
// is the provider's only retry policy: the SDK's own retry stays off.
// When the deadline passes during retries, the last API error is returned,
// so the user sees what the API kept answering.
func retry[T any](ctx context.Context, what string, call func() (T, error)) (T, error) {
	var (
		result  T
		lastErr error
	)
	err := poll(ctx, what, defaultBackoff, func(ctx context.Context) (string, bool, error) {
		v, err := call()
		if err == nil {
			result = v
			return "", true, nil
		}
		if !isRetryable(err) {
			return "", false, err
		}
		lastErr = err
		tflog.Debug(ctx, "retrying after a transient error", map[string]any{"call": what, "error": err.Error()})
		return err.Error(), false, nil
	})
	if lastErr != nil && errors.Is(err, context.DeadlineExceeded) {
		return result, lastErr
	}
	return result, err
}
