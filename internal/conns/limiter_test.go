package conns

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
)

// newFakeClock is a clock that moves only when told; sleeps on it are
// recorded and return at once.
func newFakeClock() *clocktest.Fake {
	return clocktest.NewStill(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
}

const action = "ModifyInstanceNetworkSpec"

// succeedFor records successes at n a second for d.
func succeedFor(l *Limiter, c *clocktest.Fake, n int, d time.Duration) {
	for range int(d.Seconds() * float64(n)) {
		l.Succeeded(action)
		c.Advance(time.Second / time.Duration(n))
	}
}

// throttleAfter records n successes spread over the last second, then
// minThrottles Throttling answers, as a quota letting n a second through
// answers: the limiter then paces the action at n a second.
func throttleAfter(t *testing.T, l *Limiter, c *clocktest.Fake, n int) {
	t.Helper()
	for range n {
		l.Succeeded(action)
		c.Advance(time.Second / time.Duration(n+1))
	}
	for range minThrottles {
		l.Throttled(t.Context(), action)
	}
}

func TestLimiterUnlimitedUntilThrottled(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	for range 1000 {
		if err := l.Wait(t.Context(), action); err != nil {
			t.Fatal(err)
		}
		l.Succeeded(action)
	}
	if s := c.Slept(); len(s) != 0 {
		t.Fatalf("an unthrottled action waited %d times", len(s))
	}
	if _, limited := l.Rate(action); limited {
		t.Fatal("limited without any Throttling")
	}
}

func TestLimiterFirstCutPacesAtWhatSucceeded(t *testing.T) {
	tests := []struct {
		name       string
		successes  int
		wantRate   float64
		wantSpaced time.Duration
	}{
		{"five a second", 5, 5, 200 * time.Millisecond},
		{"forty a second", 40, 40, 25 * time.Millisecond},
		{"nothing got through: the slowest pace", 0, minRate, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFakeClock()
			l := NewLimiter(c)
			// The action ran at that pace for a while; only the last
			// second's successes count.
			if tt.successes > 0 {
				succeedFor(l, c, tt.successes, 10*time.Second)
			}
			throttleAfter(t, l, c, tt.successes)

			rate, limited := l.Rate(action)
			if !limited || math.Abs(rate-tt.wantRate) > 1e-9 {
				t.Fatalf("Rate = %v, %v; want %v, true", rate, limited, tt.wantRate)
			}
			for range 4 {
				if err := l.Wait(t.Context(), action); err != nil {
					t.Fatal(err)
				}
			}
			// The first call goes at once, the next ones one interval
			// apart (the clock stands still while they wait).
			want := []time.Duration{tt.wantSpaced, 2 * tt.wantSpaced, 3 * tt.wantSpaced}
			if s := c.Slept(); !slices.Equal(s, want) {
				t.Fatalf("waits = %v, want %v", s, want)
			}
		})
	}
}

func TestLimiterCutsOncePerCooldown(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	throttleAfter(t, l, c, 9)
	first, _ := l.Rate(action)

	// Calls sent before the cut come back throttled too: one cut only.
	for range 5 {
		l.Throttled(t.Context(), action)
	}
	if r, _ := l.Rate(action); r != first {
		t.Fatalf("rate after throttling within the cooldown = %v, want %v", r, first)
	}

	succeedFor(l, c, 10, cutCooldown)
	grown, _ := l.Rate(action)
	l.Throttled(t.Context(), action)
	r, limited := l.Rate(action)
	if !limited || math.Abs(r-grown*cutFactor) > 1e-9 {
		t.Fatalf("rate after a later Throttling = %v, want %v", r, grown*cutFactor)
	}
}

func TestLimiterRecoversGradually(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	throttleAfter(t, l, c, 5)

	c.Advance(10 * time.Second)
	r, limited := l.Rate(action)
	want := 5 * math.Pow(1+growthPerSecond, 10)
	if !limited || math.Abs(r-want) > 1e-6 {
		t.Fatalf("rate 10s after Throttling = %v, %v; want %v, true", r, limited, want)
	}

	// Long enough without Throttling (5 * 1.1^70 > maxRate), the action
	// is unlimited again.
	c.Advance(time.Minute)
	if _, limited := l.Rate(action); limited {
		t.Fatal("still limited after growing past maxRate")
	}
	before := len(c.Slept())
	for range 100 {
		if err := l.Wait(t.Context(), action); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.Slept()) - before; n != 0 {
		t.Fatalf("waited %d times once unlimited again", n)
	}
}

func TestLimiterActionsAreIndependent(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	throttleAfter(t, l, c, 2)
	for range 10 {
		if err := l.Wait(t.Context(), "DescribeInstances"); err != nil {
			t.Fatal(err)
		}
	}
	if s := c.Slept(); len(s) != 0 {
		t.Fatalf("another action's Throttling made DescribeInstances wait: %v", s)
	}
	if _, limited := l.Rate("DescribeInstances"); limited {
		t.Fatal("DescribeInstances limited by another action's Throttling")
	}
}

