package ecsmock

import (
	"math"
	"time"
)

// tokenBucket is the state of one rate limit: tokens flow in at the rule's
// rate on the simulated clock, up to its burst, and each call takes one.
type tokenBucket struct {
	tokens float64
	last   time.Time
}

func newTokenBucket(burst int, now time.Time) *tokenBucket {
	return &tokenBucket{tokens: float64(burst), last: now}
}

// refill adds what flowed in since the last look.
func (b *tokenBucket) refill(now time.Time, perSecond float64, burst int) {
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(float64(burst), b.tokens+elapsed.Seconds()*perSecond)
		b.last = now
	}
}

// take spends a token if there is one.
func (b *tokenBucket) take(now time.Time, perSecond float64, burst int) bool {
	b.refill(now, perSecond, burst)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// full tells whether the bucket is back to its burst, as a new one would be.
func (b *tokenBucket) full(now time.Time, perSecond float64, burst int) bool {
	b.refill(now, perSecond, burst)
	return b.tokens >= float64(burst)
}
