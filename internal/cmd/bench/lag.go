package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

const modifyAction = "ModifyInstanceNetworkSpec"

// laneStagger spaces the starts of the runs that go side by side, so that
// their Terraform start-ups do not contend for the CPU at once.
const laneStagger = 700 * time.Millisecond

// lagSample is one measured update.
type lagSample struct {
	schedule string
	// learned: the resource's previous change taught the provider the
	// cloud's pace; otherwise this is the first change the provider sees.
	learned bool
	wall    time.Duration
	// pollerLag is from the moment the instance showed the change to the
	// first read after it, in the simulator's own records.
	pollerLag time.Duration
	reads     int // every read call of the apply
	pollReads int // the reads after ModifyInstanceNetworkSpec
}

// measureLag runs, for each settle time, every schedule s.runs times side
// by side, each run with its own simulator, state and subscription
// instance: create the resource (nothing changes), apply once without a
// change (Terraform's own time), then raise the bandwidth by 1 Mbit/s. The
// provider's own schedule raises it twice: the second change finds the
// pace the first one taught it.
func measureLag(ctx context.Context, env *environment, s suite) (lagResults, error) {
	var res lagResults
	var noops []time.Duration
	for _, settle := range s.settles {
		type lane struct {
			schedule string
			run      int
		}
		var lanes []lane
		for run := range s.runs {
			for _, sch := range s.schedules {
				lanes = append(lanes, lane{sch, run})
			}
		}
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			samples []lagSample
			errs    []error
		)
		for i, l := range lanes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Duration(i) * laneStagger):
				}
				got, noop, err := lagLane(ctx, env, s, settle, l.schedule, l.run)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, fmt.Errorf("settle %s, %s, run %d: %w", settle, l.schedule, l.run+1, err))
					return
				}
				samples = append(samples, got...)
				noops = append(noops, noop)
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			return res, errs[0]
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		res.Rows = append(res.Rows, summarizeLag(settle, s.payDelay, s.schedules, samples)...)
	}
	res.NoopApplySeconds = seconds(median(noops))
	return res, nil
}

func lagLane(ctx context.Context, env *environment, s suite, settle time.Duration, schedule string, run int) ([]lagSample, time.Duration, error) {
	dir, err := env.workDir(fmt.Sprintf("lag-%s-%s-%d", settle, strings.ReplaceAll(schedule, ":", ""), run))
	if err != nil {
		return nil, 0, err
	}
	sim, err := env.startSimulator(ctx, dir, simOptions{settle: settle, payDelay: s.payDelay, world: newWorld(1, prePaid)})
	if err != nil {
		return nil, 0, err
	}
	defer sim.Stop()
	if err := writeConfig(dir, sim.Endpoint, 1); err != nil {
		return nil, 0, err
	}
	h := hooks{schedule: schedule}
	const parallelism = 10
	r, err := env.apply(ctx, dir, h, startOut, parallelism)
	if err == nil {
		err = r.mustSucceed("create")
	}
	if err != nil {
		return nil, 0, err
	}
	noop, err := env.apply(ctx, dir, h, startOut, parallelism)
	if err == nil {
		err = noop.mustSucceed("apply without change")
	}
	if err != nil {
		return nil, 0, err
	}

	updates := 1
	if schedule == scheduleAdaptive {
		updates = 2
	}
	var samples []lagSample
	for i := range updates {
		if err := sim.ClearCalls(ctx); err != nil {
			return nil, 0, err
		}
		r, err := env.apply(ctx, dir, h, startOut+1+i, parallelism)
		if err == nil {
			err = r.mustSucceed("update")
		}
		if err != nil {
			return nil, 0, err
		}
		calls, err := sim.Calls(ctx)
		if err != nil {
			return nil, 0, err
		}
		sample, err := lagOf(calls, s.payDelay+settle)
		if err != nil {
			return nil, 0, err
		}
		sample.schedule, sample.learned, sample.wall = schedule, i > 0, r.wall
		samples = append(samples, sample)
	}
	return samples, noop.wall, nil
}

// lagOf reads an update's calls: the change settles settleAfter its
// accepted ModifyInstanceNetworkSpec, and the first DescribeInstances
// after that moment sees it.
func lagOf(calls []ecsmock.Call, settleAfter time.Duration) (lagSample, error) {
	var (
		s        lagSample
		modified time.Time
	)
	for _, c := range calls {
		switch {
		case c.Action == modifyAction && c.HttpStatus == 200:
			modified = c.Time
		case c.Action == modifyAction:
		default:
			s.reads++
			if !modified.IsZero() {
				s.pollReads++
			}
		}
	}
	if modified.IsZero() {
		return s, fmt.Errorf("no accepted %s among the %d calls", modifyAction, len(calls))
	}
	settled := modified.Add(settleAfter)
	for _, c := range calls {
		if c.Action == "DescribeInstances" && !c.Time.Before(settled) {
			s.pollerLag = c.Time.Sub(settled)
			return s, nil
		}
	}
	return s, fmt.Errorf("no DescribeInstances after the change settled at %s", settled.Format(time.RFC3339Nano))
}

// summarizeLag makes a row per schedule (the provider's own twice: first
// and learned change) of the medians of its samples.
func summarizeLag(settle, payDelay time.Duration, schedules []string, samples []lagSample) []lagRow {
	var rows []lagRow
	for _, sch := range schedules {
		for _, learned := range []bool{false, true} {
			var walls, pollerLags []time.Duration
			var reads, pollReads []int
			for _, s := range samples {
				if s.schedule == sch && s.learned == learned {
					walls = append(walls, s.wall)
					pollerLags = append(pollerLags, s.pollerLag)
					reads = append(reads, s.reads)
					pollReads = append(pollReads, s.pollReads)
				}
			}
			if len(walls) == 0 {
				continue
			}
			wall := median(walls)
			rows = append(rows, lagRow{
				SettleSeconds:    seconds(settle),
				PayDelaySeconds:  seconds(payDelay),
				Schedule:         sch,
				Learned:          learned,
				Runs:             len(walls),
				WallSeconds:      seconds(wall),
				LagSeconds:       seconds(wall - settle - payDelay),
				PollerLagSeconds: seconds(median(pollerLags)),
				ReadCalls:        median(reads),
				PollReadCalls:    median(pollReads),
			})
		}
	}
	return rows
}
