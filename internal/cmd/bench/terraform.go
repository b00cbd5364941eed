package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
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
	cmd := exec.CommandContext(ctx, e.terraformBin, args...)
	cmd.Dir = dir
	cmd.Env = tfEnv(os.Environ(), e.cliConfig, h)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = childAttr(syscall.SIGINT)
	// Interrupted, Terraform gets the chance to stop its provider first.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 30 * time.Second

	started := time.Now()
	if err := cmd.Start(); err != nil {
		return tfRun{}, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	mem := watchMemory(cmd.Process.Pid, e.provider)
	err := cmd.Wait()
	r := tfRun{wall: time.Since(started), output: out.String(), peakKiB: mem.stop()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		r.exitCode = exit.ExitCode()
	default:
		return r, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return r, nil
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
// provider elsewhere than the simulator or change what the commands do,
// plus the benchmark's CLI configuration and the provider's test hooks.
func tfEnv(environ []string, cliConfig string, h hooks) []string {
	dropped := []string{
		"ALICLOUD_", "ALIBABA_CLOUD_", "ALIYUN_",
		"TF_CLI_CONFIG_FILE=", "TF_CLI_ARGS", "TF_VAR_", "TF_DATA_DIR=", "TF_WORKSPACE=", "TF_LOG",
		"TF_REATTACH_PROVIDERS=", "TF_IN_AUTOMATION=", "TF_INPUT=", "CHECKPOINT_DISABLE=",
	}
	env := make([]string, 0, len(environ)+6)
next:
	for _, kv := range environ {
		for _, prefix := range dropped {
			if strings.HasPrefix(kv, prefix) {
				continue next
			}
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	if h.schedule != "" {
		env = append(env, "ALIYUN_POLL_SCHEDULE="+h.schedule)
	}
	if h.batching != "" {
		env = append(env, "ALIYUN_READ_BATCHING="+h.batching)
	}
	return env
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
