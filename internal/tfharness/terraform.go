package tfharness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"syscall"
	"time"
)

// interruptGrace is how long an interrupted terraform has to stop its
// provider and write its state before it is killed.
const interruptGrace = 30 * time.Second

// LookTerraform finds the Terraform CLI on PATH; nothing here ever
// downloads one.
func LookTerraform() (string, error) {
	path, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform not found on PATH: install the Terraform CLI (>= 1.5)")
	}
	return path, nil
}

// Terraform runs one Terraform CLI binary in one working directory with one
// environment.
type Terraform struct {
	Path string   // the binary, from LookTerraform
	Dir  string   // the working directory
	Env  []string // from Env
	// Show, when set, receives the output as it is written. It is best
	// effort: a closed stdout (a command piped into head, say) must not
	// break Terraform's output pipe, or Terraform would die mid-apply and
	// leave its provider running.
	Show io.Writer
	// Watch, when set, is called with the pid once terraform runs; the
	// function it returns is called once terraform has exited.
	Watch func(pid int) (exited func())
}

// Result is what one terraform command did.
type Result struct {
	ExitCode int
	Output   string // stdout and stderr interleaved, colors removed
	Elapsed  time.Duration
}

// Run runs terraform with args in its own process group. When ctx ends,
// terraform gets one interrupt, so that it can stop the provider and write
// its state, and is killed after interruptGrace. A non-zero exit is a
// result, not an error: the caller decides what it expects. The error is for
// a command that could not run or was interrupted.
func (t Terraform) Run(ctx context.Context, args ...string) (Result, error) {
	var buf bytes.Buffer
	var out io.Writer = &buf
	if t.Show != nil {
		out = io.MultiWriter(bestEffort{t.Show}, &buf)
	}
	cmd := exec.CommandContext(ctx, t.Path, args...)
	cmd.Dir = t.Dir
	cmd.Env = t.Env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = childAttr(syscall.SIGINT)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = interruptGrace

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{}, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	exited := func() {}
	if t.Watch != nil {
		exited = t.Watch(cmd.Process.Pid)
	}
	err := cmd.Wait()
	exited()
	res := Result{Output: stripANSI(buf.String()), Elapsed: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		res.ExitCode = exit.ExitCode()
	default:
		return res, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return res, nil
}

// bestEffort shows what it can and never fails.
type bestEffort struct{ w io.Writer }

func (b bestEffort) Write(p []byte) (int, error) {
	_, _ = b.w.Write(p)
	return len(p), nil
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// stripANSI removes the terminal color sequences Terraform prints.
func stripANSI(s string) string {
	return ansiEscape.ReplaceAllString(s, "")
}
