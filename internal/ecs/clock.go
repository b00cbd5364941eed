package ecs

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Clock tells the time every time-dependent decision uses (the status of a
// temporary upgrade, a start already past, the age of the last change, the
// pace of a wait) and is what the waits sleep on, so that a test's fake
// clock runs a wait of minutes in no time.
type Clock interface {
	Now() time.Time
	// Read: the time is the cloud's, not a guess from the local clock.
	Read() bool
	// Sleep waits d, or less when ctx ends first (its error is returned).
	Sleep(ctx context.Context, d time.Duration) error
}

// cloudClock is the cloud's clock as the API's answers show it: the local
// clock plus the offset of the last answer's Date header, so that a laptop
// whose clock drifts still decides by the cloud's time. Until the first
// answer it is the local clock. One per provider instance (see shared).
type cloudClock struct {
	local func() time.Time

	mu     sync.Mutex
	offset time.Duration
	read   bool
}

func newCloudClock(local func() time.Time) *cloudClock {
	return &cloudClock{local: local}
}

func (c *cloudClock) Read() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read
}

func (c *cloudClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.local().Add(c.offset).UTC()
}

// observe takes the offset from an answer's Date header. The header has
// whole seconds and the answer was stamped before it arrived: the offset
// is good to about a second, which the decisions (minutes, hours) allow.
// It moves only when an answer shows it more than that second off, so
// that the time a wait measures does not jump back and forth by a second
// from one answer to the next. An answer without a valid Date changes
// nothing.
func (c *cloudClock) observe(resp *http.Response) {
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return
	}
	now := c.local()
	c.mu.Lock()
	defer c.mu.Unlock()
	offset := date.Sub(now.Truncate(time.Second))
	if !c.read || (offset-c.offset).Abs() > time.Second {
		c.offset, c.read = offset, true
	}
}

func (c *cloudClock) Sleep(ctx context.Context, d time.Duration) error {
	return sleepCtx(ctx, d)
}

// sleepCtx is the package's one sleep: it waits d, or less when ctx ends
// first (its error is returned).
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
