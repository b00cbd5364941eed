package ecs

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"time"
)

// schedule paces a poller: how long it pauses before its first check and
// after each check.
type schedule interface {
	// first is the time to wait, from now, before the first check.
	first(now time.Time) time.Duration
	// pause is the time to wait after check number attempt (0 for the
	// first), made at now, before the next one.
	pause(attempt int, now time.Time) time.Duration
}

// fixedSchedule checks at a fixed interval: the benchmark's baseline
// (see pollScheduleEnv).
type fixedSchedule time.Duration

func (fixedSchedule) first(time.Time) time.Duration { return 0 }

func (f fixedSchedule) pause(int, time.Time) time.Duration { return time.Duration(f) }

// settleSchedule paces the wait for something that began at origin (the
// API accepting a change) and settles some time later: an order being
// paid, an instance showing its new spec. The API tells nothing of how
// far along that is, so without an expectation the schedule trades calls
// against lag: each pause is half the time waited so far (from
// growFirst up to growMax), which ends the wait at most half its length
// late after a number of checks that grows with the logarithm of the wait.
//
// With an expectation (where earlier waits saw the same thing settle, see
// timing.go) it checks sparsely (guard checks, the first one instead of a
// check at once) until just before the expected moment,
// every close step around it, and falls back to the growing pace when the
// expected moment has passed: few checks, and a lag of one close step,
// while the cloud keeps its pace; a bounded cost when it does not.
type settleSchedule struct {
	origin time.Time
	// expect is where the awaited thing settled before; known tells
	// whether there is one.
	expect settleWindow
	known  bool
	// rand returns a number in [0, 1); nil means math/rand.
	rand func() float64
}

const (
	// growFirst, growFactor and growMax make the pace without expectation.
	growFirst  = 250 * time.Millisecond
	growFactor = 0.5
	growMax    = 20 * time.Second
	// Before the expected moment, a guard check follows guardFactor times
	// the time waited (at least guardFirst), so that a cloud grown faster
	// is noticed within a few times its new pace; none falls in the second
	// half of the time to the expected moment, where it would cost a call
	// for little.
	guardFirst  = 2 * time.Second
	guardFactor = 4.0
	// Around the expected moment the checks are closeFraction of it
	// apart, at least closeMin; and at most closeSplits of them span the
	// expected window, so that a wide window (seen by a wait without
	// expectation) narrows over the next waits instead of costing many
	// checks at once.
	closeFraction = 0.03
	closeMin      = 100 * time.Millisecond
	closeSplits   = 4
	// scheduleJitter moves growing and guard pauses by up to this share,
	// so that waits started together spread out when they drift from
	// their expectation.
	scheduleJitter = 0.1
)

// first checks at once without expectation: the thing may be there
// already. With one, the first check is the first guard check.
func (s settleSchedule) first(now time.Time) time.Duration {
	if !s.known {
		return 0
	}
	return s.pause(0, now)
}

func (s settleSchedule) pause(_ int, now time.Time) time.Duration {
	elapsed := now.Sub(s.origin)
	if s.known {
		step := s.expect.closeStep()
		// The close checks lie on a grid from half a step before the
		// last time the thing was seen pending to a step after the time
		// it was seen settled.
		start := s.expect.Pending - step/2
		end := s.expect.Done + step
		switch {
		case elapsed < start:
			guard := s.jitter(max(guardFirst, time.Duration(guardFactor*float64(elapsed))))
			if elapsed+guard > start/2 {
				return start - elapsed
			}
			return guard
		case elapsed < end:
			steps := int64((elapsed-start)/step) + 1
			return start + time.Duration(steps)*step - elapsed
		}
	}
	return s.jitter(min(growMax, max(growFirst, time.Duration(growFactor*float64(elapsed)))))
}

// closeStep is the time between the checks around the window.
func (w settleWindow) closeStep() time.Duration {
	return max(closeMin, time.Duration(closeFraction*float64(w.Pending)), (w.Done-w.Pending)/closeSplits)
}

func (s settleSchedule) jitter(d time.Duration) time.Duration {
	r := rand.Float64
	if s.rand != nil {
		r = s.rand
	}
	return d + time.Duration(float64(d)*scheduleJitter*(2*r()-1))
}

// pollScheduleEnv names a test hook, read once per provider process: the
// benchmark (internal/cmd/bench) sets it to "fixed:1s" or "fixed:5s" to
// measure the pollers against polling at a fixed interval. Unset or
// "adaptive" means the settleSchedule.
const pollScheduleEnv = "ALIYUN_POLL_SCHEDULE"

// scheduleHook is the fixed schedule the hook asks for, nil without one.
var scheduleHook = sync.OnceValues(func() (schedule, error) {
	return parseScheduleHook(os.Getenv(pollScheduleEnv))
})

func parseScheduleHook(v string) (schedule, error) {
	if v == "" || v == "adaptive" {
		return nil, nil
	}
	if raw, ok := strings.CutPrefix(v, "fixed:"); ok {
		if d, err := time.ParseDuration(raw); err == nil && d > 0 {
			return fixedSchedule(d), nil
		}
	}
	return nil, fmt.Errorf(`%s=%q: want "adaptive" or "fixed:" and a positive duration such as "fixed:1s"`, pollScheduleEnv, v)
}

// newSchedule is the schedule of a wait for something that began at
// origin, with the window earlier waits saw it settle in, if known.
func newSchedule(origin time.Time, expect settleWindow, known bool) (schedule, error) {
	hook, err := scheduleHook()
	if err != nil || hook != nil {
		return hook, err
	}
	return settleSchedule{origin: origin, expect: expect, known: known}, nil
}
