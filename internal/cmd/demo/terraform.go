package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// terraform runs the Terraform CLI on PATH in the demo's working directory
// with the demo's environment, showing each command and its output.
type terraform struct {
	tfharness.Terraform
	noColor bool // stdout is not a terminal
}

func newTerraform(dir, cliConfig string) (terraform, error) {
	path, err := tfharness.LookTerraform()
	if err != nil {
		return terraform{}, err
	}
	return terraform{
		Terraform: tfharness.Terraform{Path: path, Dir: dir, Env: tfharness.Env(os.Environ(), cliConfig, nil), Show: os.Stdout},
		noColor:   !isTerminal(os.Stdout),
	}, nil
}

// run shows the command and its output as it happens and also returns it.
func (t terraform) run(ctx context.Context, args ...string) (tfharness.Result, error) {
	fmt.Fprintf(t.Show, "$ terraform %s\n", strings.Join(args, " "))
	if t.noColor {
		args = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	return t.Run(ctx, args...)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
