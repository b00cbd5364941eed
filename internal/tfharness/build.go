package tfharness

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
)

// ProviderBinary is the name Terraform looks for in a dev_overrides
// directory for the provider type "aliyun".
const ProviderBinary = "terraform-provider-aliyun"

// SimulatorBinary is the simulator's file name next to the provider. The
// commands run a built binary rather than `go run`, so that the process they
// stop is the simulator itself and not a go command whose child could
// outlive it.
const SimulatorBinary = "ecsmock"

// Build compiles the provider (the module's root package) and the simulator
// command into binDir; the go command's output goes to out. It runs from the
// repository root.
func Build(ctx context.Context, binDir string, out io.Writer) error {
	targets := []struct{ pkg, out string }{
		{".", ProviderBinary},
		{"./internal/cmd/ecsmock", SimulatorBinary},
	}
	for _, t := range targets {
		path := filepath.Join(binDir, t.out)
		cmd := exec.CommandContext(ctx, "go", "build", "-o", path, t.pkg)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build -o %s %s: %w", path, t.pkg, err)
		}
	}
	return nil
}
