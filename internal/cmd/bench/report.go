package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
)

// results is everything one benchmark run measured: the JSON written to
// bench-results.json.
type results struct {
	Date    string
	Quick   bool
	Elapsed string
	Machine machine
	Lag     lagResults
	Refresh []refreshRow
	Bulk    bulkResult
	Faults  faultsResult
	Memory  memoryResult
	Targets []target
}

type lagResults struct {
	// NoopApplySeconds is the median wall time of an apply that changes
	// nothing: Terraform's and the provider's own share of every apply.
	NoopApplySeconds float64
	Rows             []lagRow
}

// lagRow is one update at one settle time with one schedule, medians of
// Runs runs.
type lagRow struct {
	SettleSeconds   float64
	PayDelaySeconds float64
	Schedule        string
	// Learned: the change came after another one of the same resource.
	Learned     bool
	Runs        int
	WallSeconds float64
	// LagSeconds is the apply's wall time minus the settle and pay time.
	LagSeconds float64
	// PollerLagSeconds is from the change showing to the first read after.
	PollerLagSeconds float64
	ReadCalls        int
	PollReadCalls    int
}

// refreshRow is terraform plan over Resources resources, medians of Runs.
type refreshRow struct {
	Resources         int
	Parallelism       int
	Batching          string
	Runs              int
	DescribeInstances int
	WallSeconds       float64
}

type bulkResult struct {
	Resources     int
	RatePerSecond float64
	Parallelism   int
	SettleSeconds float64
	// IdealSeconds is Resources / RatePerSecond: the quota's own bound.
	IdealSeconds float64
	Runs         int
	WallSeconds  float64
	// Throttled and Accepted count ModifyInstanceNetworkSpec answers.
	Throttled         int
	Accepted          int
	ErrorsShownPerRun []int
	FailedRuns        int
}

// faultsResult compares an apply of Resources updates under random faults
// with one without, medians of Runs runs.
type faultsResult struct {
	Resources     int
	Parallelism   int
	SettleSeconds float64
	// ThrottlingShare and UnavailableShare are the shares of all calls
	// answered Throttling and ServiceUnavailable.
	ThrottlingShare  float64
	UnavailableShare float64
	Runs             int
	CleanSeconds     float64
	FaultySeconds    float64
	// Ratio is the median of RatioPerRun, each run's faulty over clean.
	Ratio       float64
	RatioPerRun []float64
	// Calls, Throttled and Unavailable count the faulty apply's calls and
	// its injected faults.
	Calls       int
	Throttled   int
	Unavailable int
	// ErrorsShownPerRun counts the faulty applies' Error: diagnostics;
	// FailedRuns those that exited non-zero or after which an instance
	// did not show the planned bandwidth.
	ErrorsShownPerRun []int
	FailedRuns        int
}

type memoryResult struct {
	Resources int
	PeakMiB   float64
}

// target is one goal of the performance work and how this run did.
type target struct {
	Name string
	Want string
	Got  string
	Met  bool
}

// readTargets bound the read calls of an update (all of the apply's, the
// plan-time ones too) as a share of those fixed 1 s polling makes, at a
// settle time in seconds, on a first or a learned change.
var readTargets = []struct {
	settle  float64
	learned bool
	share   float64
}{
	{30, false, 0.8},
	{120, false, 0.4},
	{30, true, 0.25},
}

