package ecs

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// shared is what the resources and data sources of one provider instance
// share: Terraform makes a new resource value for every request, so it
// lives with the client the provider configured.
type shared struct {
	// reads batches the instance reads of all of them.
	reads *instanceBatcher
	// timing is what their waits learned of the cloud's pace.
	timing *timingBook
}

type sharedKey struct{}

func sharedOf(client *conns.Client) *shared {
	return conns.Shared(client, sharedKey{}, func() *shared {
		// An invalid hook value is reported by findInstance.
		off, _ := batchingOff()
		fetch := func(ctx context.Context, ids []string) (map[string]*ecs.Instance, error) {
			return describeInstances(ctx, client, ids)
		}
		return &shared{reads: newInstanceBatcher(fetch, off), timing: newTimingBook()}
	})
}
