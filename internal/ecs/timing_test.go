package ecs

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

func TestTimingBookExpect(t *testing.T) {
	w := func(p, d float64) settleWindow { return settleWindow{Pending: seconds(p), Done: seconds(d)} }
	tests := []struct {
		name    string
		learned []settleWindow
		want    settleWindow
		known   bool
	}{
		{"nothing learned", nil, settleWindow{}, false},
		{"one wait", []settleWindow{w(29, 31)}, w(29, 31), true},
		{"one odd wait does not move it", []settleWindow{w(29, 31), w(2, 3), w(29.5, 30.5)}, w(29, 30.5), true},
		{"an even count takes the lower middle", []settleWindow{w(1, 2), w(5, 6), w(3, 4), w(4, 4.5)}, w(3, 4), true},
		{"only the last five count", []settleWindow{w(1, 2), w(1, 2), w(1, 2), w(9, 10), w(9, 10), w(9, 10), w(9, 10), w(9, 10)}, w(9, 10), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newTimingBook()
			b.learn(timingOrderPaid, w(100, 200))
			for _, l := range tt.learned {
				b.learn(timingShownAfterOrder, l)
			}
			got, known := b.expect(timingShownAfterOrder)
			if got != tt.want || known != tt.known {
				t.Fatalf("expect = %v, %v; want %v, %v", got, known, tt.want, tt.known)
			}
		})
	}
}

func TestTimingBookConcurrent(t *testing.T) {
	b := newTimingBook()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.learn(timingShownWithoutOrder, settleWindow{Pending: time.Duration(i), Done: time.Duration(i + 1)})
			b.expect(timingShownWithoutOrder)
		}()
	}
	wg.Wait()
	if got, known := b.expect(timingShownWithoutOrder); !known || got.Done < got.Pending {
		t.Fatalf("expect after concurrent learning = %v, %v", got, known)
	}
}

func TestWatchWindow(t *testing.T) {
	type check struct {
		at   float64
		done bool
	}
	tests := []struct {
		name   string
		checks []check
		want   settleWindow
		ok     bool
	}{
		{"pending then done", []check{{0, false}, {1, false}, {2.5, true}}, settleWindow{Pending: time.Second, Done: seconds(2.5)}, true},
		{"done at the first check tells nothing", []check{{0.5, true}}, settleWindow{}, false},
		{"never done", []check{{0, false}, {1, false}}, settleWindow{}, false},
		{"the first done counts", []check{{0, false}, {1, true}, {2, true}}, settleWindow{Pending: 0, Done: time.Second}, true},
		{"seen pending again after done (a flapping answer)", []check{{0, false}, {1, true}, {2, false}}, settleWindow{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := watch{origin: scheduleOrigin}
			for _, c := range tt.checks {
				w.saw(scheduleOrigin.Add(seconds(c.at)), c.done)
			}
			got, ok := w.window()
			if got != tt.want || ok != tt.ok {
				t.Fatalf("window = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestApplyChangeLearnsThePace changes a subscription instance twice
// against a simulator that pays after 200ms and settles 3s later:
// the waits of the first change see when the order was paid and the spec
// showed; the second change, told what the first saw, polls around those
// moments and needs fewer checks.
func TestApplyChangeLearnsThePace(t *testing.T) {
	const (
		payDelay = 200 * time.Millisecond
		settle   = 3 * time.Second
	)
	client, srv := simClientWith(t, ecsmock.Config{PayDelay: payDelay, Settle: settle})
	const id = "i-prepaid-vpc"
	polls := func(run func()) int {
		before := len(srv.Calls())
		run()
		n := 0
		for _, c := range srv.Calls()[before:] {
			if c.Action == "DescribeInstances" || c.Action == "GetOrderDetail" {
				n++
			}
		}
		return n
	}
	change := func(out int64, hint changeTiming) changeResult {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		inst, err := findInstance(ctx, client, id)
		if err != nil {
			t.Fatal(err)
		}
		res, err := applyChange(ctx, client, id, change{Out: &out, AutoPay: true}, currentOf(inst), newClientToken(), "", hint)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	var first changeResult
	coldPolls := polls(func() { first = change(6, nil) })
	paid, okPaid := first.Timing[timingOrderPaid]
	shown, okShown := first.Timing[timingShownAfterOrder]
	if !okPaid || !okShown {
		t.Fatalf("timing of the first change = %v, want the order's payment and the spec's showing", first.Timing)
	}
	// What a wait sees brackets the moment: pending at some check before
	// it, done at a check after it.
	if paid.Pending >= payDelay+50*time.Millisecond || paid.Done < payDelay {
		t.Errorf("order paid seen in %+v, want around %s", paid, payDelay)
	}
	if shown.Pending >= payDelay+settle+50*time.Millisecond || shown.Done < payDelay+settle {
		t.Errorf("spec shown seen in %+v, want around %s", shown, payDelay+settle)
	}
	if w, known := sharedOf(client).timing.expect(timingShownAfterOrder); !known || w != shown {
		t.Errorf("the provider instance learned %+v, %v; want %+v", w, known, shown)
	}

	warmPolls := polls(func() { change(7, first.Timing) })
	if warmPolls >= coldPolls {
		t.Errorf("checks of the second change = %d, want fewer than the first's %d", warmPolls, coldPolls)
	}
}