// evaluate checks the results against the targets.
func evaluate(r results) []target {
	var ts []target
	for _, row := range r.Lag.Rows {
		if row.Schedule != scheduleAdaptive {
			continue
		}
		// The time waited is the pay and settle time: the poller's lag
		// may be a tenth of it, or a second.
		limit := math.Max(1, (row.PayDelaySeconds+row.SettleSeconds)/10)
		ts = append(ts, target{
			Name: fmt.Sprintf("poller lag, settle %gs, %s", row.SettleSeconds, changeKind(row.Learned)),
			Want: fmt.Sprintf("<= %.2fs", limit),
			Got:  fmt.Sprintf("%.2fs (apply's wall-clock lag %.2fs)", row.PollerLagSeconds, row.LagSeconds),
			Met:  row.PollerLagSeconds <= limit,
		})
	}
	// The read-call targets are set at settle times only the full set
	// measures.
	for _, rt := range readTargets {
		fixed, ok := findLag(r.Lag.Rows, rt.settle, scheduleFixed1s, false)
		own, ownOK := findLag(r.Lag.Rows, rt.settle, scheduleAdaptive, rt.learned)
		if !ok || !ownOK {
			continue
		}
		ts = append(ts, target{
			Name: fmt.Sprintf("read calls, settle %gs, %s", rt.settle, changeKind(rt.learned)),
			Want: fmt.Sprintf("<= %gx fixed 1s polling's %d", rt.share, fixed.ReadCalls),
			Got: fmt.Sprintf("%d (%.2fx; the waits alone: %d of %d, %.2fx)", own.ReadCalls,
				float64(own.ReadCalls)/float64(fixed.ReadCalls), own.PollReadCalls, fixed.PollReadCalls,
				float64(own.PollReadCalls)/float64(fixed.PollReadCalls)),
			Met: float64(own.ReadCalls) <= rt.share*float64(fixed.ReadCalls),
		})
	}
	// Every parallelism: how far the reads of a wave spread, and so how
	// they share calls, depends on it.
	for _, row := range r.Refresh {
		if row.Batching != batchingOn {
			continue
		}
		ts = append(ts, target{
			Name: fmt.Sprintf("refresh calls, N = %d, -parallelism=%d", row.Resources, row.Parallelism),
			Want: fmt.Sprintf("<= N/8 = %g", float64(row.Resources)/8),
			Got:  fmt.Sprint(row.DescribeInstances),
			Met:  8*row.DescribeInstances <= row.Resources,
		})
	}
	b := r.Bulk
	if b.Runs > 0 {
		ratio := b.WallSeconds / b.IdealSeconds
		ts = append(ts, target{
			Name: fmt.Sprintf("throttled bulk apply, N = %d", b.Resources),
			Want: fmt.Sprintf("<= 1.25 x %gs, no error shown", b.IdealSeconds),
			Got:  fmt.Sprintf("%.1fs (%.2fx), errors shown %v", b.WallSeconds, ratio, b.ErrorsShownPerRun),
			Met:  ratio <= 1.25 && b.FailedRuns == 0 && sum(b.ErrorsShownPerRun) == 0,
		})
	}
	if f := r.Faults; f.Runs > 0 {
		ts = append(ts, target{
			Name: fmt.Sprintf("apply under random faults, N = %d", f.Resources),
			Want: fmt.Sprintf("<= %gx without faults, no error shown", faultTargetRatio),
			Got: fmt.Sprintf("%.1fs against %.1fs (%.2fx; runs %v), errors shown %v", f.FaultySeconds, f.CleanSeconds,
				f.Ratio, f.RatioPerRun, f.ErrorsShownPerRun),
			Met: f.Ratio <= faultTargetRatio && f.FailedRuns == 0 && sum(f.ErrorsShownPerRun) == 0,
		})
	}
	if r.Memory.Resources > 0 {
		ts = append(ts, target{
			Name: fmt.Sprintf("provider peak memory, N = %d", r.Memory.Resources),
			Want: "< 100 MiB",
			Got:  fmt.Sprintf("%.1f MiB", r.Memory.PeakMiB),
			Met:  r.Memory.PeakMiB > 0 && r.Memory.PeakMiB < 100,
		})
	}
	return ts
}

func changeKind(learned bool) string {
	if learned {
		return "learned"
	}
	return "first change"
}

