package ecsmock

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHealth(t *testing.T) {
	f := newFixture(t, nil)
	var h healthView
	if status := f.admin(http.MethodGet, "/_mock/health", "", &h); status != http.StatusOK || h.Status != "ok" || h.Version != Version || h.Version == "" {
		t.Fatalf("GET /_mock/health: %d %+v, want 200 ok with version %q", status, h, Version)
	}
}

// TestReset: after changes, an order, calls, a fault and a clock move,
// POST /_mock/reset gives the seed world back with nothing else left.
func TestReset(t *testing.T) {
	seed := DefaultWorld()
	seed.account(key1).instance("i-postpaid-vpc").InternetMaxBandwidthOut = 9
	f := newFixture(t, &seed)
	f.mustModify("i-postpaid-vpc", spec{Out: "20", Token: "before-reset"})
	f.mustModify("i-prepaid-vpc", spec{Out: "30"})
	if err := f.srv.AddFault(FaultRule{Action: "*", Kind: FaultError, Code: "InternalError"}); err != nil {
		t.Fatal(err)
	}
	f.srv.AdvanceClock(3 * time.Hour)

	if status := f.admin(http.MethodPost, "/_mock/reset", "", nil); status != http.StatusNoContent {
		t.Fatalf("POST /_mock/reset: %d, want 204", status)
	}
	var clock clockView
	f.admin(http.MethodGet, "/_mock/clock", "", &clock)
	if clock.Offset != "0s" {
		t.Errorf("clock offset after reset = %s, want 0s", clock.Offset)
	}
	if n := len(f.srv.Faults()); n != 0 {
		t.Errorf("%d fault rules after reset", n)
	}
	if n := len(f.srv.Calls()); n != 0 {
		t.Errorf("%d calls after reset", n)
	}
	w := f.srv.State()
	a := w.account(key1)
	if in := a.instance("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 9 || len(in.PendingChanges) != 0 {
		t.Errorf("i-postpaid-vpc after reset: out %d, pending %+v; want the seed's 9", in.InternetMaxBandwidthOut, in.PendingChanges)
	}
	if len(a.Orders) != 0 || len(a.ClientTokens) != 0 {
		t.Errorf("orders %+v and tokens %+v survived the reset", a.Orders, a.ClientTokens)
	}
	// The API answers again (the fault is gone) and the token is free.
	f.mustModify("i-postpaid-vpc", spec{Out: "21", Token: "before-reset"})
}

func TestStateFileClockOffset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	first, err := New(Config{StateFile: path, Settle: time.Hour, PayDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	first.AdvanceClock(48 * time.Hour)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"FormatVersion": 1`) || !strings.Contains(string(b), `"ClockOffset": "48h0m0s"`) {
		t.Fatalf("state file does not record its format and the clock offset:\n%.300s", b)
	}
	again, err := New(Config{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if lead := time.Until(again.Now()); lead < 47*time.Hour || lead > 49*time.Hour {
		t.Fatalf("restarted clock leads real time by %v, want 48h", lead)
	}
}

func TestStateFileVersions(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
	}{
		{"newer format", `{"FormatVersion": 2, "ClockOffset": "0s", "World": {"Accounts": []}}`, "format version 2 is not one this ecsmock reads (1 to 1): it was written by a newer ecsmock"},
		{"bad offset", `{"FormatVersion": 1, "ClockOffset": "-1h", "World": {"Accounts": []}}`, `ClockOffset "-1h"`},
		{"bad world", `{"FormatVersion": 1, "ClockOffset": "0s", "World": {"Accounts": [{"AccessKeyId": "k"}]}}`, "World: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := New(Config{StateFile: path})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("New = %v, want an error naming %s and saying %q", err, path, tc.want)
			}
		})
	}
	// A bare world, as state files were before they had a version, loads.
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(designSeed), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{StateFile: path})
	if err != nil {
		t.Fatalf("bare world state file: %v", err)
	}
	defer s.Close()
	if w := s.State(); len(w.Accounts) != 1 || w.Accounts[0].Instances[0].InstanceId != "i-postpaid-vpc" {
		t.Fatalf("bare world state file loaded as %+v", w.Accounts)
	}
}
