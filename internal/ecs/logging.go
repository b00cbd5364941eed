package ecs

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// apiSubsystem is the log subsystem of API calls: one DEBUG line per
// attempt with the action, its target (instance or order), the RequestId,
// the duration and the attempt number. TF_LOG_PROVIDER_ALIYUN_API sets its
// level apart from the provider's. It never carries a credential or a
// request URL: errors are redacted where they are made (wrapSDKError).
const apiSubsystem = "api"

func apiLogContext(ctx context.Context) context.Context {
	return tflog.NewSubsystem(ctx, apiSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_ALIYUN_API"))
}

// callFields are the log fields naming a call: what is "Action target".
func callFields(what string, attempt int) map[string]any {
	action, target, _ := strings.Cut(what, " ")
	fields := map[string]any{"action": action, "attempt": attempt}
	if target != "" {
		fields["target"] = target
	}
	return fields
}

func logAttempt(ctx context.Context, what string, attempt int, took time.Duration, resp any, err error) {
	fields := callFields(what, attempt)
	fields["duration_ms"] = took.Milliseconds()
	if err == nil {
		fields["request_id"] = requestIDOf(resp)
		tflog.SubsystemDebug(ctx, apiSubsystem, "API call succeeded", fields)
		return
	}
	var ae *apiError
	if errors.As(err, &ae) {
		fields["code"] = ae.Code
		fields["http_status"] = ae.HTTPStatus
		fields["request_id"] = ae.RequestID
	}
	fields["error"] = err.Error()
	fields["retryable"] = isRetryable(err)
	tflog.SubsystemDebug(ctx, apiSubsystem, "API call failed", fields)
}

// logRetry records the pause before the next attempt; for a "try later"
// refusal (see waitsFor) the line says what the retries wait for, and until
// when.
func logRetry(ctx context.Context, what string, attempt int, after time.Duration, err error) {
	fields := callFields(what, attempt)
	fields["retry_in"] = after.String()
	msg := "retrying after a transient failure"
	if w := waitsFor(err); w != "" {
		msg = "waiting for " + w
		if deadline, ok := ctx.Deadline(); ok {
			fields["gives_up_at"] = deadline.UTC().Format(time.RFC3339)
		}
	}
	tflog.SubsystemDebug(ctx, apiSubsystem, msg, fields)
}

func logGiveUp(ctx context.Context, what string, attempt int, why string) {
	fields := callFields(what, attempt)
	fields["reason"] = why
	tflog.SubsystemDebug(ctx, apiSubsystem, "not retrying", fields)
}

// requestIDOf reads the RequestId field every SDK response struct has.
func requestIDOf(resp any) string {
	v := reflect.ValueOf(resp)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	if f := v.FieldByName("RequestId"); f.IsValid() && f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}
