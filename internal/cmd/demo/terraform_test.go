package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunShowsTheCommand runs a stand-in terraform from PATH: the demo shows
// each command before its output, asks for no colors when stdout is not a
// terminal, and gives Terraform its CLI configuration.
func TestRunShowsTheCommand(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\necho \"args: $*\"\necho \"config: $TF_CLI_CONFIG_FILE\" >&2\nexit 2\n"
	if err := os.WriteFile(filepath.Join(bin, "terraform"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TF_CLI_CONFIG_FILE", "/root/.terraformrc")

	tests := []struct {
		noColor  bool
		wantArgs string
	}{
		{false, "args: plan -detailed-exitcode\n"},
		{true, "args: plan -no-color -detailed-exitcode\n"},
	}
	for _, tt := range tests {
		tf, err := newTerraform(t.TempDir(), "/cfg/terraform.rc")
		if err != nil {
			t.Fatal(err)
		}
		var shown strings.Builder
		tf.Show = &shown
		tf.noColor = tt.noColor
		res, err := tf.run(t.Context(), "plan", "-detailed-exitcode")
		if err != nil || res.ExitCode != 2 {
			t.Fatalf("noColor=%v: run = %+v, %v; want exit 2", tt.noColor, res, err)
		}
		if want := "$ terraform plan -detailed-exitcode\n" + tt.wantArgs; !strings.HasPrefix(shown.String(), want) {
			t.Errorf("noColor=%v: shown %q, want it to start with %q", tt.noColor, shown.String(), want)
		}
		if !strings.Contains(res.Output, tt.wantArgs) || !strings.Contains(res.Output, "config: /cfg/terraform.rc") {
			t.Errorf("noColor=%v: output %q, want %q and the demo's CLI configuration", tt.noColor, res.Output, tt.wantArgs)
		}
	}
}
