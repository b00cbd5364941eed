package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// measureBulk creates s.bulkSize resources on pay-as-you-go instances
// (nothing changes), has the simulator throttle ModifyInstanceNetworkSpec
// beyond s.bulkRate calls a second, and times the apply that raises every
// one of them by 1 Mbit/s, counting the Throttling answers the provider
// received and the errors Terraform showed.
func measureBulk(ctx context.Context, env *environment, s suite) (bulkResult, error) {
	res := bulkResult{
		Resources:         s.bulkSize,
		RatePerSecond:     s.bulkRate,
		Parallelism:       s.bulkParallelism,
		SettleSeconds:     seconds(s.bulkSettle),
		IdealSeconds:      float64(s.bulkSize) / s.bulkRate,
		Runs:              s.runs,
		ErrorsShownPerRun: []int{},
	}
	var walls []time.Duration
	var throttled, accepted []int
	for run := range s.runs {
		r, calls, err := bulkRun(ctx, env, s, run)
		if err != nil {
			return res, fmt.Errorf("run %d: %w", run+1, err)
		}
		var ok, thr int
		for _, c := range calls {
			switch {
			case c.Action != modifyAction:
			case c.HttpStatus == 200:
				ok++
			case strings.HasPrefix(c.Code, "Throttling"):
				thr++
			}
		}
		progress("bulk: run %d: %s, exit %d, %d changes accepted, %d Throttling answers, %d errors shown",
			run+1, r.wall.Round(10*time.Millisecond), r.exitCode, ok, thr, r.errorsShown())
		walls = append(walls, r.wall)
		throttled = append(throttled, thr)
		accepted = append(accepted, ok)
		res.ErrorsShownPerRun = append(res.ErrorsShownPerRun, r.errorsShown())
		if r.exitCode != 0 {
			res.FailedRuns++
		}
	}
	res.WallSeconds = seconds(median(walls))
	res.Throttled = median(throttled)
	res.Accepted = median(accepted)
	return res, nil
}

func bulkRun(ctx context.Context, env *environment, s suite, run int) (tfRun, []ecsmock.Call, error) {
	dir, err := env.workDir(fmt.Sprintf("bulk-%d", run))
	if err != nil {
		return tfRun{}, nil, err
	}
	sim, err := env.startSimulator(ctx, dir, simOptions{settle: s.bulkSettle, payDelay: s.payDelay, world: newWorld(s.bulkSize, postPaid)})
	if err != nil {
		return tfRun{}, nil, err
	}
	defer sim.Stop()
	if err := writeConfig(dir, sim.Endpoint, s.bulkSize); err != nil {
		return tfRun{}, nil, err
	}
	create, err := env.apply(ctx, dir, hooks{}, startOut, s.bulkParallelism)
	if err == nil {
		err = create.mustSucceed("create")
	}
	if err != nil {
		return tfRun{}, nil, err
	}
	if err := sim.rateLimit(ctx, modifyAction, s.bulkRate); err != nil {
		return tfRun{}, nil, err
	}
	if err := sim.ClearCalls(ctx); err != nil {
		return tfRun{}, nil, err
	}
	r, err := env.apply(ctx, dir, hooks{}, startOut+1, s.bulkParallelism)
	if err != nil {
		return r, nil, err
	}
	calls, err := sim.Calls(ctx)
	return r, calls, err
}
