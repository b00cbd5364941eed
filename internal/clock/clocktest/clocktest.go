// Package clocktest is the fake clock of the provider's tests.
package clocktest

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Fake is a clock.Clock that moves only when told: by Advance, and by
// Sleep unless made with NewStill. Its timers run when Advance passes
// their time; its Rand is 0.5 (no jitter) unless SetRand says otherwise.
// It is safe for concurrent use.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	still  bool
	slept  []time.Duration
	timers []*timer
	rand   float64
}

type timer struct {
	at      time.Time
	d       time.Duration
	f       func()
	stopped bool
	fired   bool
}

// New is a fake clock at start whose Sleep returns at once, the clock
// moved on by the sleep: a wait of minutes runs in no time.
func New(start time.Time) *Fake {
	return &Fake{now: start, rand: 0.5}
}

// NewStill is a fake clock at start that only Advance moves: its Sleep
// returns at once and leaves the clock where it was, as if the sleeper
// still slept while the test goes on. Slept tells how long each would
// have slept.
func NewStill(start time.Time) *Fake {
	f := New(start)
	f.still = true
	return f
}

func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Sleep records d and returns at once: ctx's error when it has ended,
// else nil, the clock moved on by d (not with NewStill).
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	f.slept = append(f.slept, d)
	still := f.still
	f.mu.Unlock()
	if !still {
		f.Advance(max(d, 0))
	}
	return nil
}

// AfterFunc sets a timer that Advance runs once it passes d from now.
func (f *Fake) AfterFunc(d time.Duration, fn func()) func() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &timer{at: f.now.Add(d), d: d, f: fn}
	f.timers = append(f.timers, t)
	return func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		was := !t.stopped && !t.fired
		t.stopped = true
		return was
	}
}

func (f *Fake) Rand() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rand
}

// SetRand makes Rand return r.
func (f *Fake) SetRand(r float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rand = r
}

// Advance moves the clock on by d, running the timers it passes in the
// order of their time, each in the caller's goroutine with the clock at
// its time.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	end := f.now.Add(d)
	for {
		var next *timer
		for _, t := range f.timers {
			if !t.stopped && !t.fired && !t.at.After(end) && (next == nil || t.at.Before(next.at)) {
				next = t
			}
		}
		if next == nil {
			break
		}
		next.fired = true
		if next.at.After(f.now) {
			f.now = next.at
		}
		f.mu.Unlock()
		next.f()
		f.mu.Lock()
	}
	if end.After(f.now) {
		f.now = end
	}
	f.mu.Unlock()
}

// Slept is how long each Sleep slept, in order.
func (f *Fake) Slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.slept)
}

// Timers is the duration of each timer AfterFunc set, in order.
func (f *Fake) Timers() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ds []time.Duration
	for _, t := range f.timers {
		ds = append(ds, t.d)
	}
	return ds
}

// Pending counts the timers neither run nor stopped.
func (f *Fake) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, t := range f.timers {
		if !t.stopped && !t.fired {
			n++
		}
	}
	return n
}