func findLag(rows []lagRow, settle float64, schedule string, learned bool) (lagRow, bool) {
	for _, r := range rows {
		if r.SettleSeconds == settle && r.Schedule == schedule && r.Learned == learned {
			return r, true
		}
	}
	return lagRow{}, false
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// printTable writes the results as the benchmark's one table, section by
// section.
func printTable(w io.Writer, r results) {
	mode := "full"
	if r.Quick {
		mode = "quick (BENCH_QUICK=1)"
	}
	fmt.Fprintf(w, "\naliyun provider benchmark, %s set, %s\n", mode, r.Date)
	fmt.Fprintf(w, "%s, %d cores, %s, %s, %s\n", r.Machine.CPU, r.Machine.Cores, r.Machine.OS, r.Machine.Go, r.Machine.Terraform)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\n1. One update of a subscription instance (apply without change: %.2fs)\n", r.Lag.NoopApplySeconds)
	fmt.Fprintln(tw, "settle\tpay\tschedule\truns\twall s\tlag s\tpoller lag s\treads\tpoll reads")
	for _, row := range r.Lag.Rows {
		fmt.Fprintf(tw, "%gs\t%gs\t%s\t%d\t%.2f\t%.2f\t%.2f\t%d\t%d\n", row.SettleSeconds, row.PayDelaySeconds,
			scheduleLabel(row), row.Runs, row.WallSeconds, row.LagSeconds, row.PollerLagSeconds, row.ReadCalls, row.PollReadCalls)
	}

	fmt.Fprintln(tw, "\n2. terraform plan (refresh) of N resources")
	fmt.Fprintln(tw, "N\tparallelism\tbatching\truns\tDescribeInstances\twall s")
	for _, row := range r.Refresh {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d\t%d\t%.2f\n", row.Resources, row.Parallelism, row.Batching, row.Runs, row.DescribeInstances, row.WallSeconds)
	}

	b := r.Bulk
	fmt.Fprintf(tw, "\n3. Apply of %d updates, ModifyInstanceNetworkSpec limited to %g/s, -parallelism=%d, settle %gs\n",
		b.Resources, b.RatePerSecond, b.Parallelism, b.SettleSeconds)
	fmt.Fprintln(tw, "runs\twall s\tideal s\tratio\tThrottling answers\tchanges accepted\terrors shown\tfailed runs")
	ratio := 0.0
	if b.IdealSeconds > 0 {
		ratio = b.WallSeconds / b.IdealSeconds
	}
	fmt.Fprintf(tw, "%d\t%.2f\t%g\t%.2f\t%d\t%d\t%v\t%d\n", b.Runs, b.WallSeconds, b.IdealSeconds, ratio, b.Throttled, b.Accepted, b.ErrorsShownPerRun, b.FailedRuns)

	f := r.Faults
	fmt.Fprintf(tw, "\n4. Apply of %d updates, %g%% Throttling and %g%% ServiceUnavailable on every action, -parallelism=%d, settle %gs\n",
		f.Resources, 100*f.ThrottlingShare, 100*f.UnavailableShare, f.Parallelism, f.SettleSeconds)
	fmt.Fprintln(tw, "runs\twithout faults s\twith faults s\tratio\tratio per run\tcalls\tThrottling\tServiceUnavailable\terrors shown\tfailed runs")
	fmt.Fprintf(tw, "%d\t%.2f\t%.2f\t%.2f\t%v\t%d\t%d\t%d\t%v\t%d\n", f.Runs, f.CleanSeconds, f.FaultySeconds, f.Ratio, f.RatioPerRun,
		f.Calls, f.Throttled, f.Unavailable, f.ErrorsShownPerRun, f.FailedRuns)

	fmt.Fprintf(tw, "\n5. Provider peak memory (VmHWM), N = %d: %.1f MiB\n", r.Memory.Resources, r.Memory.PeakMiB)

	fmt.Fprintln(tw, "\nTargets")
	for _, t := range r.Targets {
		mark := "MISS"
		if t.Met {
			mark = "met"
		}
		fmt.Fprintf(tw, "%s\t%s\twant %s\tgot %s\n", mark, t.Name, t.Want, t.Got)
	}
	tw.Flush()
}

func scheduleLabel(row lagRow) string {
	switch row.Schedule {
	case scheduleAdaptive:
		return "provider, " + changeKind(row.Learned)
	default:
		return strings.Replace(row.Schedule, "fixed:", "fixed ", 1)
	}
}

func writeJSON(path string, r results) error {
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}
