package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// exampleDir is the configuration the demo applies, relative to the
// repository root.
const exampleDir = "examples/demo"

// workspace is the demo's directory tree. Only work/ is recreated on each
// run: the simulator starts from its built-in world every time, so a state
// left by an earlier run would describe a world that no longer exists.
type workspace struct {
	root      string // absolute
	binDir    string // provider and simulator binaries; the dev_overrides target
	workDir   string // a copy of examples/demo and its terraform.tfstate
	cliConfig string // the Terraform CLI configuration file
	mockLog   string // the simulator's output after its first line
}

func newWorkspace(dir string) (workspace, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return workspace{}, err
	}
	return workspace{
		root:      root,
		binDir:    filepath.Join(root, "bin"),
		workDir:   filepath.Join(root, "work"),
		cliConfig: filepath.Join(root, "terraform.rc"),
		mockLog:   filepath.Join(root, "ecsmock.log"),
	}, nil
}

// prepare checks that it runs from the repository root, then lays out the
// directories, copies the example's .tf files and writes the CLI
// configuration.
func (w workspace) prepare() error {
	if _, err := os.Stat(filepath.Join(exampleDir, "main.tf")); err != nil {
		return fmt.Errorf("%s/main.tf not found: run the demo from the repository root (make demo)", exampleDir)
	}
	if err := os.RemoveAll(w.workDir); err != nil {
		return err
	}
	for _, d := range []string{w.binDir, w.workDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := copyTerraformFiles(exampleDir, w.workDir); err != nil {
		return err
	}
	return tfharness.WriteCLIConfig(w.cliConfig, w.binDir)
}

// copyTerraformFiles copies the *.tf files of src (not its subdirectories,
// nor any state or .terraform directory a user left there) into dst.
func copyTerraformFiles(src, dst string) error {
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .tf files in %s", src)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
