// Package clock is the provider's one source of time: what its
// time-dependent decisions read, what its waits and retries sleep on, its
// timers, and the one jitter of its retries. The provider injects one
// Clock when it is configured (conns.Config), so that a test's fake clock
// (package clocktest) runs minutes of waiting in no time.
package clock

import (
	"context"
	"math/rand/v2"
	"time"
)

// Clock tells the time and waits.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or less when ctx ends first (its error is returned).
	Sleep(ctx context.Context, d time.Duration) error
	// AfterFunc calls f in its own goroutine once d has passed; stop
	// cancels that, and is false when f has been called or stopped
	// already.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
	// Rand is a random number in [0, 1), for Jitter.
	Rand() float64
}

// Jitter moves d at random by up to ±spread of itself (spread 0.5: from
// half of d to one and a half), so that callers that would wait alike do
// not come back in step.
func Jitter(c Clock, d time.Duration, spread float64) time.Duration {
	j := float64(d)
	j += j * spread * (2*c.Rand() - 1)
	return time.Duration(max(j, 0))
}

// System is the machine's clock.
var System Clock = system{}

type system struct{}

func (system) Now() time.Time { return time.Now() }

func (system) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func (system) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

func (system) Rand() float64 { return rand.Float64() }
