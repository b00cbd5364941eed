package ecs

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// settleRun is a wait, on a fake clock, for something that settles settle
// after the wait's origin.
type settleRun struct {
	checks  int
	lag     time.Duration // from settling to the check that saw it
	pending time.Duration // what the wait returned
}

func runSettle(t *testing.T, settle, expect time.Duration) settleRun {
	t.Helper()
	clock := clocktest.New(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	var r settleRun
	w := waiter{what: "the thing", clock: clock, origin: clock.Now(), expect: expect}
	w.status = func(context.Context) (string, bool, error) {
		r.checks++
		waited := clock.Now().Sub(w.origin)
		r.lag = waited - settle
		return "", waited >= settle, nil
	}
	var err error
	if r.pending, err = w.wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSettleSchedule computes, for each settle time, the lag and the
// number of checks of a first wait and of one expecting what the first
// saw, against the targets: a lag of at most max(1 s, 10 % of the time
// waited) and a share of the checks polling every second makes (one at
// once and one a second after, settle + 1).
func TestSettleSchedule(t *testing.T) {
	tests := []struct {
		settle time.Duration
		// maxShare and maxLearnedShare bound the checks of the first and
		// the learned wait as shares of 1 s polling's; 0: no bound.
		maxShare, maxLearnedShare float64
	}{
		{settle: 300 * time.Millisecond},
		{settle: time.Second},
		{settle: 5 * time.Second},
		{settle: 30 * time.Second, maxShare: 0.8, maxLearnedShare: 0.25},
		{settle: 120 * time.Second, maxShare: 0.4, maxLearnedShare: 0.25},
		{settle: 10 * time.Minute, maxShare: 0.1, maxLearnedShare: 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.settle.String(), func(t *testing.T) {
			maxLag := max(minPause, tt.settle/10)
			polling := float64(tt.settle/time.Second + 1)
			first := runSettle(t, tt.settle, 0)
			learned := runSettle(t, tt.settle, first.pending)
			again := runSettle(t, tt.settle, learned.pending)
			for _, r := range []struct {
				name     string
				run      settleRun
				maxShare float64
			}{
				{"first", first, tt.maxShare},
				{"learned", learned, tt.maxLearnedShare},
				{"learned again", again, tt.maxLearnedShare},
			} {
				t.Logf("%s: %d checks (%.2f of 1 s polling's), lag %s", r.name, r.run.checks, float64(r.run.checks)/polling, r.run.lag)
				if r.run.lag < 0 || r.run.lag > maxLag {
					t.Errorf("%s wait: lag %s, want at most %s", r.name, r.run.lag, maxLag)
				}
				if r.maxShare > 0 && float64(r.run.checks) > r.maxShare*polling {
					t.Errorf("%s wait: %d checks, want at most %.2f of 1 s polling's %g", r.name, r.run.checks, r.maxShare, polling)
				}
			}
			// A cloud keeping its pace is seen within a check of its moment
			// once a learned wait narrowed it.
			if again.lag > minPause {
				t.Errorf("learned again: lag %s, want at most %s", again.lag, minPause)
			}
			// What a wait returns is a time it saw the thing pending.
			if first.pending >= tt.settle || learned.pending >= tt.settle {
				t.Errorf("pending seen at %s and %s, not before the settle time %s", first.pending, learned.pending, tt.settle)
			}
		})
	}
}

// TestSettleScheduleWhenThePaceChanges: a cloud grown slower than
// expected still meets the lag bound; one grown faster is seen at the
// expected moment, and its first check seeing it done forgets that moment
// so the next wait paces as a first one.
func TestSettleScheduleWhenThePaceChanges(t *testing.T) {
	slower := runSettle(t, 60*time.Second, 29*time.Second)
	if slower.lag > 6*time.Second {
		t.Errorf("a cloud grown slower: lag %s, want at most 6s", slower.lag)
	}
	faster := runSettle(t, 10*time.Second, 29*time.Second)
	if faster.checks != 1 || faster.lag != 19*time.Second || faster.pending != 0 {
		t.Errorf("a cloud grown faster: %+v, want one check at the expected moment and nothing learned", faster)
	}
}

func TestSettleSchedulePause(t *testing.T) {
	s := func(sec float64) time.Duration { return time.Duration(sec * float64(time.Second)) }
	tests := []struct {
		elapsed, expect, want time.Duration
	}{
		{0, 0, quickPause},
		{s(0.5), 0, s(0.5)},
		{s(5), 0, minPause},
		{s(30), 0, s(3)},
		{s(120), 0, s(12)},
		{s(1), s(29), s(28)},
		{s(29), s(29), minPause},
		{s(31), s(29), minPause},
		{s(35), s(29), s(3)},
		{s(600), s(540), s(30)},
		{s(800), s(540), s(80)},
	}
	for _, tt := range tests {
		if got := settleSchedule(tt.expect)(tt.elapsed, 1); got != tt.want {
			t.Errorf("pause after %s, expecting %s = %s, want %s", tt.elapsed, tt.expect, got, tt.want)
		}
	}
}

func TestWait(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		doneAt    int // check number that reports done; 0: never
		failAt    int // check number that fails; 0: never
		wantCalls int
		wantErr   func(error) bool
	}{
		{"done at the first check", 1, 0, 1, func(err error) bool { return err == nil }},
		{"done at the third check", 3, 0, 3, func(err error) bool { return err == nil }},
		{"error ends the wait", 0, 2, 2, func(err error) bool { return errors.Is(err, errBoom) }},
		{"deadline", 0, 0, 3, func(err error) bool {
			var wt *waitTimeoutError
			// Checks at 0.25 s, 0.5 s and 1 s.
			return errors.As(err, &wt) && wt.What == "the thing" && wt.LastStatus == "still pending 3" &&
				wt.Waited == time.Second && errors.Is(err, context.DeadlineExceeded)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer cancel()
			clock := clocktest.New(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			calls := 0
			w := waiter{what: "the thing", clock: clock, origin: clock.Now(), status: func(ctx context.Context) (string, bool, error) {
				calls++
				if calls == tt.failAt {
					return "", false, errBoom
				}
				if tt.doneAt == 0 && calls == 3 {
					// The deadline passes while the third check runs.
					<-ctx.Done()
				}
				return fmt.Sprint("still pending ", calls), calls == tt.doneAt, nil
			}}
			_, err := w.wait(ctx)
			if !tt.wantErr(err) {
				t.Fatalf("err = %v", err)
			}
			if calls != tt.wantCalls {
				t.Fatalf("checks = %d, want %d", calls, tt.wantCalls)
			}
		})
	}
}

func TestWaitStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	clock := clocktest.New(time.Time{})
	calls := 0
	w := waiter{what: "the thing", clock: clock, status: func(context.Context) (string, bool, error) {
		calls++
		cancel()
		return "pending", false, nil
	}}
	if _, err := w.wait(ctx); !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d checks, want context.Canceled after 1", err, calls)
	}
}

// TestApplyChangeLearnsThePace changes a subscription instance twice
// against a simulator that pays at once and settles 2.5 s later: each
// change's result says when its spec wait last saw the old spec, the
// moment the next change sleeps until; its order, paid by the first
// check, teaches nothing.
func TestApplyChangeLearnsThePace(t *testing.T) {
	const (
		payDelay = 100 * time.Millisecond
		settle   = 2500 * time.Millisecond
	)
	client, _ := simClientWith(t, ecsmock.Config{PayDelay: payDelay, Settle: settle})
	const id = "i-prepaid-vpc"
	var hint *changeTiming
	for _, out := range []int64{6, 7} {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		inst, err := findInstance(ctx, client, id)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sendChange(ctx, client, factsOf(inst), change{Out: &out, AutoPay: true}, "", hint)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if res.Timing.Paid != 0 || res.Timing.Shown >= payDelay+settle || res.Timing.Shown < payDelay+settle-2*minPause {
			t.Errorf("out %d: timing %+v, want no order time and the spec last pending within %s before %s", out, res.Timing, 2*minPause, payDelay+settle)
		}
		hint = &res.Timing
	}
}