func TestLimiterWaitEndsWithContext(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	throttleAfter(t, l, c, 2)
	if err := l.Wait(t.Context(), action); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := l.Wait(ctx, action); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait with a cancelled context = %v, want context.Canceled", err)
	}
	// The cancelled call gave its slot back: the next call waits one
	// interval, not two.
	if err := l.Wait(t.Context(), action); err != nil {
		t.Fatal(err)
	}
	if s := c.Slept(); !slices.Equal(s, []time.Duration{500 * time.Millisecond}) {
		t.Fatalf("waits after a cancelled one = %v, want [500ms]", s)
	}
}

func TestLimiterWaitWithRealClock(t *testing.T) {
	l := NewLimiter(clock.System)
	for range minThrottles { // nothing succeeded: the slowest pace
		l.Throttled(t.Context(), action)
	}
	if err := l.Wait(t.Context(), action); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	// The next slot is a second away: the deadline ends the wait first.
	if err := l.Wait(ctx, action); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait = %v, want context.DeadlineExceeded", err)
	}
}

// TestLimiterConcurrent runs many callers through one limiter, under the
// race detector: each gets a slot of its own, one interval apart, while
// another action is throttled at the same time.
func TestLimiterConcurrent(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	throttleAfter(t, l, c, 4)

	const callers = 20
	var wg sync.WaitGroup
	for range callers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := l.Wait(t.Context(), action); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			l.Succeeded("GetOrderDetail")
			l.Throttled(t.Context(), "GetOrderDetail")
			l.Rate("GetOrderDetail")
		}()
	}
	wg.Wait()

	got := c.Slept()
	slices.Sort(got)
	var want []time.Duration
	for i := 1; i < callers; i++ {
		want = append(want, time.Duration(i)*250*time.Millisecond)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("waits of %d concurrent calls = %v, want %v", callers, got, want)
	}
}

// TestLimiterTellsNoiseFromAQuota: Throttling at an accepted rate far
// below one the action reached is not a quota's, and neither are a few
// Throttling answers or ones at a rate too low to tell; Throttling only at
// the top of the rates is.
func TestLimiterTellsNoiseFromAQuota(t *testing.T) {
	tests := []struct {
		name string
		// The action ran at rate calls a second for a while, then got
		// throttles Throttling answers, each after a pause and that many
		// successes.
		rate, throttles int
		pause           time.Duration
		successes       int
		wantLimited     bool
	}{
		{"at the rate it ran at: a quota", 10, minThrottles, 0, 0, true},
		{"at a third of the rate it ran at: noise", 10, 5, 2 * time.Second, 3, false},
		{"too few to tell", 10, minThrottles - 1, 0, 0, false},
		{"at a rate too low to tell", minQuota - 1, 5, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFakeClock()
			l := NewLimiter(c)
			succeedFor(l, c, tt.rate, 5*time.Second)
			for range tt.throttles {
				c.Advance(tt.pause)
				for range tt.successes {
					l.Succeeded(action)
				}
				l.Throttled(t.Context(), action)
			}
			if rate, limited := l.Rate(action); limited != tt.wantLimited {
				t.Fatalf("Rate = %v, %v; want limited %v", rate, limited, tt.wantLimited)
			}
		})
	}
}

// TestLimiterLiftsAPaceNoiseSet: throttling that looked like a quota at
// first and then comes at a rate well below the pace is noise; the action
// is unlimited again.
func TestLimiterLiftsAPaceNoiseSet(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	succeedFor(l, c, 10, 5*time.Second)
	throttleAfter(t, l, c, 10)
	if _, limited := l.Rate(action); !limited {
		t.Fatal("Throttling at the top of the rates left the action unlimited")
	}
	c.Advance(2 * time.Second)
	for range 3 {
		l.Succeeded(action)
	}
	l.Throttled(t.Context(), action)
	if rate, limited := l.Rate(action); limited {
		t.Fatalf("Throttling at 3 calls a second, after 10 were accepted, left the action limited at %v a second", rate)
	}
}

// TestLimiterThrottling: the counts of recent answers, which the retry
// policy's tests read, forget what is past the history window.
func TestLimiterThrottling(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(c)
	l.Succeeded(action)
	l.Throttled(t.Context(), action)
	l.Succeeded(action)
	if thr, n := l.Throttling(action); thr != 1 || n != 3 {
		t.Fatalf("Throttling = %d of %d, want 1 of 3", thr, n)
	}
	c.Advance(historyWindow + time.Second)
	l.Succeeded(action)
	if thr, n := l.Throttling(action); thr != 0 || n != 1 {
		t.Fatalf("Throttling after the history window = %d of %d, want 0 of 1", thr, n)
	}
}
