package ecsmock

import (
	"math"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// TestAnswersCarryTheSimulatedClock: the Date header of an answer is the
// simulated time, so a client that reads the cloud's clock from answers
// follows AdvanceClock.
func TestAnswersCarryTheSimulatedClock(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.AdvanceClock(48 * time.Hour)
	resp, err := http.Get(f.http.URL + "/?Action=DescribeInstances&Version=2014-05-26")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		t.Fatalf("Date %q: %v", resp.Header.Get("Date"), err)
	}
	if d := f.srv.Now().Sub(date); d < 0 || d > 2*time.Second {
		t.Errorf("Date = %s, simulated now %s: want the simulated clock", date, f.srv.Now())
	}
}

func TestAdvanceOffsetSaturates(t *testing.T) {
	const maxOffset = time.Duration(math.MaxInt64)
	for _, tc := range []struct{ offset, d, want time.Duration }{
		{0, time.Hour, time.Hour},
		{time.Hour, -time.Hour, time.Hour},
		{time.Hour, 0, time.Hour},
		{maxOffset - time.Hour, time.Hour, maxOffset},
		{maxOffset - time.Hour, 2 * time.Hour, maxOffset},
		{maxOffset / 2, maxOffset, maxOffset},
		{maxOffset, maxOffset, maxOffset},
	} {
		if got := advanceOffset(tc.offset, tc.d); got != tc.want {
			t.Errorf("advanceOffset(%v, %v) = %v, want %v", tc.offset, tc.d, got, tc.want)
		}
	}
}

// TestClockNeverGoesBack: two advances that would overflow together leave
// the clock at its farthest, not in the past; what the admin API cannot
// take is refused and moves nothing.
func TestClockNeverGoesBack(t *testing.T) {
	f := newFixture(t, nil)
	var first, second clockView
	for _, view := range []*clockView{&first, &second} {
		if code := f.admin(http.MethodPost, "/_mock/clock", `{"Advance":"2000000h"}`, view); code != http.StatusOK {
			t.Fatalf("advance 2000000h: %d", code)
		}
	}
	if !second.Now.After(first.Now) || second.Offset != time.Duration(math.MaxInt64).String() {
		t.Fatalf("second huge advance: now %s after %s, offset %s; want later and saturated", second.Now, first.Now, second.Offset)
	}
	f.srv.AdvanceClock(time.Duration(math.MaxInt64))
	if now := f.srv.Now(); now.Before(second.Now) {
		t.Fatalf("AdvanceClock past saturation moved the clock back to %s", now)
	}
	for _, body := range []string{`{"Advance":"-1h"}`, `{"Advance":"3000000h"}`, `{"Advance":"1h","Backwards":true}`, `null`, `{"Advance":"1h"} {}`, `{}`} {
		var e adminError
		if code := f.admin(http.MethodPost, "/_mock/clock", body, &e); code != http.StatusBadRequest || e.Code != "InvalidClock" {
			t.Errorf("POST clock %s: %d %+v, want 400 InvalidClock", body, code, e)
		}
	}
	var last clockView
	f.admin(http.MethodGet, "/_mock/clock", "", &last)
	if last.Offset != second.Offset {
		t.Fatalf("refused advances changed the offset to %s", last.Offset)
	}
}

// TestSaturatedClockSurvivesRestart: the farthest clock is written to the
// -state file and read back as it is, not refused or wrapped.
func TestSaturatedClockSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	first, err := New(Config{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	first.AdvanceClock(time.Duration(math.MaxInt64))
	first.AdvanceClock(time.Hour)
	far := first.Now()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again := newFixtureConfig(t, Config{StateFile: path})
	if now := again.srv.Now(); now.Before(far) || now.Year() < 2300 {
		t.Fatalf("clock after restart = %s, want at least %s", now, far)
	}
}

// TestClockAdvance: moving the clock past the pay delay and the settle time
// makes both happen, in order, without waiting.
func TestClockAdvance(t *testing.T) {
	f := newFixture(t, nil) // both 1h
	before := f.srv.Now()
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "9"})
	f.srv.AdvanceClock(90 * time.Minute)
	if got := f.srv.Now().Sub(before); got < 90*time.Minute {
		t.Fatalf("clock moved %v, want at least 90m", got)
	}
	o := f.srv.State().Accounts[0].Orders[0]
	if o.OrderId != orderID || o.PaymentStatus != orderPaid || o.PaymentTime.Sub(o.CreateTime) != time.Hour {
		t.Fatalf("order = %+v, want Paid exactly one pay delay after creation", o)
	}
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 {
		t.Fatalf("out = %d 30m into settling, want 5", in.InternetMaxBandwidthOut)
	}
	f.srv.AdvanceClock(31 * time.Minute)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 9 {
		t.Fatalf("out = %d after settling, want 9", in.InternetMaxBandwidthOut)
	}
}
