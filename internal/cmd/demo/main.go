// Command demo shows the provider end to end on one machine: it builds the
// provider and the simulator, starts the simulator with its built-in world,
// and drives examples/demo with the real Terraform CLI through a dev_overrides
// CLI configuration, so that nothing is downloaded. It checks every step and
// exits non-zero if one misbehaves. Run it from the repository root
// (`make demo`); everything it writes goes under .demo/.
package main

import (
	"context"
	"flag"
	"syscall"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

func main() {
	var opts options
	flag.StringVar(&opts.dir, "dir", ".demo", "directory for the binaries, the CLI configuration, the simulator log and the Terraform state")
	flag.DurationVar(&opts.settle, "settle", 3*time.Second, "the simulator's -settle: time from a paid order to the new bandwidth showing")
	flag.DurationVar(&opts.payDelay, "pay-delay", time.Second, "the simulator's -pay-delay: time for an auto-paid order to become Paid")
	flag.Parse()

	// SIGPIPE too: with stdout gone (the demo piped into head, say) the
	// demo stops as on Ctrl-C, instead of dying with the simulator running.
	tfharness.Main("demo", func(ctx context.Context) error { return run(ctx, opts) }, syscall.SIGHUP, syscall.SIGPIPE)
}

type options struct {
	dir      string
	settle   time.Duration
	payDelay time.Duration
}
