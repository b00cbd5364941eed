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
