// Command bench measures the provider's pollers, read batching and client
// rate limiting end to end: it builds the provider and the simulator,
// starts simulators with generated worlds, drives the real Terraform CLI
// through a dev_overrides CLI configuration (nothing is downloaded, no
// terraform init), and prints one table of medians against the targets of
// the performance work, also written as JSON to bench-results.json.
//
// Run it from the repository root: `make bench`, or `make bench
// BENCH_QUICK=1` for a smaller set. The baselines (fixed-interval polling,
// reads without batching) run the same provider, switched by the test
// hooks ALIYUN_POLL_SCHEDULE and ALIYUN_READ_BATCHING.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

func main() {
	out := flag.String("out", "bench-results.json", "file the results are written to as JSON")
	flag.Parse()
	quick := os.Getenv("BENCH_QUICK") != "" && os.Getenv("BENCH_QUICK") != "0"

	tfharness.Main("bench", func(ctx context.Context) error { return run(ctx, newSuite(quick), *out) })
}

func run(ctx context.Context, s suite, out string) error {
	started := time.Now()
	env, err := newEnvironment(ctx)
	if err != nil {
		return err
	}
	defer env.close()

	res := results{
		Date:    started.UTC().Format(time.RFC3339),
		Quick:   s.quick,
		Machine: describeMachine(ctx),
	}
	progress("lag: one update at settle times %v, %d runs each", s.settles, s.runs)
	if res.Lag, err = measureLag(ctx, env, s); err != nil {
		return fmt.Errorf("lag: %w", err)
	}
	progress("refresh: plan of N = %v resources", s.refreshSizes)
	if res.Refresh, res.Memory, err = measureRefresh(ctx, env, s); err != nil {
		return err
	}
	progress("bulk: apply of %d updates under a limit of %v ModifyInstanceNetworkSpec a second", s.bulkSize, s.bulkRate)
	if res.Bulk, err = measureBulk(ctx, env, s); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	progress("faults: apply of %d updates without faults, then under %g%% Throttling and %g%% ServiceUnavailable", s.faultSize, 100*faultThrottling, 100*faultUnavailable)
	if res.Faults, err = measureFaults(ctx, env, s); err != nil {
		return fmt.Errorf("faults: %w", err)
	}
	res.Elapsed = time.Since(started).Round(time.Second).String()
	res.Targets = evaluate(res)

	printTable(os.Stdout, res)
	if err := writeJSON(out, res); err != nil {
		return err
	}
	fmt.Printf("\nresults written to %s (%s)\n", out, res.Elapsed)
	return nil
}

// progress tells on stderr what runs, so that the table alone is on stdout.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
