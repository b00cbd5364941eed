package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func TestDemoEnv(t *testing.T) {
	in := []string{
		"PATH=/usr/bin",
		"HOME=/root",
		"TF_LOG=DEBUG",
		"ALICLOUD_ACCESS_KEY=LTAIreal",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=secret",
		"ALIBABA_CLOUD_ENDPOINT_ECS=ecs.example:443",
		"TF_CLI_CONFIG_FILE=/root/.terraformrc",
		"TF_CLI_ARGS_plan=-refresh=false",
		"TF_VAR_out=7",
		"TF_DATA_DIR=/elsewhere",
		"CHECKPOINT_DISABLE=",
	}
	got := demoEnv(in, "/repo/.demo/terraform.rc")
	want := []string{
		"PATH=/usr/bin",
		"HOME=/root",
		"TF_LOG=DEBUG",
		"TF_CLI_CONFIG_FILE=/repo/.demo/terraform.rc",
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	}
	if !slices.Equal(got, want) {
		t.Errorf("demoEnv =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestStripANSI(t *testing.T) {
	in := "\x1b[31m╷\x1b[0m\x1b[0m\n\x1b[31m│\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mInvalid Attribute Value\x1b[0m"
	if got, want := stripANSI(in), "╷\n│ Error: Invalid Attribute Value"; got != want {
		t.Errorf("stripANSI = %q, want %q", got, want)
	}
}

// TestRunReportsExitCodes runs a stand-in terraform from PATH: a non-zero exit
// is a result the steps judge, and the output is captured without colors.
func TestRunReportsExitCodes(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\nprintf '\\033[1margs: %s\\033[0m\\n' \"$*\"\necho \"config: $TF_CLI_CONFIG_FILE\" >&2\nexit \"$FAKE_EXIT\"\n"
	if err := os.WriteFile(filepath.Join(bin, "terraform"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	work := t.TempDir()

	for _, code := range []int{0, 1, 2} {
		t.Setenv("FAKE_EXIT", strconv.Itoa(code))
		tf, err := newTerraform(work, "/cfg/terraform.rc")
		if err != nil {
			t.Fatal(err)
		}
		var shown strings.Builder
		tf.stdout = &shown
		tf.noColor = code == 1
		res, err := tf.run(t.Context(), "plan", "-detailed-exitcode")
		if err != nil {
			t.Fatalf("exit %d: run error %v", code, err)
		}
		if res.exitCode != code {
			t.Errorf("exit code %d, want %d", res.exitCode, code)
		}
		if !strings.HasPrefix(shown.String(), "$ terraform plan -detailed-exitcode\n\x1b[1margs:") {
			t.Errorf("shown %q, want the command and then its output as printed", shown.String())
		}
		wantArgs := "args: plan -detailed-exitcode\n"
		if tf.noColor {
			wantArgs = "args: plan -no-color -detailed-exitcode\n"
		}
		if !strings.Contains(res.output, wantArgs) || !strings.Contains(res.output, "config: /cfg/terraform.rc") {
			t.Errorf("output %q, want %q and the demo's CLI configuration", res.output, wantArgs)
		}
	}
}

func TestNewTerraformWithoutTerraform(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := newTerraform(t.TempDir(), "/cfg")
	if err == nil || !strings.Contains(err.Error(), "terraform not found on PATH") {
		t.Errorf("err = %v, want terraform not found on PATH", err)
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// TestRunSurvivesAClosedStdout: with the demo's stdout gone, Terraform's own
// output pipe stays open and its output is still captured for the checks.
func TestRunSurvivesAClosedStdout(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\nfor i in 1 2 3; do echo \"line $i\" || exit 9; done\n"
	if err := os.WriteFile(filepath.Join(bin, "terraform"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	tf, err := newTerraform(t.TempDir(), "/cfg")
	if err != nil {
		t.Fatal(err)
	}
	tf.stdout = brokenWriter{}
	res, err := tf.run(t.Context(), "output")
	if err != nil || res.exitCode != 0 {
		t.Fatalf("run = %+v, %v; want exit 0", res, err)
	}
	if res.output != "line 1\nline 2\nline 3\n" {
		t.Errorf("captured %q", res.output)
	}
}
