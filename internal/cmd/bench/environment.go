package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// providerSource is the address the generated configurations require the
// provider by; providerBinary the file name Terraform looks for in a
// dev_overrides directory.
const (
	providerSource = "registry.terraform.io/ecsnet/aliyun"
	providerBinary = "terraform-provider-aliyun"
	simulatorBin   = "ecsmock"
)

// environment is what every measurement shares: the binaries, the CLI
// configuration and a scratch directory, all removed at the end.
type environment struct {
	root         string
	provider     string // absolute path of the provider binary
	simulator    string
	cliConfig    string
	terraformBin string
	dirs         atomic.Int64
}

func newEnvironment(ctx context.Context) (*environment, error) {
	if _, err := os.Stat("go.mod"); err != nil {
		return nil, errors.New("go.mod not found: run the benchmark from the repository root (make bench)")
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return nil, errors.New("terraform not found on PATH: install the Terraform CLI (>= 1.5); the benchmark never downloads it")
	}
	root, err := os.MkdirTemp("", "aliyun-bench-")
	if err != nil {
		return nil, err
	}
	e := &environment{
		root:         root,
		provider:     filepath.Join(root, "bin", providerBinary),
		simulator:    filepath.Join(root, "bin", simulatorBin),
		cliConfig:    filepath.Join(root, "terraform.rc"),
		terraformBin: tf,
	}
	progress("building the provider and the simulator into %s", filepath.Dir(e.provider))
	for _, b := range []struct{ pkg, out string }{{".", e.provider}, {"./internal/cmd/ecsmock", e.simulator}} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b.out, b.pkg)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			e.close()
			return nil, fmt.Errorf("go build -o %s %s: %w", b.out, b.pkg, err)
		}
	}
	if err := os.WriteFile(e.cliConfig, []byte(cliConfig(filepath.Dir(e.provider))), 0o644); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

func (e *environment) close() {
	_ = os.RemoveAll(e.root)
}

// workDir makes a fresh directory for one Terraform configuration and its
// state.
func (e *environment) workDir(name string) (string, error) {
	dir := filepath.Join(e.root, fmt.Sprintf("%03d-%s", e.dirs.Add(1), name))
	return dir, os.MkdirAll(dir, 0o755)
}

// cliConfig renders a Terraform CLI configuration that takes the provider
// from binDir and names no other installation method, so that Terraform
// can download nothing and needs no terraform init.
func cliConfig(binDir string) string {
	return fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %s = %s\n  }\n}\n",
		hclString(providerSource), hclString(binDir))
}

// hclString quotes s as an HCL string literal.
func hclString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}
