package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// Values of the ALIYUN_READ_BATCHING hook.
const (
	batchingOn  = "on"
	batchingOff = "off"
)

// measureRefresh creates N resources (nothing changes in the cloud), then
// times terraform plan, which refreshes every one of them, with batching
// on and off at each parallelism; the runs of each setting take turns, so
// that a slower moment of the machine does not fall on one setting only.
// The provider's peak memory is that of every command at the largest N.
func measureRefresh(ctx context.Context, env *environment, s suite) ([]refreshRow, memoryResult, error) {
	var rows []refreshRow
	mem := memoryResult{Resources: s.memorySize()}
	for _, n := range s.refreshSizes {
		got, peak, err := refreshSize(ctx, env, s, n)
		if err != nil {
			return nil, mem, fmt.Errorf("refresh of %d resources: %w", n, err)
		}
		rows = append(rows, got...)
		if n == mem.Resources {
			mem.PeakMiB = float64(peak) / 1024
		}
	}
	return rows, mem, nil
}

func refreshSize(ctx context.Context, env *environment, s suite, n int) ([]refreshRow, int64, error) {
	dir, err := env.workDir(fmt.Sprintf("refresh-%d", n))
	if err != nil {
		return nil, 0, err
	}
	sim, err := env.startSimulator(ctx, dir, simOptions{settle: time.Second, payDelay: s.payDelay, world: newWorld(n, postPaid)})
	if err != nil {
		return nil, 0, err
	}
	defer sim.Stop()
	if err := writeConfig(dir, sim.Endpoint, n); err != nil {
		return nil, 0, err
	}
	progress("refresh: creating %d resources", n)
	create, err := env.apply(ctx, dir, hooks{}, startOut, 50)
	if err == nil {
		err = create.mustSucceed("create")
	}
	if err != nil {
		return nil, 0, err
	}
	peak := create.peakKiB

	type setting struct {
		batching    string
		parallelism int
	}
	var settings []setting
	for _, b := range []string{batchingOn, batchingOff} {
		for _, p := range s.parallelisms {
			settings = append(settings, setting{b, p})
		}
	}
	walls := map[setting][]time.Duration{}
	describes := map[setting][]int{}
	for run := range s.runs {
		for _, st := range settings {
			if err := sim.ClearCalls(ctx); err != nil {
				return nil, 0, err
			}
			r, err := env.plan(ctx, dir, hooks{batching: st.batching}, startOut, st.parallelism)
			if err == nil {
				err = r.mustSucceed("plan")
			}
			if err == nil && !strings.Contains(r.output, "No changes.") {
				err = fmt.Errorf("plan proposes changes to an unchanged world:\n%s", r.output)
			}
			if err != nil {
				return nil, 0, err
			}
			calls, err := sim.Calls(ctx)
			if err != nil {
				return nil, 0, err
			}
			progress("refresh: N = %d, batching %s, -parallelism=%d, run %d: %s, %d DescribeInstances",
				n, st.batching, st.parallelism, run+1, r.wall.Round(10*time.Millisecond), tfharness.CountAction(calls, "DescribeInstances"))
			walls[st] = append(walls[st], r.wall)
			describes[st] = append(describes[st], tfharness.CountAction(calls, "DescribeInstances"))
			peak = max(peak, r.peakKiB)
		}
	}
	var rows []refreshRow
	for _, st := range settings {
		rows = append(rows, refreshRow{
			Resources:         n,
			Parallelism:       st.parallelism,
			Batching:          st.batching,
			Runs:              len(walls[st]),
			DescribeInstances: median(describes[st]),
			WallSeconds:       seconds(median(walls[st])),
		})
	}
	return rows, peak, nil
}
