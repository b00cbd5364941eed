package ecs

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// settleWindow is when an awaited thing came, measured from the moment the
// API accepted the change: a check still saw it pending at Pending, and a
// check saw it there at Done.
type settleWindow struct {
	Pending time.Duration `json:"pending"`
	Done    time.Duration `json:"done"`
}

// timingKind names what a wait awaits. How long the spec takes to show
// depends on whether an order must be paid first.
type timingKind string

const (
	timingOrderPaid         timingKind = "order_paid"
	timingShownAfterOrder   timingKind = "shown_after_order"
	timingShownWithoutOrder timingKind = "shown_without_order"
)

// timingBookSize is how many recent windows of each kind a book keeps.
const timingBookSize = 5

// timingBook remembers, for one provider instance, the windows recent
// waits saw things settle in, so that the waits of a bulk apply learn the
// cloud's pace from the first ones to finish. Safe for concurrent use.
type timingBook struct {
	mu   sync.Mutex
	seen map[timingKind][]settleWindow
}

func newTimingBook() *timingBook {
	return &timingBook{seen: map[timingKind][]settleWindow{}}
}

// learn records a window seen for kind, forgetting the oldest beyond
// timingBookSize.
func (b *timingBook) learn(kind timingKind, w settleWindow) {
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := append(b.seen[kind], w)
	if len(seen) > timingBookSize {
		seen = slices.Delete(seen, 0, len(seen)-timingBookSize)
	}
	b.seen[kind] = seen
}

// expect is the window to expect for kind: the median of the recent
// Pending and Done times, so that one odd wait does not move it; false
// when nothing was learned.
func (b *timingBook) expect(kind timingKind) (settleWindow, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := b.seen[kind]
	if len(seen) == 0 {
		return settleWindow{}, false
	}
	pending := make([]time.Duration, len(seen))
	done := make([]time.Duration, len(seen))
	for i, w := range seen {
		pending[i], done[i] = w.Pending, w.Done
	}
	// Each Pending is at most its Done, so the medians keep that order.
	return settleWindow{Pending: median(pending), Done: median(done)}, true
}

// median of a non-empty list; the lower middle one for an even count.
func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[(len(d)-1)/2]
}

// watch follows the checks of one wait to tell the window it saw the
// awaited thing settle in.
type watch struct {
	origin          time.Time
	pending, done   time.Duration
	sawPending, got bool
}

// saw records a check made at now.
func (w *watch) saw(now time.Time, done bool) {
	e := now.Sub(w.origin)
	switch {
	case !done:
		w.pending, w.sawPending = e, true
	case !w.got:
		w.done, w.got = e, true
	}
}

// window is what the checks saw; false unless one saw it pending and a
// later one saw it done (a thing already there at the first check tells
// nothing of its pace).
func (w *watch) window() (settleWindow, bool) {
	if !w.sawPending || !w.got || w.done < w.pending {
		return settleWindow{}, false
	}
	return settleWindow{Pending: w.pending, Done: w.done}, true
}

// changeTiming is what the waits of one change saw, by kind: kept in the
// resource's private state so that its next change expects the same pace
// even in a provider process that has seen no other change.
type changeTiming map[timingKind]settleWindow

// pace schedules one wait of a change and learns from it.
type pace struct {
	kind timingKind
	// learning: the wait knows when the change was accepted, so what it
	// sees is the cloud's pace (not so when resuming on an order a
	// previous apply placed).
	learning bool
	origin   time.Time
	expect   settleWindow
	known    bool
	watch    watch
}

// newPace prepares a wait for kind of a change the API accepted at
// origin, zero when unknown. It expects what this resource's last change
// saw (hint), or else what the provider instance's recent waits saw.
func newPace(book *timingBook, hint changeTiming, kind timingKind, origin time.Time) *pace {
	p := &pace{kind: kind, learning: !origin.IsZero(), origin: origin}
	if !p.learning {
		p.origin = time.Now()
	} else if w, ok := hint[kind]; ok {
		p.expect, p.known = w, true
	} else {
		p.expect, p.known = book.expect(kind)
	}
	p.watch.origin = p.origin
	return p
}

func (p *pace) schedule() (schedule, error) {
	return newSchedule(p.origin, p.expect, p.known)
}

// saw records a check made now.
func (p *pace) saw(done bool) {
	p.watch.saw(time.Now(), done)
}

// learned is the window the wait saw the awaited thing settle in, if it
// can tell.
func (p *pace) learned() (settleWindow, bool) {
	if !p.learning {
		return settleWindow{}, false
	}
	return p.watch.window()
}

// keepTiming saves in private state what the waits of a change saw, over
// what earlier changes saw of the kinds it did not wait for.
func keepTiming(ctx context.Context, p privateSetter, earlier, seen changeTiming) diag.Diagnostics {
	if len(seen) == 0 {
		return nil
	}
	merged := maps.Clone(earlier)
	if merged == nil {
		merged = changeTiming{}
	}
	maps.Copy(merged, seen)
	return setPrivate(ctx, p, privateTiming, merged)
}
