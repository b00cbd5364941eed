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
}

type sharedKey struct{}

func sharedOf(client *conns.Client) *shared {
	return conns.Shared(client, sharedKey{}, func() *shared {
		// An invalid hook value is reported by findInstance.
		off, _ := batchingOff()
		fetch := func(ctx context.Context, ids []string) (map[string]*ecs.Instance, error) {
			return describeInstances(ctx, client, ids)
		}
		clock := newCloudClock(client.Clock())
		client.ObserveAnswers(clock.observe)
		return &shared{reads: newInstanceBatcher(fetch, off, client.Clock()), clock: clock}
	})
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
