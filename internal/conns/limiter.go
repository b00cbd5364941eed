package conns

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Limiter paces the API calls of one provider instance, each action on its
// own, so that a bulk apply under an account's API quota runs near the
// quota instead of into it.
//
// The quota is not known in advance, so an action starts unlimited. The
// first Throttling answer sets its pace to the calls that succeeded in the
// second before: what the quota let through. Each later Throttling cuts
// the pace by a third, at most once per cutCooldown (the calls already on
// their way at the old pace would otherwise cut it again for the same
// excess). Without Throttling the pace grows by a tenth a second, so it
// finds a raised quota again, and past maxRate the action is unlimited
// once more. Calls are spaced evenly (a burst of one): a quota that lets a
// burst through is met the same, and one that does not is never hit by
// one.
//
// Throttled calls still end in the resource's retry; the limiter only
// makes them rare. All methods are safe for concurrent use.
type Limiter struct {
	mu      sync.Mutex
	actions map[string]*actionPace
	// now and sleep are the clock; tests replace them.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

const (
	// measureWindow is how far back the first Throttling looks for the
	// calls the quota let through.
	measureWindow = time.Second
	// cutFactor is what a later Throttling leaves of the pace.
	cutFactor = 2.0 / 3
	// cutCooldown is the least time between two cuts of one action.
	cutCooldown = time.Second
	// growthPerSecond is how fast the pace recovers without Throttling.
	growthPerSecond = 0.1
	// minRate is the slowest pace, in calls a second: a Throttling answer
	// to a lone call (nothing measured) must not stall the next ones.
	minRate = 1.0
	// maxRate is the pace beyond which an action is unlimited again.
	maxRate = 1000.0
)

// actionPace is one action's state.
type actionPace struct {
	limited bool
	// rate is the pace in calls a second while limited.
	rate float64
	// next is when the next call may start while limited; calls reserve
	// their start by moving it on.
	next time.Time
	// grown is when rate last grew; cut when it was last cut.
	grown time.Time
	cut   time.Time
	// succeeded holds the times of recent successes while unlimited, for
	// the first cut.
	succeeded []time.Time
}

// NewLimiter returns a limiter with every action unlimited.
func NewLimiter() *Limiter {
	return &Limiter{actions: map[string]*actionPace{}, now: time.Now, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Wait blocks until a call of action may start, or ctx ends (its error is
// returned and the call must not be made).
func (l *Limiter) Wait(ctx context.Context, action string) error {
	l.mu.Lock()
	a := l.pace(action)
	now := l.now()
	if !a.limited {
		l.mu.Unlock()
		return ctx.Err()
	}
	l.grow(a, now)
	if !a.limited {
		l.mu.Unlock()
		return ctx.Err()
	}
	start := a.next
	if start.Before(now) {
		start = now
	}
	interval := time.Duration(float64(time.Second) / a.rate)
	a.next = start.Add(interval)
	l.mu.Unlock()

	d := start.Sub(now)
	if d <= 0 {
		return ctx.Err()
	}
	if err := l.sleep(ctx, d); err != nil {
		l.mu.Lock()
		// Give the slot back when no later call has reserved one behind it.
		if a.next.Equal(start.Add(interval)) {
			a.next = start
		}
		l.mu.Unlock()
		return err
	}
	return nil
}

// Succeeded records an answer of action that was not Throttling.
func (l *Limiter) Succeeded(action string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.pace(action)
	if a.limited {
		return
	}
	now := l.now()
	a.succeeded = append(pruneBefore(a.succeeded, now.Add(-measureWindow)), now)
}

// Throttled records a Throttling answer of action and slows it down.
func (l *Limiter) Throttled(ctx context.Context, action string) {
	l.mu.Lock()
	a := l.pace(action)
	now := l.now()
	was := a.rate
	switch {
	case !a.limited:
		recent := pruneBefore(a.succeeded, now.Add(-measureWindow))
		a.limited = true
		a.rate = math.Max(minRate, float64(len(recent))/measureWindow.Seconds())
		a.succeeded = nil
		a.next = now
	case now.Sub(a.cut) < cutCooldown:
		l.mu.Unlock()
		return
	default:
		a.rate = math.Max(minRate, a.rate*cutFactor)
	}
	a.cut, a.grown = now, now
	rate := a.rate
	l.mu.Unlock()

	fields := map[string]any{"action": action, "calls_per_second": rate}
	if was > 0 {
		fields["previous_calls_per_second"] = was
	}
	tflog.Debug(ctx, "API throttling: slowing this action down", fields)
}

// Rate is action's pace in calls a second, and false while it is
// unlimited.
func (l *Limiter) Rate(action string) (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.pace(action)
	l.grow(a, l.now())
	return a.rate, a.limited
}

func (l *Limiter) pace(action string) *actionPace {
	a, ok := l.actions[action]
	if !ok {
		a = &actionPace{}
		l.actions[action] = a
	}
	return a
}

// grow lets a limited pace recover for the time since it last grew.
func (l *Limiter) grow(a *actionPace, now time.Time) {
	if !a.limited {
		return
	}
	if dt := now.Sub(a.grown); dt > 0 {
		a.rate *= math.Pow(1+growthPerSecond, dt.Seconds())
		a.grown = now
	}
	if a.rate > maxRate {
		*a = actionPace{}
	}
}

// pruneBefore drops the times before cutoff from the sorted times.
func pruneBefore(times []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(times) && times[i].Before(cutoff) {
		i++
	}
	return times[i:]
}
