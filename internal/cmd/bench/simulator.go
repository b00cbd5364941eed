package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// adminTimeout bounds one admin API request; the calls of a large world's
// refresh take a while to encode.
const adminTimeout = time.Minute

// simulator is one running simulator process and its admin API.
type simulator struct {
	*tfharness.Simulator
	*tfharness.Admin
}

// simOptions are the simulator's flags a measurement sets.
type simOptions struct {
	settle   time.Duration
	payDelay time.Duration
	world    ecsmock.World
}

// startSimulator writes the world as a seed file in dir and runs the
// simulator on a free loopback port. What it prints goes nowhere but into
// the error of a start that fails.
func (e *environment) startSimulator(ctx context.Context, dir string, o simOptions) (*simulator, error) {
	seed := filepath.Join(dir, "world.json")
	raw, err := json.Marshal(o.world)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(seed, raw, 0o644); err != nil {
		return nil, err
	}
	var log bytes.Buffer
	sim, err := tfharness.StartSimulator(ctx, e.simulator, &log,
		"-seed", seed,
		"-settle", o.settle.String(),
		"-pay-delay", o.payDelay.String(),
		"-quiet",
	)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, bytes.TrimSpace(log.Bytes()))
	}
	return &simulator{Simulator: sim, Admin: tfharness.NewAdmin(sim.BaseURL, adminTimeout)}, nil
}

// rateLimit has the simulator throttle action beyond perSecond calls a
// second (burst: as many).
func (s *simulator) rateLimit(ctx context.Context, action string, perSecond float64) error {
	return s.AddFault(ctx, map[string]any{"Action": action, "Kind": "ratelimit", "PerSecond": perSecond})
}
