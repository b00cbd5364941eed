package ecs

import (
	"net/http"
	"sync"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
)

// cloudClock is the cloud's clock as the API's answers show it: the
// provider's local clock (conns.Client.Clock) plus the offset of the last
// answer's Date header, so that a laptop whose clock drifts still decides
// by the cloud's time (the status of a temporary upgrade, a start already
// past, the age of the last change). Until the first answer it is the
// local clock. Its sleeps, timers and jitter are the local clock's. One
// per provider instance (see shared).
type cloudClock struct {
	clock.Clock

	mu     sync.Mutex
	offset time.Duration
	read   bool
}

func newCloudClock(local clock.Clock) *cloudClock {
	return &cloudClock{Clock: local}
}

// Read: the time is the cloud's, not a guess from the local clock.
func (c *cloudClock) Read() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read
}

func (c *cloudClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Clock.Now().Add(c.offset).UTC()
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
	now := c.Clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	offset := date.Sub(now.Truncate(time.Second))
	if !c.read || (offset-c.offset).Abs() > time.Second {
		c.offset, c.read = offset, true
	}
}

// Offset is how far the cloud's clock is ahead of the local one, and
// whether it has been read yet.
func (c *cloudClock) Offset() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset, c.read
}

// seed takes an offset read earlier (by another provider process: the
// plan Terraform makes again at apply) until an answer shows one.
func (c *cloudClock) seed(offset time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.read {
		c.offset, c.read = offset, true
	}
}
