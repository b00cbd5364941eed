package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestEvaluate(t *testing.T) {
	r := results{
		Lag: lagResults{Rows: []lagRow{
			{SettleSeconds: 1, PayDelaySeconds: 0.5, Schedule: scheduleAdaptive, PollerLagSeconds: 1},
			{SettleSeconds: 1, PayDelaySeconds: 0.5, Schedule: scheduleAdaptive, Learned: true, PollerLagSeconds: 1.01},
			{SettleSeconds: 30, PayDelaySeconds: 0.5, Schedule: scheduleAdaptive, PollerLagSeconds: 3.05, ReadCalls: 32},
			{SettleSeconds: 30, PayDelaySeconds: 0.5, Schedule: scheduleAdaptive, Learned: true, PollerLagSeconds: 0.5, ReadCalls: 11},
			{SettleSeconds: 30, PayDelaySeconds: 0.5, Schedule: scheduleFixed1s, PollerLagSeconds: 0.4, ReadCalls: 40},
			{SettleSeconds: 120, PayDelaySeconds: 0.5, Schedule: scheduleAdaptive, PollerLagSeconds: 12.1, ReadCalls: 51},
			{SettleSeconds: 120, PayDelaySeconds: 0.5, Schedule: scheduleFixed1s, PollerLagSeconds: 0.4, ReadCalls: 128},
		}},
		Refresh: []refreshRow{
			{Resources: 100, Parallelism: 10, Batching: batchingOn, DescribeInstances: 12},
			{Resources: 500, Parallelism: 10, Batching: batchingOn, DescribeInstances: 63},
			{Resources: 500, Parallelism: 10, Batching: batchingOff, DescribeInstances: 500},
			{Resources: 100, Parallelism: 50, Batching: batchingOn, DescribeInstances: 13},
			{Resources: 500, Parallelism: 50, Batching: batchingOn, DescribeInstances: 20},
		},
		Bulk: bulkResult{Resources: 100, IdealSeconds: 20, Runs: 3, WallSeconds: 25, ErrorsShownPerRun: []int{0, 0, 0}},
		Faults: faultsResult{Resources: 20, Runs: 3, CleanSeconds: 6, FaultySeconds: 24, Ratio: 4, RatioPerRun: []float64{3.9, 4, 4.5},
			ErrorsShownPerRun: []int{0, 0, 0}},
		Memory: memoryResult{Resources: 500, PeakMiB: 99.9},
	}
	want := map[string]bool{
		"poller lag, settle 1s, first change":     true,
		"poller lag, settle 1s, learned":          false,
		"poller lag, settle 30s, first change":    true,
		"poller lag, settle 30s, learned":         true,
		"poller lag, settle 120s, first change":   false,
		"read calls, settle 30s, first change":    true,
		"read calls, settle 30s, learned":         false,
		"read calls, settle 120s, first change":   true,
		"refresh calls, N = 100, -parallelism=10": true,
		"refresh calls, N = 500, -parallelism=10": false,
		"refresh calls, N = 100, -parallelism=50": false,
		"refresh calls, N = 500, -parallelism=50": true,
		"throttled bulk apply, N = 100":           true,
		"provider peak memory, N = 500":           true,
		"apply under random faults, N = 20":       true,
	}
	got := evaluate(r)
	if len(got) != len(want) {
		t.Fatalf("targets = %+v, want %d of them", got, len(want))
	}
	for _, tg := range got {
		met, ok := want[tg.Name]
		if !ok {
			t.Errorf("unexpected target %q", tg.Name)
		} else if tg.Met != met {
			t.Errorf("%s: met = %v, want %v (%s, %s)", tg.Name, tg.Met, met, tg.Want, tg.Got)
		}
	}

	r.Bulk.ErrorsShownPerRun = []int{0, 1, 0}
	r.Memory.PeakMiB = 100
	r.Faults.FailedRuns = 1
	for _, tg := range evaluate(r) {
		if (tg.Name == "throttled bulk apply, N = 100" || tg.Name == "provider peak memory, N = 500" ||
			tg.Name == "apply under random faults, N = 20") && tg.Met {
			t.Errorf("%s met with %s", tg.Name, tg.Got)
		}
	}
	r.Faults.FailedRuns, r.Faults.Ratio = 0, 4.01
	for _, tg := range evaluate(r) {
		if tg.Name == "apply under random faults, N = 20" && tg.Met {
			t.Errorf("%s met with %s", tg.Name, tg.Got)
		}
	}
}

func TestPrintTable(t *testing.T) {
	r := results{
		Date:    "2030-01-01T00:00:00Z",
		Machine: machine{CPU: "Test CPU", Cores: 2, OS: "linux/amd64", Go: "go1.26", Terraform: "Terraform v1.11.4"},
		Lag:     lagResults{NoopApplySeconds: 0.5, Rows: []lagRow{{SettleSeconds: 5, PayDelaySeconds: 0.5, Schedule: scheduleFixed1s, Runs: 3, WallSeconds: 9.3}}},
		Refresh: []refreshRow{{Resources: 10, Parallelism: 10, Batching: batchingOn, Runs: 3, DescribeInstances: 2, WallSeconds: 0.3}},
		Bulk:    bulkResult{Resources: 100, RatePerSecond: 5, IdealSeconds: 20, Runs: 3, WallSeconds: 22},
		Memory:  memoryResult{Resources: 500, PeakMiB: 40},
		Targets: []target{{Name: "refresh calls, N = 10, -parallelism=10", Want: "<= N/8", Got: "2", Met: false}},
	}
	var out bytes.Buffer
	printTable(&out, r)
	for _, want := range []string{"Test CPU, 2 cores", "fixed 1s", "9.30", "1.10", "40.0 MiB", "MISS  refresh calls, N = 10"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestEvaluateWithoutTheLongSettle: the quick set has no 30s settle, so no
// read-call target is judged at another one.
func TestEvaluateWithoutTheLongSettle(t *testing.T) {
	r := results{Lag: lagResults{Rows: []lagRow{
		{SettleSeconds: 5, Schedule: scheduleAdaptive, ReadCalls: 15},
		{SettleSeconds: 5, Schedule: scheduleFixed1s, ReadCalls: 13},
	}}}
	for _, tg := range evaluate(r) {
		if strings.HasPrefix(tg.Name, "read calls") {
			t.Fatalf("judged %q without a 30s settle", tg.Name)
		}
	}
}
