package tfharness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// Admin is a client of the simulator's admin API (/_mock/).
type Admin struct {
	baseURL string
	client  *http.Client
}

// NewAdmin reads and changes the simulator at baseURL (http://HOST:PORT),
// each request bounded by timeout.
func NewAdmin(baseURL string, timeout time.Duration) *Admin {
	return &Admin{baseURL: baseURL, client: &http.Client{Timeout: timeout}}
}

// Calls returns the API calls the simulator received since it started or
// since the last ClearCalls, in the order received.
func (a *Admin) Calls(ctx context.Context) ([]ecsmock.Call, error) {
	var calls []ecsmock.Call
	err := a.do(ctx, http.MethodGet, "/_mock/calls", nil, &calls)
	return calls, err
}

// ClearCalls forgets the calls recorded so far.
func (a *Admin) ClearCalls(ctx context.Context) error {
	return a.do(ctx, http.MethodDelete, "/_mock/calls", nil, nil)
}

// State returns the simulator's world as it is now.
func (a *Admin) State(ctx context.Context) (ecsmock.World, error) {
	var w ecsmock.World
	err := a.do(ctx, http.MethodGet, "/_mock/state", nil, &w)
	return w, err
}

// AddFault installs a fault rule, given in the admin API's JSON shape.
func (a *Admin) AddFault(ctx context.Context, rule any) error {
	return a.do(ctx, http.MethodPost, "/_mock/faults", rule, nil)
}

func (a *Admin) do(ctx context.Context, method, path string, body, into any) error {
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.baseURL+path, r)
	if err != nil {
		return err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, bytes.TrimSpace(msg))
	}
	if into == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return fmt.Errorf("%s %s: decode: %w", method, path, err)
	}
	return nil
}

// CountAction is how many of calls were made to action.
func CountAction(calls []ecsmock.Call, action string) int {
	n := 0
	for _, c := range calls {
		if c.Action == action {
			n++
		}
	}
	return n
}
