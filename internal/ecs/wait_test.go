package ecs

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fastPolls keeps poll tests quick.
var fastPolls = fixedSchedule(time.Millisecond)

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
			err := poll(ctx, "the thing", fastPolls, func(context.Context) (string, bool, error) {
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
	err := poll(ctx, "the thing", fixedSchedule(time.Hour), func(context.Context) (string, bool, error) {
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
