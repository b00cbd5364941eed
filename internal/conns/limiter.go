package conns

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
)

// Limiter paces the API calls of one provider instance, each action on its
// own, so that a bulk apply under an account's API quota runs near the
// quota instead of into it, while Throttling that comes at random does not
// slow it down.
//
// A quota refuses the calls beyond a rate: its Throttling answers come
// only once the action's accepted rate (the calls that succeeded in the
// second before) has reached the quota, and it never accepts much more
// than that: at most its burst and its rate in one second, taken here as
// twice the rate. Random throttling (noise: a busy gateway, a shared
// backend) refuses a share of the calls whatever their rate, so some of
// its Throttling answers come at an accepted rate far below one the action
// reached before, which no quota would refuse. The limiter keeps the
// accepted rate at each of an action's recent answers and slows the action
// down only when its Throttling fits a quota: when no success came at more
// than twice (plus one) the lowest accepted rate a Throttling answer came
// at. Throttling that does not fit is noise: a slower pace would only lose
// throughput, so nothing slows, and a pace set before is lifted. A few
// Throttling answers (fewer than minThrottles) say nothing of a rate and
// slow nothing either, nor does Throttling at accepted rates below
// minQuota, where a quota and noise look alike (the retries meet such a
// quota). When nothing got through at all, the action slows down to
// minRate whatever the cause.
//
// The quota is not known in advance, so an action starts unlimited. The
// first Throttling that fits a quota sets the pace to the calls that
// succeeded in the second before: what the quota let through. Each later
// one cuts the pace by a third, at most once per cutCooldown (the calls
// already on their way at the old pace would otherwise cut it again for
// the same excess). Without Throttling the pace grows by a tenth a second,
// so it finds a raised quota again, and past maxRate the action is
// unlimited once more. Calls are spaced evenly (a burst of one): a quota
// that lets a burst through is met the same, and one that does not is
// never hit by one.
//
// Throttled calls still end in the resource's retry; the limiter only
// makes them rare. All methods are safe for concurrent use.
type Limiter struct {
	mu      sync.Mutex
	actions map[string]*actionPace
	clock   clock.Clock
}

const (
	// measureWindow is the second an answer's accepted rate, and the
	// first pace, are measured over.
	measureWindow = time.Second
	// historyWindow and maxHistory bound the recent answers the limiter
	// weighs.
	historyWindow = 30 * time.Second
	maxHistory    = 256
	// minThrottles is how many recent Throttling answers a cut needs.
	minThrottles = 3
	// minQuota is the least accepted rate, in calls a second, at which
	// Throttling can be told to fit a quota: below it, few calls fit
	// either, and the retries alone meet the quota.
	minQuota = 2
	// cutFactor is what a later cut leaves of the pace.
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
	// answers are the recent answers, oldest first.
	answers []answer
}

// answer is one answer of an action.
type answer struct {
	at time.Time
	// accepted is how many calls of the action succeeded in the
	// measureWindow before it.
	accepted  int
	throttled bool
}

// NewLimiter returns a limiter on c with every action unlimited.
func NewLimiter(c clock.Clock) *Limiter {
	return &Limiter{actions: map[string]*actionPace{}, clock: c}
}

// Wait blocks until a call of action may start, or ctx ends (its error is
// returned and the call must not be made).
func (l *Limiter) Wait(ctx context.Context, action string) error {
	l.mu.Lock()
	a := l.pace(action)
	now := l.clock.Now()
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
	if err := l.clock.Sleep(ctx, d); err != nil {
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
	l.pace(action).record(l.clock.Now(), false)
}

// Throttled records a Throttling answer of action and slows the action
// down when its recent Throttling fits a quota (see Limiter).
func (l *Limiter) Throttled(ctx context.Context, action string) {
	l.mu.Lock()
	a := l.pace(action)
	now := l.clock.Now()
	accepted := a.record(now, true)
	fits, enough := a.fitsQuota()
	was, wasLimited := a.rate, a.limited
	switch {
	case !enough:
		l.mu.Unlock()
		return
	case !fits:
		a.limited, a.rate = false, 0
		l.mu.Unlock()
		if wasLimited {
			tflog.Debug(ctx, "API throttling comes at rates already accepted, as no quota refuses: no longer slowing this action down",
				map[string]any{"action": action, "previous_calls_per_second": was})
		}
		return
	case !a.limited:
		a.limited = true
		a.rate = math.Max(minRate, float64(accepted)/measureWindow.Seconds())
		a.next = now
	case now.Sub(a.cut) < cutCooldown:
		l.mu.Unlock()
		return
	default:
		l.grow(a, now)
		a.rate = math.Max(minRate, a.rate*cutFactor)
	}
	a.cut, a.grown = now, now
	rate := a.rate
	l.mu.Unlock()

	fields := map[string]any{"action": action, "calls_per_second": rate}
	if wasLimited {
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
	l.grow(a, l.clock.Now())
	return a.rate, a.limited
}

// Throttling counts action's recent answers, and the Throttling ones.
func (l *Limiter) Throttling(action string) (throttled, answers int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.pace(action)
	for _, ans := range a.answers {
		if ans.throttled {
			throttled++
		}
	}
	return throttled, len(a.answers)
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
		a.limited, a.rate = false, 0
	}
}

// record adds an answer at now, forgetting those past the history, and
// returns how many calls succeeded in the measureWindow before it.
func (a *actionPace) record(now time.Time, throttled bool) int {
	cutoff := now.Add(-historyWindow)
	i := 0
	for i < len(a.answers) && (a.answers[i].at.Before(cutoff) || len(a.answers)-i >= maxHistory) {
		i++
	}
	a.answers = a.answers[i:]
	accepted := 0
	since := now.Add(-measureWindow)
	for j := len(a.answers) - 1; j >= 0 && a.answers[j].at.After(since); j-- {
		if !a.answers[j].throttled {
			accepted++
		}
	}
	a.answers = append(a.answers, answer{at: now, accepted: accepted, throttled: throttled})
	return accepted
}

// fitsQuota tells whether the recent Throttling fits a quota: no success
// came at more than twice (plus one) the lowest accepted rate a Throttling
// answer came at. enough is false while too few Throttling answers came to
// tell.
func (a *actionPace) fitsQuota() (fits, enough bool) {
	throttled, lowest, highest := 0, math.MaxInt, -1
	for _, ans := range a.answers {
		if ans.throttled {
			throttled++
			lowest = min(lowest, ans.accepted)
		} else {
			highest = max(highest, ans.accepted)
		}
	}
	switch {
	case throttled < minThrottles:
		return false, false
	case highest < 0:
		// Nothing got through: whatever it is, calling slowly is best.
		return true, true
	}
	return lowest >= minQuota && highest <= 2*lowest+1, true
}
