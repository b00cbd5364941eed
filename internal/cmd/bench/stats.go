package main

import (
	"math"
	"slices"
	"time"
)

// number is what the benchmark takes medians of: counts and durations.
type number interface {
	~int | ~int64 | ~float64
}

// median of a non-empty list: the middle value, or the mean of the two
// middle ones (rounded down for integers).
func median[T number](values []T) T {
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1] + (s[n/2]-s[n/2-1])/2
}

// seconds rounds d to milliseconds, in seconds.
func seconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*1000) / 1000
}

// round2 rounds x to two decimals, as ratios are shown.
func round2(x float64) float64 {
	return math.Round(x*100) / 100
}
