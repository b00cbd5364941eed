package ecs

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	b := backoff{min: 100 * time.Millisecond, max: time.Second, factor: 2, jitter: 0.2}
	tests := []struct {
		name    string
		rand    float64
		attempt int
		want    time.Duration
	}{
		{"first, no jitter", 0.5, 0, 100 * time.Millisecond},
		{"second doubles", 0.5, 1, 200 * time.Millisecond},
		{"fourth", 0.5, 3, 800 * time.Millisecond},
		{"capped", 0.5, 4, time.Second},
		{"stays capped", 0.5, 50, time.Second},
		{"jitter low", 0, 1, 160 * time.Millisecond},
		{"jitter high", 1, 1, 240 * time.Millisecond},
		{"jitter on the cap", 1, 10, 1200 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := b
			b.rand = func() float64 { return tt.rand }
			if got := b.delay(tt.attempt); got != tt.want {
				t.Fatalf("delay(%d) = %s, want %s", tt.attempt, got, tt.want)
			}
		})
	}
}

// fastBackoff keeps poll tests quick.
var fastBackoff = backoff{min: time.Millisecond, max: 2 * time.Millisecond, factor: 2}

func TestPoll(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		doneAt    int // check number that reports done; 0: never
		failAt    int // check number that fails; 0: never
		timeout   time.Duration
		wantCalls int
		wantErr   func(error) bool
	}{
		{"done at once", 1, 0, time.Second, 1, func(err error) bool { return err == nil }},
		{"done at the third check", 3, 0, time.Second, 3, func(err error) bool { return err == nil }},
		{"error ends the poll", 0, 2, time.Second, 2, func(err error) bool { return errors.Is(err, errBoom) }},
		{"deadline", 0, 0, 30 * time.Millisecond, -1, func(err error) bool {
			var wt *waitTimeoutError
			return errors.As(err, &wt) && wt.What == "the thing" && wt.LastStatus == "still pending" &&
				errors.Is(err, context.DeadlineExceeded)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), tt.timeout)
			defer cancel()
			calls := 0
			err := poll(ctx, "the thing", fastBackoff, func(context.Context) (string, bool, error) {
				calls++
				if calls == tt.failAt {
					return "", false, errBoom
				}
				return "still pending", calls == tt.doneAt, nil
			})
			if !tt.wantErr(err) {
				t.Fatalf("err = %v", err)
			}
			if tt.wantCalls >= 0 && calls != tt.wantCalls {
				t.Fatalf("checks = %d, want %d", calls, tt.wantCalls)
			}
			if tt.wantCalls < 0 && calls < 2 {
				t.Fatalf("checks = %d, want several before the deadline", calls)
			}
		})
	}
}

func TestPollStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	err := poll(ctx, "the thing", backoff{min: time.Hour, max: time.Hour, factor: 1}, func(context.Context) (string, bool, error) {
		calls++
		cancel()
		return "pending", false, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Fatalf("checks = %d, want 1", calls)
	}
}

func TestRetry(t *testing.T) {
	throttled := &apiError{Action: "X", Code: "Throttling", HTTPStatus: 400, RequestID: "r-1"}
	denied := &apiError{Action: "X", Code: "ChargeTypeViolation", HTTPStatus: 403, RequestID: "r-2"}
	tests := []struct {
		name      string
		errs      []error // answers before success; the last repeats
		succeed   bool
		timeout   time.Duration
		wantCalls int // -1: several
		wantErr   error
	}{
		{"first call works", nil, true, time.Second, 1, nil},
		{"transient then success", []error{throttled, throttled}, true, 5 * time.Second, 3, nil},
		{"permanent fails at once", []error{denied}, false, 5 * time.Second, 1, denied},
		{"transient until the deadline reports the API's error", []error{throttled}, false, 600 * time.Millisecond, -1, throttled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), tt.timeout)
			defer cancel()
			calls := 0
			got, err := retry(ctx, "X", func() (string, error) {
				calls++
				if calls <= len(tt.errs) {
					return "", tt.errs[calls-1]
				}
				if !tt.succeed {
					return "", tt.errs[len(tt.errs)-1]
				}
				return "ok", nil
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && got != "ok" {
				t.Fatalf("result = %q, want ok", got)
			}
			if tt.wantCalls >= 0 && calls != tt.wantCalls {
				t.Fatalf("calls = %d, want %d", calls, tt.wantCalls)
			}
			if tt.wantCalls < 0 && calls < 2 {
				t.Fatalf("calls = %d, want retries", calls)
			}
		})
	}
}
