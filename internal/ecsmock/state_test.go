package ecsmock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// designSeed is the world of DESIGN.md section 5: documented fields only.
const designSeed = `{"Accounts": [{"AccessKeyId": "mock-access-key", "AccessKeySecret": "mock-secret",
   "Balance": 1000.0, "InArrears": false,
   "Instances": [{"InstanceId": "i-postpaid-vpc", "RegionId": "cn-hangzhou",
      "Status": "Running", "InstanceChargeType": "PostPaid",
      "InternetChargeType": "PayByTraffic", "InternetMaxBandwidthOut": 5,
      "InternetMaxBandwidthIn": 10, "InstanceNetworkType": "vpc",
      "PublicIpAddress": {"IpAddress": ["47.0.0.1"]},
      "EipAddress": {"IpAddress": "", "AllocationId": ""},
      "ExpiredTime": "2099-01-01T00:00Z", "DowngradeCount": 0}],
   "Orders": []}]}`

func TestDocumentedSeedLoads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(designSeed), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := LoadWorld(path)
	if err != nil {
		t.Fatalf("LoadWorld: %v", err)
	}
	f := newFixture(t, &w)
	if in := f.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 5 || in.PublicIpAddress.IpAddress[0] != "47.0.0.1" {
		t.Fatalf("seeded instance = %+v", in)
	}
	f.mustModify("i-postpaid-vpc", spec{Out: "6"})
}

// TestLoadWorldRefuses: a seed file is read as strictly as PUT
// /_mock/state (see validate_test.go) and the error names the file.
func TestLoadWorldRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, json, want string
	}{
		{"not JSON", `{"Accounts": [`, "unexpected"},
		{"misspelt field", `{"Acounts": []}`, `unknown field "Acounts"`},
		{"trailing data", `{"Accounts": []} {}`, "data follows"},
		{"no secret", `{"Accounts":[{"AccessKeyId":"k"}]}`, "AccessKeySecret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "seed.json")
			if err := os.WriteFile(path, []byte(tc.json), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadWorld(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("LoadWorld = %v, want an error naming %s and mentioning %q", err, path, tc.want)
			}
		})
	}
}

// TestNewRefusesBadStateFile: a state file the simulator would not have
// written stops the start, and the file is left as it was.
func TestNewRefusesBadStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	bad := `{"Accounts":[{"AccessKeyId":"k","AccessKeySecret":"s","Balance":-5}]}`
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{StateFile: path}); err == nil || !strings.Contains(err.Error(), "state file") || !strings.Contains(err.Error(), "Balance -5") {
		t.Fatalf("New = %v, want a state file error about Balance -5", err)
	}
	if b, _ := os.ReadFile(path); string(b) != bad {
		t.Fatalf("state file rewritten after a refused start: %s", b)
	}
}

// TestStateFileRoundTrip: a server restarted on its state file carries on
// where the first one stopped, ignoring the seed it is given.
func TestStateFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	first, err := New(Config{StateFile: path, Settle: time.Hour, PayDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("state file not written at start: %v", err)
	}
	f := &fixture{t: t, srv: first}
	ts := newHTTPTest(t, first)
	f.http, f.host = ts, strings.TrimPrefix(ts.URL, "http://")
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "10", AutoPay: "false", Token: "tok"})
	f.mustModify("i-postpaid-vpc", spec{Out: "7"})
	ts.Close()
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	empty := World{}
	g := newFixtureConfig(t, Config{World: &empty, StateFile: path, Settle: time.Hour, PayDelay: time.Hour})
	if o := g.order(orderID); o.PaymentStatus != "Unpaid" || o.PretaxAmount != "50.00" {
		t.Fatalf("order after restart = %+v", o)
	}
	// The ClientToken survives: the retry returns the first answer.
	if again := g.mustModify("i-prepaid-vpc", spec{Out: "10", AutoPay: "false", Token: "tok"}); again != orderID {
		t.Fatalf("retry after restart returned %q, want %q", again, orderID)
	}
	if err := g.srv.PayOrder(orderID); err != nil {
		t.Fatal(err)
	}
	g.srv.AdvanceClock(2 * time.Hour)
	if in := g.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 10 {
		t.Fatalf("out = %d after restart, payment and settle", in.InternetMaxBandwidthOut)
	}
	if in := g.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 7 {
		t.Fatalf("pending pay-as-you-go change lost in the restart: out %d", in.InternetMaxBandwidthOut)
	}
	next := g.mustModify("i-prepaid-stopped", spec{Out: "6"})
	if next <= orderID {
		t.Fatalf("order id %s after restart does not follow %s", next, orderID)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("state directory holds %d entries, want only the state file (no temporary leftovers)", len(entries))
	}
}

func TestSetState(t *testing.T) {
	f := newFixture(t, nil)
	w := f.srv.State()
	w.Accounts[0].instance("i-postpaid-vpc").InternetMaxBandwidthOut = 42
	if err := f.srv.SetState(w); err != nil {
		t.Fatal(err)
	}
	if in := f.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 42 {
		t.Fatalf("out = %d after SetState, want 42", in.InternetMaxBandwidthOut)
	}
	// State returns a copy: changing it changes nothing in the server.
	f.srv.State().Accounts[0].Instances[0].InternetMaxBandwidthOut = 1
	if in := f.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 42 {
		t.Fatalf("State leaked a reference: out %d", in.InternetMaxBandwidthOut)
	}
	bad := World{Accounts: []Account{{AccessKeyId: "k"}}}
	if err := f.srv.SetState(bad); err == nil {
		t.Fatal("SetState accepted an account without secret")
	}
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
