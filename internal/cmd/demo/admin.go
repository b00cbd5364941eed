package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// The simulator's admin API, as far as the demo reads it. Field names are the
// simulator's (which spells them as the ECS API does).

// call is one API request the simulator received.
type call struct {
	Time        time.Time
	Action      string
	AccessKeyId string
	InstanceId  string
	HttpStatus  int
	Code        string
	RequestId   string
}

type world struct {
	Accounts []account
}

type account struct {
	AccessKeyId string
	Instances   []instance
	Orders      []order
}

type instance struct {
	InstanceId              string
	InstanceChargeType      string
	InternetChargeType      string
	InternetMaxBandwidthOut int
	InternetMaxBandwidthIn  int
}

type order struct {
	OrderId       string
	InstanceId    string
	OrderType     string
	PaymentStatus string
	PretaxAmount  float64
	CreateTime    time.Time
	PaymentTime   *time.Time
}

// admin reads the simulator's admin API at baseURL.
type admin struct {
	baseURL string
	client  *http.Client
}

func newAdmin(baseURL string) admin {
	return admin{baseURL: baseURL, client: &http.Client{Timeout: 10 * time.Second}}
}

func (a admin) calls(ctx context.Context) ([]call, error) {
	var calls []call
	err := a.get(ctx, "/_mock/calls", &calls)
	return calls, err
}

func (a admin) state(ctx context.Context) (world, error) {
	var w world
	err := a.get(ctx, "/_mock/state", &w)
	return w, err
}

func (a admin) get(ctx context.Context, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.baseURL+path, nil)
	if err != nil {
		return err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return fmt.Errorf("GET %s: decode: %w", path, err)
	}
	return nil
}

// countAction is how many of calls were made to action.
func countAction(calls []call, action string) int {
	n := 0
	for _, c := range calls {
		if c.Action == action {
			n++
		}
	}
	return n
}

// findInstance returns the instance with the given id in any account.
func (w world) findInstance(id string) (instance, bool) {
	for _, a := range w.Accounts {
		for _, i := range a.Instances {
			if i.InstanceId == id {
				return i, true
			}
		}
	}
	return instance{}, false
}

// ordersFor returns the orders placed for the instance, oldest first.
func (w world) ordersFor(instanceID string) []order {
	var out []order
	for _, a := range w.Accounts {
		for _, o := range a.Orders {
			if o.InstanceId == instanceID {
				out = append(out, o)
			}
		}
	}
	return out
}
