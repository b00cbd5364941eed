package clocktest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

var start = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func TestSleepMovesTheClock(t *testing.T) {
	c := New(start)
	if err := c.Sleep(t.Context(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := c.Now(); !got.Equal(start.Add(time.Minute)) {
		t.Fatalf("Now after sleeping a minute = %s", got)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := c.Sleep(ctx, time.Minute); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep after cancel = %v", err)
	}
	if got := c.Slept(); !slices.Equal(got, []time.Duration{time.Minute}) {
		t.Fatalf("Slept = %v, want [1m0s]: a cancelled sleep sleeps not", got)
	}
}

func TestStillClockStandsWhileSleeping(t *testing.T) {
	c := NewStill(start)
	for _, d := range []time.Duration{time.Second, 2 * time.Second} {
		if err := c.Sleep(t.Context(), d); err != nil {
			t.Fatal(err)
		}
	}
	if !c.Now().Equal(start) || !slices.Equal(c.Slept(), []time.Duration{time.Second, 2 * time.Second}) {
		t.Fatalf("Now = %s, Slept = %v", c.Now(), c.Slept())
	}
	c.Advance(time.Hour)
	if !c.Now().Equal(start.Add(time.Hour)) {
		t.Fatalf("Now after Advance(1h) = %s", c.Now())
	}
}

func TestTimersRunWhenTheirTimeComes(t *testing.T) {
	c := New(start)
	var ran []string
	c.AfterFunc(2*time.Second, func() { ran = append(ran, "2s at "+c.Now().Sub(start).String()) })
	c.AfterFunc(time.Second, func() { ran = append(ran, "1s at "+c.Now().Sub(start).String()) })
	stop := c.AfterFunc(1500*time.Millisecond, func() { ran = append(ran, "stopped") })
	if !stop() || stop() {
		t.Fatal("stop = false on a pending timer, or true twice")
	}
	c.Advance(999 * time.Millisecond)
	if len(ran) != 0 || c.Pending() != 2 {
		t.Fatalf("before their time: ran %v, %d pending", ran, c.Pending())
	}
	c.Advance(5 * time.Second)
	if want := []string{"1s at 1s", "2s at 2s"}; !slices.Equal(ran, want) {
		t.Fatalf("ran %v, want %v", ran, want)
	}
	if c.Pending() != 0 || !slices.Equal(c.Timers(), []time.Duration{2 * time.Second, time.Second, 1500 * time.Millisecond}) {
		t.Fatalf("%d pending, timers %v", c.Pending(), c.Timers())
	}
	if !c.Now().Equal(start.Add(5999 * time.Millisecond)) {
		t.Fatalf("Now = %s", c.Now())
	}
}
