package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
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
	tf, err := tfharness.LookTerraform()
	if err != nil {
		return nil, fmt.Errorf("%w; the benchmark never downloads it", err)
	}
	root, err := os.MkdirTemp("", "aliyun-bench-")
	if err != nil {
		return nil, err
	}
	binDir := filepath.Join(root, "bin")
	e := &environment{
		root:         root,
		provider:     filepath.Join(binDir, tfharness.ProviderBinary),
		simulator:    filepath.Join(binDir, tfharness.SimulatorBinary),
		cliConfig:    filepath.Join(root, "terraform.rc"),
		terraformBin: tf,
	}
	progress("building the provider and the simulator into %s", binDir)
	if err := tfharness.Build(ctx, binDir, os.Stderr); err != nil {
		e.close()
		return nil, err
	}
	if err := tfharness.WriteCLIConfig(e.cliConfig, binDir); err != nil {
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
