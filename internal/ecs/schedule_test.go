package ecs

import (
	"fmt"
	"testing"
	"time"
)

var scheduleOrigin = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func TestSettleSchedulePause(t *testing.T) {
	warm := settleWindow{Pending: seconds(29.5), Done: seconds(30.5)}
	// Around 29.5s the close step is 3% of it; the grid starts half a
	// step before 29.5s and ends a step after 30.5s.
	step := seconds(0.885)
	start := warm.Pending - step/2
	tests := []struct {
		name    string
		known   bool
		rand    float64
		elapsed time.Duration
		want    time.Duration
	}{
		{"cold: first pause", false, 0.5, 0, growFirst},
		{"cold: never below the first pause", false, 0.5, 300 * time.Millisecond, growFirst},
		{"cold: half the time waited", false, 0.5, 4 * time.Second, 2 * time.Second},
		{"cold: capped", false, 0.5, 10 * time.Minute, growMax},
		{"cold: jitter low", false, 0, 4 * time.Second, seconds(1.8)},
		{"cold: jitter high", false, 1, 4 * time.Second, seconds(2.2)},
		{"warm: first guard", true, 0.5, 500 * time.Millisecond, guardFirst},
		{"warm: guards grow", true, 0.5, seconds(1.5), 6 * time.Second},
		{"warm: guard stops at the grid", true, 0.5, 10 * time.Second, start - 10*time.Second},
		{"warm: guard jitter never passes the grid", true, 1, 10 * time.Second, start - 10*time.Second},
		{"warm: on the grid", true, 0.5, start, step},
		{"warm: back onto the grid", true, 0, start + step + 100*time.Millisecond, step - 100*time.Millisecond},
		{"warm: last close check", true, 0.5, seconds(31.2), start + 3*step - seconds(31.2)},
		{"warm: past the grid the pace grows", true, 0.5, 40 * time.Second, growMax},
		{"warm: past the grid, with jitter", true, 0, 33 * time.Second, seconds(14.85)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settleSchedule{origin: scheduleOrigin, expect: warm, known: tt.known, rand: func() float64 { return tt.rand }}
			if got := s.pause(3, scheduleOrigin.Add(tt.elapsed)); got != tt.want {
				t.Fatalf("pause at %s = %s, want %s", tt.elapsed, got, tt.want)
			}
		})
	}
}

// run plays a wait against a thing that settles at settleAt after the
// origin, the wait starting at firstCheck, each check instantaneous. It
// returns the checks made, how late the wait saw the thing settle, and what
// it saw.
func run(s schedule, firstCheck, settleAt time.Duration) (checks int, lag time.Duration, w *watch) {
	w = &watch{origin: scheduleOrigin}
	at := firstCheck + s.first(scheduleOrigin.Add(firstCheck))
	for attempt := 0; ; attempt++ {
		checks++
		done := at >= settleAt
		w.saw(scheduleOrigin.Add(at), done)
		if done {
			return checks, at - max(settleAt, firstCheck), w
		}
		at += s.pause(attempt, scheduleOrigin.Add(at))
	}
}

// TestSettleScheduleLearns plays the waits the benchmark measures, after a
// change settling S after it was accepted, with the jitter at both of its
// ends: the first wait knows nothing; the next ones expect what the
// previous saw.
func TestSettleScheduleLearns(t *testing.T) {
	tests := []struct {
		settle time.Duration
		// Without expectation: the checks of a pace growing by half.
		coldChecks int
		// With one: guards, and a few close ones.
		warmChecks int
	}{
		{seconds(0.5), 4, 4},
		{seconds(1.5), 7, 3},
		{seconds(5.5), 10, 6},
		{seconds(30.5), 15, 5},
		// Capped at growMax, a long wait costs a check per 20s.
		{seconds(300.5), 30, 7},
	}
	for _, tt := range tests {
		for _, r := range []float64{0, 0.999} {
			t.Run(fmt.Sprintf("%s/rand %v", tt.settle, r), func(t *testing.T) {
				rand := func() float64 { return r }
				cold := settleSchedule{origin: scheduleOrigin, rand: rand}
				checks, lag, w := run(cold, 0, tt.settle)
				// At most half the wait late, plus jitter.
				if maxLag := max(growFirst*11/10, tt.settle*55/100); lag > maxLag {
					t.Errorf("cold lag = %s, want at most %s", lag, maxLag)
				}
				if checks > tt.coldChecks {
					t.Errorf("cold checks = %d, want at most %d", checks, tt.coldChecks)
				}

				for i := range 3 {
					seen, ok := w.window()
					if !ok {
						t.Fatalf("wait %d saw no window", i)
					}
					warm := settleSchedule{origin: scheduleOrigin, expect: seen, known: true, rand: rand}
					checks, lag, w = run(warm, 0, tt.settle)
					if step := seen.closeStep(); lag > step {
						t.Errorf("warm wait %d: lag = %s, want at most %s", i, lag, step)
					}
					if checks > tt.warmChecks {
						t.Errorf("warm wait %d: checks = %d, want at most %d", i, checks, tt.warmChecks)
					}
				}
			})
		}
	}
}

