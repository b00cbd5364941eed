package tfharness

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// fakeTerraform writes a stand-in terraform script and returns its path.
func fakeTerraform(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraform")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStripANSI(t *testing.T) {
	in := "\x1b[31m╷\x1b[0m\x1b[0m\n\x1b[31m│\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mInvalid Attribute Value\x1b[0m"
	if got, want := stripANSI(in), "╷\n│ Error: Invalid Attribute Value"; got != want {
		t.Errorf("stripANSI = %q, want %q", got, want)
	}
}

// TestRunReportsExitCodes: a non-zero exit is a result the caller judges;
// the output is shown as printed and captured without colors.
func TestRunReportsExitCodes(t *testing.T) {
	path := fakeTerraform(t, "printf '\\033[1margs: %s\\033[0m\\n' \"$*\"\necho \"config: $TF_CLI_CONFIG_FILE in $PWD\" >&2\nexit \"$FAKE_EXIT\"\n")
	dir := t.TempDir()
	for _, code := range []int{0, 1, 2} {
		var shown strings.Builder
		tf := Terraform{Path: path, Dir: dir, Env: []string{"FAKE_EXIT=" + strconv.Itoa(code), "TF_CLI_CONFIG_FILE=/cfg/terraform.rc"}, Show: &shown}
		res, err := tf.Run(t.Context(), "plan", "-detailed-exitcode")
		if err != nil {
			t.Fatalf("exit %d: run error %v", code, err)
		}
		if res.ExitCode != code {
			t.Errorf("exit code %d, want %d", res.ExitCode, code)
		}
		if !strings.HasPrefix(shown.String(), "\x1b[1margs: plan -detailed-exitcode\x1b[0m\n") {
			t.Errorf("shown %q, want the output as printed", shown.String())
		}
		want := "args: plan -detailed-exitcode\nconfig: /cfg/terraform.rc in " + dir + "\n"
		if res.Output != want {
			t.Errorf("output %q, want %q", res.Output, want)
		}
	}
}

// TestRunSurvivesAClosedShow: with the command's stdout gone, Terraform's own
// output pipe stays open and its output is still captured for the checks.
func TestRunSurvivesAClosedShow(t *testing.T) {
	tf := Terraform{Path: fakeTerraform(t, "for i in 1 2 3; do echo \"line $i\" || exit 9; done\n"), Dir: t.TempDir(), Show: brokenWriter{}}
	res, err := tf.Run(t.Context(), "output")
	if err != nil || res.ExitCode != 0 {
		t.Fatalf("run = %+v, %v; want exit 0", res, err)
	}
	if res.Output != "line 1\nline 2\nline 3\n" {
		t.Errorf("captured %q", res.Output)
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// TestRunWatch: the watch sees terraform's own pid while it runs and is told
// once it has exited.
func TestRunWatch(t *testing.T) {
	var watched int
	exited := false
	tf := Terraform{Path: fakeTerraform(t, "echo $$\n"), Dir: t.TempDir(), Watch: func(pid int) func() {
		watched = pid
		return func() { exited = true }
	}}
	res, err := tf.Run(t.Context(), "version")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(res.Output) != strconv.Itoa(watched) || !exited {
		t.Errorf("watched pid %d (exited %v), terraform said %q", watched, exited, res.Output)
	}
}

func TestRunErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		path string
		want string
	}{
		{"no binary", t.Context(), filepath.Join(t.TempDir(), "terraform"), "terraform apply: "},
		{"interrupted", canceled, fakeTerraform(t, "exit 1\n"), "terraform apply: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Terraform{Path: tt.path, Dir: t.TempDir()}.Run(tt.ctx, "apply")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %v, want one starting %q", err, tt.want)
			}
		})
	}
}

func TestLookTerraform(t *testing.T) {
	path := fakeTerraform(t, "exit 0\n")
	t.Setenv("PATH", filepath.Dir(path))
	if got, err := LookTerraform(); err != nil || got != path {
		t.Errorf("LookTerraform = %q, %v; want %q", got, err, path)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := LookTerraform(); err == nil || !strings.Contains(err.Error(), "terraform not found on PATH") {
		t.Errorf("err = %v, want terraform not found on PATH", err)
	}
}
