package ecsmock

import (
	"path/filepath"
	"testing"
	"time"
)

// waitFor polls cond until it holds or a generous deadline passes, and
// returns when it first held.
func waitFor(t *testing.T, what string, cond func() bool) time.Time {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within 10s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Now()
}

// TestSettleOnRealTime: with real durations, a change is not visible before
// -settle and becomes visible without anything but time passing.
func TestSettleOnRealTime(t *testing.T) {
	const settle = 500 * time.Millisecond
	f := newFixtureConfig(t, Config{Settle: settle, PayDelay: 200 * time.Millisecond})

	start := time.Now()
	f.mustModify("i-postpaid-vpc", spec{Out: "9"})
	settled := waitFor(t, "pay-as-you-go change settling", func() bool { return f.describe("i-postpaid-vpc").InternetMaxBandwidthOut == 9 })
	if settled.Sub(start) < settle {
		t.Fatalf("change visible after %v, before the %v settle time", settled.Sub(start), settle)
	}

	start = time.Now()
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "9"})
	paid := waitFor(t, "auto-paid order", func() bool { return f.order(orderID).PaymentStatus == "Paid" })
	if paid.Sub(start) < 200*time.Millisecond {
		t.Fatalf("order paid after %v, before the 200ms pay delay", paid.Sub(start))
	}
	settled = waitFor(t, "subscription change settling", func() bool { return f.describe("i-prepaid-vpc").InternetMaxBandwidthOut == 9 })
	if settled.Sub(start) < 200*time.Millisecond+settle {
		t.Fatalf("change visible after %v, before pay delay + settle", settled.Sub(start))
	}
}

// TestStateFileFollowsTimers: the state file records a change settling with
// no call arriving afterwards.
func TestStateFileFollowsTimers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	f := newFixtureConfig(t, Config{StateFile: path, Settle: 100 * time.Millisecond, PayDelay: 50 * time.Millisecond})
	f.mustModify("i-postpaid-vpc", spec{Out: "33"})
	var w *World
	waitFor(t, "state file showing the settled change", func() bool {
		var err error
		w, _, err = loadStateFile(path)
		return err == nil && w.Accounts[0].instance("i-postpaid-vpc").InternetMaxBandwidthOut == 33
	})
	if n := len(w.Accounts[0].instance("i-postpaid-vpc").PendingChanges); n != 0 {
		t.Fatalf("state file still has %d pending changes", n)
	}
}