// TestSettleScheduleWhenThePaceChanges: an expectation that no longer
// holds costs a bounded lag, not a wait for the old moment.
func TestSettleScheduleWhenThePaceChanges(t *testing.T) {
	tests := []struct {
		name     string
		expect   settleWindow
		settle   time.Duration
		maxLag   time.Duration
		maxCheck int
	}{
		// A guard check follows 4 times the time waited (plus jitter):
		// the lag is at most 4.4 times the new settle time.
		{"faster than expected", settleWindow{Pending: 30 * time.Second, Done: 31 * time.Second}, 5 * time.Second, 22 * time.Second, 3},
		// Past the close checks the pace grows as without expectation.
		{"slower than expected", settleWindow{Pending: 5 * time.Second, Done: 6 * time.Second}, 60 * time.Second, 33 * time.Second, 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settleSchedule{origin: scheduleOrigin, expect: tt.expect, known: true, rand: func() float64 { return 0.999 }}
			checks, lag, _ := run(s, 0, tt.settle)
			if lag > tt.maxLag {
				t.Errorf("lag = %s, want at most %s", lag, tt.maxLag)
			}
			if checks > tt.maxCheck {
				t.Errorf("checks = %d, want at most %d", checks, tt.maxCheck)
			}
		})
	}
}

func TestScheduleFirstCheck(t *testing.T) {
	warm := settleWindow{Pending: 30 * time.Second, Done: 31 * time.Second}
	short := settleWindow{Pending: 400 * time.Millisecond, Done: 500 * time.Millisecond}
	now := scheduleOrigin.Add(500 * time.Millisecond)
	tests := []struct {
		name string
		s    schedule
		want time.Duration
	}{
		{"fixed: at once", fixedSchedule(time.Second), 0},
		{"without expectation: at once", settleSchedule{origin: scheduleOrigin}, 0},
		{"expecting a long wait: a guard first", settleSchedule{origin: scheduleOrigin, expect: warm, known: true, rand: func() float64 { return 0.5 }}, guardFirst},
		// A guard 2s in would fall in the second half of the 2.9375s to the
		// grid (a step of 125ms, a quarter of the window, from half a step
		// before 3s): none.
		{"expecting a wait of seconds: straight to the grid", settleSchedule{origin: scheduleOrigin, expect: settleWindow{Pending: 3 * time.Second, Done: seconds(3.5)}, known: true, rand: func() float64 { return 0.5 }}, seconds(2.4375)},
		// The grid of a 400-500ms window: 350ms, 450ms, 550ms.
		{"within the expected window: the next close check", settleSchedule{origin: scheduleOrigin, expect: short, known: true}, 50 * time.Millisecond},
		{"expected moment passed: growing pace", settleSchedule{origin: scheduleOrigin.Add(-time.Second), expect: short, known: true, rand: func() float64 { return 0.5 }}, 750 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.first(now); got != tt.want {
				t.Fatalf("first = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFixedSchedule(t *testing.T) {
	s := fixedSchedule(time.Second)
	checks, lag, _ := run(s, 0, seconds(30.5))
	if checks != 32 || lag != 500*time.Millisecond {
		t.Fatalf("fixed 1s polling of a 30.5s settle: %d checks, lag %s; want 32 checks, lag 500ms", checks, lag)
	}
}

func TestParseScheduleHook(t *testing.T) {
	tests := []struct {
		value   string
		want    schedule
		wantErr bool
	}{
		{"", nil, false},
		{"adaptive", nil, false},
		{"fixed:1s", fixedSchedule(time.Second), false},
		{"fixed:250ms", fixedSchedule(250 * time.Millisecond), false},
		{"fixed:0s", nil, true},
		{"fixed:-1s", nil, true},
		{"fixed:", nil, true},
		{"fixed:soon", nil, true},
		{"1s", nil, true},
		{"exponential", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got, err := parseScheduleHook(tt.value)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseScheduleHook(%q) error = %v, want error %v", tt.value, err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("parseScheduleHook(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}
