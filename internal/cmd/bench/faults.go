package main

import (
	"context"
	"fmt"
	"time"
)

// The random faults of the fault-throughput measurement, as shares of
// every call of every action. The simulator tries its rules in order, so
// the ServiceUnavailable rule fires on its share of the calls the
// Throttling rule let pass.
const (
	faultThrottling  = 0.3
	faultUnavailable = 0.1
)

// faultTargetRatio is the most the faults may slow the apply down.
const faultTargetRatio = 4.0

// measureFaults runs s.faultRuns times, each with its own simulator: create
// s.faultSize resources on pay-as-you-go instances (nothing changes), time
// one apply raising every one of them by 1 Mbit/s, then add the random
// faults on every action and time one more raising them again. The
// fault-free apply is the baseline the faulty one is compared with, made
// in the same run so that both meet the same load of the machine.
func measureFaults(ctx context.Context, env *environment, s suite) (faultsResult, error) {
	res := faultsResult{
		Resources:         s.faultSize,
		Parallelism:       s.bulkParallelism,
		SettleSeconds:     seconds(s.faultSettle),
		ThrottlingShare:   faultThrottling,
		UnavailableShare:  faultUnavailable,
		Runs:              s.faultRuns,
		RatioPerRun:       []float64{},
		ErrorsShownPerRun: []int{},
	}
	var clean, faulty []time.Duration
	var throttled, unavailable, calls []int
	for run := range s.faultRuns {
		r, err := faultsRun(ctx, env, s, run)
		if err != nil {
			return res, fmt.Errorf("run %d: %w", run+1, err)
		}
		ratio := r.faulty.wall.Seconds() / r.clean.Seconds()
		progress("faults: run %d: %s without faults, %s with them (%.2fx), exit %d, %d calls, %d Throttling, %d ServiceUnavailable, %d errors shown, %d instances not at the planned bandwidth",
			run+1, r.clean.Round(10*time.Millisecond), r.faulty.wall.Round(10*time.Millisecond), ratio, r.faulty.exitCode,
			r.calls, r.throttled, r.unavailable, r.faulty.errorsShown(), r.wrong)
		clean = append(clean, r.clean)
		faulty = append(faulty, r.faulty.wall)
		throttled = append(throttled, r.throttled)
		unavailable = append(unavailable, r.unavailable)
		calls = append(calls, r.calls)
		res.RatioPerRun = append(res.RatioPerRun, round2(ratio))
		res.ErrorsShownPerRun = append(res.ErrorsShownPerRun, r.faulty.errorsShown())
		if r.faulty.exitCode != 0 || r.wrong > 0 {
			res.FailedRuns++
		}
	}
	res.CleanSeconds = seconds(median(clean))
	res.FaultySeconds = seconds(median(faulty))
	res.Ratio = round2(median(res.RatioPerRun))
	res.Throttled = median(throttled)
	res.Unavailable = median(unavailable)
	res.Calls = median(calls)
	return res, nil
}

// faultsSample is one run of the fault-throughput measurement.
type faultsSample struct {
	clean  time.Duration
	faulty tfRun
	// Of the faulty apply: every call, the injected faults, and the
	// instances the simulator does not show at the planned bandwidth.
	calls, throttled, unavailable, wrong int
}

func faultsRun(ctx context.Context, env *environment, s suite, run int) (faultsSample, error) {
	var res faultsSample
	dir, err := env.workDir(fmt.Sprintf("faults-%d", run))
	if err != nil {
		return res, err
	}
	sim, err := env.startSimulator(ctx, dir, simOptions{settle: s.faultSettle, payDelay: s.payDelay, world: newWorld(s.faultSize, postPaid)})
	if err != nil {
		return res, err
	}
	defer sim.Stop()
	if err := writeConfig(dir, sim.Endpoint, s.faultSize); err != nil {
		return res, err
	}
	for i, what := range []string{"create", "apply without faults"} {
		r, err := env.apply(ctx, dir, hooks{}, startOut+i, s.bulkParallelism)
		if err == nil {
			err = r.mustSucceed(what)
		}
		if err != nil {
			return res, err
		}
		res.clean = r.wall
	}

	// Seeded by run: each run meets other faults, and a rerun the same.
	for i, f := range []struct {
		code  string
		share float64
	}{
		{"Throttling", faultThrottling},
		{"ServiceUnavailable", faultUnavailable / (1 - faultThrottling)},
	} {
		rule := map[string]any{"Action": "*", "Kind": "error", "Code": f.code, "Probability": f.share, "Seed": 2*run + i + 1}
		if err := sim.AddFault(ctx, rule); err != nil {
			return res, err
		}
	}
	if err := sim.ClearCalls(ctx); err != nil {
		return res, err
	}
	const planned = startOut + 2
	if res.faulty, err = env.apply(ctx, dir, hooks{}, planned, s.bulkParallelism); err != nil {
		return res, err
	}
	recorded, err := sim.Calls(ctx)
	if err != nil {
		return res, err
	}
	res.calls = len(recorded)
	for _, c := range recorded {
		switch c.Code {
		case "Throttling":
			res.throttled++
		case "ServiceUnavailable":
			res.unavailable++
		}
	}
	world, err := sim.State(ctx)
	if err != nil {
		return res, err
	}
	for _, acct := range world.Accounts {
		for _, inst := range acct.Instances {
			if inst.InternetMaxBandwidthOut != planned {
				res.wrong++
			}
		}
	}
	return res, nil
}
