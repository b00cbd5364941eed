package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// providerBinary is the name Terraform looks for in a dev_overrides
// directory for the provider type "aliyun".
const providerBinary = "terraform-provider-aliyun"

// simulatorBinary is the simulator's file name in the workspace. The demo
// runs a built binary rather than `go run`, so that the process it stops is
// the simulator itself and not a go command whose child could outlive it.
const simulatorBinary = "ecsmock"

// buildBinaries compiles the provider (the module's root package) and the
// simulator command into binDir.
func buildBinaries(ctx context.Context, binDir string) error {
	targets := []struct{ pkg, out string }{
		{".", providerBinary},
		{"./internal/cmd/ecsmock", simulatorBinary},
	}
	for _, t := range targets {
		out := filepath.Join(binDir, t.out)
		cmd := exec.CommandContext(ctx, "go", "build", "-o", out, t.pkg)
		cmd.Stdout = os.Stdout
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build -o %s %s: %w", out, t.pkg, err)
		}
	}
	return nil
}
