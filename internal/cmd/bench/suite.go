package main

import "time"

// suite is the set of measurements one run of the benchmark makes.
type suite struct {
	quick bool
	// runs is how many times each measurement is repeated; the table
	// shows medians.
	runs int

	// One update of a subscription instance at each settle time, with each
	// schedule: the provider's own and the fixed-interval baselines.
	settles   []time.Duration
	payDelay  time.Duration
	schedules []string

	// terraform plan over N resources, batching on and off, at each
	// parallelism.
	refreshSizes []int
	parallelisms []int

	// One apply of bulkSize updates while the simulator lets bulkRate
	// ModifyInstanceNetworkSpec calls a second through.
	bulkSize        int
	bulkRate        float64
	bulkSettle      time.Duration
	bulkParallelism int

	// Two applies of faultSize updates of pay-as-you-go instances settling
	// after faultSettle (at the bulk apply's parallelism), one without
	// faults and one under random Throttling and ServiceUnavailable on
	// every action, faultRuns times.
	faultSize   int
	faultSettle time.Duration
	faultRuns   int
}

// Schedules as the ALIYUN_POLL_SCHEDULE hook names them.
const (
	scheduleAdaptive = "adaptive"
	scheduleFixed1s  = "fixed:1s"
)

func newSuite(quick bool) suite {
	s := suite{
		quick:        quick,
		runs:         3,
		settles:      []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 120 * time.Second},
		payDelay:     500 * time.Millisecond,
		schedules:    []string{scheduleAdaptive, scheduleFixed1s},
		refreshSizes: []int{10, 100, 500},
		parallelisms: []int{10, 50},
		bulkSize:     100,
		bulkRate:     5,
		bulkSettle:   time.Second,
		// Terraform's default: 10 resources settling about a second each
		// could make some 8 changes a second, so the quota bounds the
		// apply.
		bulkParallelism: 10,
		faultSize:       20,
		// The simulator's default.
		faultSettle: 2 * time.Second,
		faultRuns:   3,
	}
	if quick {
		s.settles = []time.Duration{time.Second, 5 * time.Second}
		s.refreshSizes = []int{10, 100}
		s.runs = 2
		s.faultRuns = 1
	}
	return s
}

// memorySize is the N whose provider peak memory is reported: the largest
// refresh size.
func (s suite) memorySize() int {
	return s.refreshSizes[len(s.refreshSizes)-1]
}
