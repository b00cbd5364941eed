package clock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
)

func TestJitter(t *testing.T) {
	tests := []struct {
		name   string
		rand   float64
		d      time.Duration
		spread float64
		want   time.Duration
	}{
		{"middle: none", 0.5, time.Second, 0.5, time.Second},
		{"lowest", 0, time.Second, 0.5, 500 * time.Millisecond},
		{"highest", 1, time.Second, 0.5, 1500 * time.Millisecond},
		{"a fifth", 0, 200 * time.Millisecond, 0.2, 160 * time.Millisecond},
		{"never negative", 0, time.Second, 2, 0},
		{"no spread", 0, time.Second, 0, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clocktest.New(time.Time{})
			c.SetRand(tt.rand)
			if got := clock.Jitter(c, tt.d, tt.spread); got != tt.want {
				t.Fatalf("Jitter(%s, %v) at rand %v = %s, want %s", tt.d, tt.spread, tt.rand, got, tt.want)
			}
		})
	}
}

func TestSystemJitterStaysInItsSpread(t *testing.T) {
	for range 1000 {
		if d := clock.Jitter(clock.System, time.Second, 0.5); d < 500*time.Millisecond || d > 1500*time.Millisecond {
			t.Fatalf("Jitter(1s, 0.5) = %s, outside 0.5s-1.5s", d)
		}
	}
}

func TestSystemSleep(t *testing.T) {
	start := time.Now()
	if err := clock.System.Sleep(t.Context(), 20*time.Millisecond); err != nil || time.Since(start) < 20*time.Millisecond {
		t.Fatalf("Sleep(20ms) = %v after %s", err, time.Since(start))
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if err := clock.System.Sleep(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Sleep(1h) with a 10ms deadline = %v, want context.DeadlineExceeded", err)
	}
	ctx, cancel = context.WithCancel(t.Context())
	cancel()
	if err := clock.System.Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(0) after cancel = %v, want context.Canceled", err)
	}
}

func TestSystemAfterFunc(t *testing.T) {
	fired := make(chan struct{})
	clock.System.AfterFunc(time.Millisecond, func() { close(fired) })
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("the timer did not fire")
	}
	stop := clock.System.AfterFunc(time.Hour, func() { t.Error("a stopped timer fired") })
	if !stop() || stop() {
		t.Fatal("stop = false on a pending timer, or true twice")
	}
}
