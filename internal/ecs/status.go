package ecs

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// statusOrder reads the order and its payment status (Paid, Unpaid,
// Cancelled).
func statusOrder(ctx context.Context, client *conns.Client, orderID string) (*bssopenapi.Order, string, error) {
	o, err := findOrder(ctx, client, orderID)
	if err != nil {
		return nil, "", err
	}
	return o, o.PaymentStatus, nil
}

// statusSpec reads the instance and reports what it shows and whether
// that is the change's.
func statusSpec(ctx context.Context, client *conns.Client, instanceID string, c change, from instanceFacts) (instanceFacts, string, bool, error) {
	inst, err := findInstance(ctx, client, instanceID)
	if err != nil {
		return instanceFacts{}, "", false, err
	}
	f := factsOf(inst)
	return f, f.String(), c.shownBy(f, from), nil
}
