package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// terraform runs the Terraform CLI on PATH in one working directory with the
// demo's environment.
type terraform struct {
	dir     string
	env     []string
	stdout  io.Writer // where commands and their output are shown
	noColor bool      // stdout is not a terminal
}

func newTerraform(dir, cliConfig string) (terraform, error) {
	if _, err := exec.LookPath("terraform"); err != nil {
		return terraform{}, errors.New("terraform not found on PATH: install the Terraform CLI (>= 1.5)")
	}
	return terraform{dir: dir, env: demoEnv(os.Environ(), cliConfig), stdout: os.Stdout, noColor: !isTerminal(os.Stdout)}, nil
}

// result is what one terraform command did.
type result struct {
	exitCode int
	output   string // stdout and stderr interleaved, colors removed
	elapsed  time.Duration
}

// run shows the command and its output as it happens and also returns it.
// A non-zero exit is a result, not an error: each step decides what it
// expects. The error is for a command that could not run at all.
func (t terraform) run(ctx context.Context, args ...string) (result, error) {
	fmt.Fprintf(t.stdout, "$ terraform %s\n", strings.Join(args, " "))
	if t.noColor {
		args = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	var buf bytes.Buffer
	out := io.MultiWriter(bestEffort{t.stdout}, &buf)
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = t.dir
	cmd.Env = t.env
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.SysProcAttr = childAttr(syscall.SIGINT)
	// On an interrupt Terraform gets the chance to stop the provider and
	// write its state before it is killed.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 30 * time.Second

	start := time.Now()
	err := cmd.Run()
	res := result{output: stripANSI(buf.String()), elapsed: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		res.exitCode = exit.ExitCode()
	default:
		return res, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return res, nil
}

// demoEnv is the environment for Terraform and so for the provider it runs:
// the caller's, less what could send the demo elsewhere than the simulator
// or change what the commands do, plus the demo's CLI configuration.
func demoEnv(environ []string, cliConfig string) []string {
	dropped := []string{
		"ALICLOUD_", "ALIBABA_CLOUD_", // credentials, region, endpoints of a real account
		"TF_CLI_CONFIG_FILE=", "TF_CLI_ARGS", "TF_VAR_", "TF_DATA_DIR=", "TF_WORKSPACE=",
		"TF_REATTACH_PROVIDERS=", "TF_IN_AUTOMATION=", "TF_INPUT=", "CHECKPOINT_DISABLE=",
	}
	env := make([]string, 0, len(environ)+4)
next:
	for _, kv := range environ {
		for _, prefix := range dropped {
			if strings.HasPrefix(kv, prefix) {
				continue next
			}
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// bestEffort shows what it can and never fails: a closed stdout (the demo
// piped into head, say) must not break Terraform's output pipe, or
// Terraform would die mid-apply and leave its provider running.
type bestEffort struct{ w io.Writer }

func (b bestEffort) Write(p []byte) (int, error) {
	_, _ = b.w.Write(p)
	return len(p), nil
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

func stripANSI(s string) string {
	return ansiEscape.ReplaceAllString(s, "")
}
