package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// tfRun is what one terraform command did.
type tfRun struct {
	exitCode int
	output   string
	wall     time.Duration
	// peakKiB is the highest VmHWM of the provider processes it ran.
	peakKiB int64
}

// hooks are the provider's test hooks for one command; empty means the
// provider's defaults.
type hooks struct {
	schedule string // ALIYUN_POLL_SCHEDULE
	batching string // ALIYUN_READ_BATCHING
}

// terraform runs one terraform command in dir, the provider switched by h.
// A non-zero exit is a result; the error is for a command that could not
// run.
func (e *environment) terraform(ctx context.Context, dir string, h hooks, args ...string) (tfRun, error) {
	args = append([]string{args[0], "-no-color", "-input=false"}, args[1:]...)
	var peak int64
	tf := tfharness.Terraform{
		Path: e.terraformBin,
		Dir:  dir,
		Env:  tfEnv(os.Environ(), e.cliConfig, h),
		Watch: func(pid int) func() {
			mem := watchMemory(pid, e.provider)
			return func() { peak = mem.stop() }
		},
	}
	r, err := tf.Run(ctx, args...)
	return tfRun{exitCode: r.ExitCode, output: r.Output, wall: r.Elapsed, peakKiB: peak}, err
}

// mustSucceed turns a failed command into an error quoting its output.
func (r tfRun) mustSucceed(what string) error {
	if r.exitCode == 0 {
		return nil
	}
	return fmt.Errorf("%s: terraform exited %d:\n%s", what, r.exitCode, r.output)
}

// errorsShown counts the error diagnostics Terraform printed.
func (r tfRun) errorsShown() int {
	return strings.Count(r.output, "Error: ")
}

// tfEnv is the caller's environment less what could send Terraform or the
// provider elsewhere than the simulator or change what the commands do
// (here also the provider's hooks and Terraform's logging, which would skew
// the measurements), plus the benchmark's CLI configuration and the
// provider's test hooks.
func tfEnv(environ []string, cliConfig string, h hooks) []string {
	var set []string
	if h.schedule != "" {
		set = append(set, "ALIYUN_POLL_SCHEDULE="+h.schedule)
	}
	if h.batching != "" {
		set = append(set, "ALIYUN_READ_BATCHING="+h.batching)
	}
	return tfharness.Env(environ, cliConfig, []string{"ALIYUN_", "TF_LOG"}, set...)
}

// apply runs terraform apply of the configuration in dir with out Mbit/s.
func (e *environment) apply(ctx context.Context, dir string, h hooks, out, parallelism int) (tfRun, error) {
	return e.terraform(ctx, dir, h, "apply", "-auto-approve",
		"-parallelism="+strconv.Itoa(parallelism), "-var", "out="+strconv.Itoa(out))
}

// plan runs terraform plan (a refresh, then a plan) in dir.
func (e *environment) plan(ctx context.Context, dir string, h hooks, out, parallelism int) (tfRun, error) {
	return e.terraform(ctx, dir, h, "plan",
		"-parallelism="+strconv.Itoa(parallelism), "-var", "out="+strconv.Itoa(out))
}
