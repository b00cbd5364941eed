package ecs

import (
	"context"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// shared is what the resources and data sources of one provider instance
// share: Terraform makes a new resource value for every request, so it
// lives with the client the provider configured.
type shared struct {
	// reads batches the instance reads of all of them.
	reads *instanceBatcher
	// clock is the cloud's, read from the API's answers.
	clock *cloudClock
	// schedule paces every wait instead of settleSchedule when the test
	// hook asks for it (see pollScheduleEnv); nil: it does not.
	schedule schedule
}

type sharedKey struct{}

// sharedOf is the shared state of client's provider instance: the one
// ConfigureClient set up, or, for a client the provider did not
// configure (the package's tests), one without test hooks.
func sharedOf(client *conns.Client) *shared {
	return conns.Shared(client, sharedKey{}, func() *shared { return newShared(client, hooks{}) })
}

func newShared(client *conns.Client, h hooks) *shared {
	fetch := func(ctx context.Context, ids []string) (map[string]*ecs.Instance, error) {
		return describeInstances(ctx, client, ids)
	}
	clock := newCloudClock(client.Clock())
	client.ObserveAnswers(clock.observe)
	return &shared{reads: newInstanceBatcher(fetch, h.batchingOff, client.Clock()), clock: clock, schedule: h.schedule}
}

// waiter is a wait beginning at origin on the provider instance's clock
// and schedule.
func (s *shared) waiter(origin time.Time) waiter {
	return waiter{clock: s.clock, fixed: s.schedule, origin: origin}
}

// cloudNow is the cloud's time for the provider instance of client, the
// machine's time without one (an unconfigured provider has no clock of
// its own, and makes no call).
func cloudNow(client *conns.Client) time.Time {
	if client == nil {
		return clock.System.Now().UTC()
	}
	return sharedOf(client).clock.Now()
}
