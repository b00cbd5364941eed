package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

func TestPrepareCopiesTheExampleAndStartsFromCleanState(t *testing.T) {
	repo := t.TempDir()
	t.Chdir(repo)
	if err := os.MkdirAll(filepath.Join(exampleDir, ".terraform"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"main.tf":           "# main\n",
		"outputs.tf":        "# outputs\n",
		"terraform.tfstate": "{}",
		"README.md":         "not terraform",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(exampleDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := newWorkspace(".demo")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(ws.workDir, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(ws.workDir, "terraform.tfstate")
	if err := os.WriteFile(stale, []byte(`{"serial": 7}`), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := ws.prepare(); err != nil {
		t.Fatalf("prepare: %v", err)
	}

	entries, err := os.ReadDir(ws.workDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, ","), "main.tf,outputs.tf"; got != want {
		t.Errorf("work dir holds %s, want %s", got, want)
	}
	body, err := os.ReadFile(filepath.Join(ws.workDir, "main.tf"))
	if err != nil || string(body) != "# main\n" {
		t.Errorf("main.tf copy = %q, %v", body, err)
	}
	config, err := os.ReadFile(ws.cliConfig)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(config), tfharness.HCLString(ws.binDir)) {
		t.Errorf("CLI configuration does not point at %s:\n%s", ws.binDir, config)
	}
	if !filepath.IsAbs(ws.binDir) {
		t.Errorf("dev_overrides needs an absolute directory, got %s", ws.binDir)
	}
}

func TestPrepareOutsideTheRepository(t *testing.T) {
	t.Chdir(t.TempDir())
	ws, err := newWorkspace(".demo")
	if err != nil {
		t.Fatal(err)
	}
	err = ws.prepare()
	if err == nil || !strings.Contains(err.Error(), "repository root") {
		t.Fatalf("prepare outside the repository: err = %v, want one that says to run from the repository root", err)
	}
	if _, err := os.Stat(".demo"); !os.IsNotExist(err) {
		t.Errorf("prepare created .demo outside the repository (stat err = %v)", err)
	}
}
