package main

import "github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"

// findInstance returns the instance with the given id in any account.
func findInstance(w ecsmock.World, id string) (ecsmock.Instance, bool) {
	for _, a := range w.Accounts {
		for _, i := range a.Instances {
			if i.InstanceId == id {
				return i, true
			}
		}
	}
	return ecsmock.Instance{}, false
}

// ordersFor returns the orders placed for the instance, oldest first.
func ordersFor(w ecsmock.World, instanceID string) []ecsmock.Order {
	var out []ecsmock.Order
	for _, a := range w.Accounts {
		for _, o := range a.Orders {
			if o.InstanceId == instanceID {
				out = append(out, o)
			}
		}
	}
	return out
}
