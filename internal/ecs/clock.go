package ecs

import (
	"net/http"
	"sync"
	"time"
)

// Clock tells the time every time-dependent decision uses: the status of a
// temporary upgrade, a start already past, the age of the last change.
type Clock interface {
	Now() time.Time
	// Read: the time is the cloud's, not a guess from the local clock.
	Read() bool
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
// An answer without a valid Date changes nothing.
func (c *cloudClock) observe(resp *http.Response) {
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return
	}
	now := c.local()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset, c.read = date.Sub(now.Truncate(time.Second)), true
}
