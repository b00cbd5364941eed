package ecs

import (
	"context"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// shared is what the resources and data sources of one provider instance
// share: Terraform makes a new resource value for every request, so it
// lives with the client the provider configured.
type shared struct {
	// reads batches the instance reads of all of them.
	reads *instanceBatcher
	// clock is the cloud's, read from the API's answers.
	clock Clock
}

type sharedKey struct{}

func sharedOf(client *conns.Client) *shared {
	return conns.Shared(client, sharedKey{}, func() *shared {
		// An invalid hook value is reported by findInstance.
		off, _ := batchingOff()
		fetch := func(ctx context.Context, ids []string) (map[string]*ecs.Instance, error) {
			return describeInstances(ctx, client, ids)
		}
		clock := newCloudClock(time.Now)
		client.ObserveAnswers(clock.observe)
		return &shared{reads: newInstanceBatcher(fetch, off), clock: clock}
	})
}

// cloudNow is the cloud's time for the provider instance of client, the
// local time without one (an unconfigured provider makes no call).
func cloudNow(client *conns.Client) time.Time {
	if client == nil {
		return time.Now().UTC()
	}
	return sharedOf(client).clock.Now()
}
