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
// since the last ClearCalls, in the order received. It fails when the
// simulator's bounded log dropped some, as counts would be wrong.
func (a *Admin) Calls(ctx context.Context) ([]ecsmock.Call, error) {
	var calls []ecsmock.Call
	header, err := a.do(ctx, http.MethodGet, "/_mock/calls", nil, &calls)
	if err != nil {
		return nil, err
	}
	if n := header.Get("Ecsmock-Dropped-Calls"); n != "" && n != "0" {
		return nil, fmt.Errorf("GET /_mock/calls: the simulator dropped the %s oldest calls; start it with a larger -max-calls", n)
	}
	return calls, nil
}

// ClearCalls forgets the calls recorded so far.
func (a *Admin) ClearCalls(ctx context.Context) error {
	_, err := a.do(ctx, http.MethodDelete, "/_mock/calls", nil, nil)
	return err
}

// State returns the simulator's world as it is now.
func (a *Admin) State(ctx context.Context) (ecsmock.World, error) {
	var w ecsmock.World
	_, err := a.do(ctx, http.MethodGet, "/_mock/state", nil, &w)
	return w, err
}

// AddFault installs a fault rule, given in the admin API's JSON shape.
func (a *Admin) AddFault(ctx context.Context, rule any) error {
	_, err := a.do(ctx, http.MethodPost, "/_mock/faults", rule, nil)
	return err
}

// do sends one request and decodes its JSON answer into into; it returns
// the answer's header.
func (a *Admin) do(ctx context.Context, method, path string, body, into any) (http.Header, error) {
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.baseURL+path, r)
	if err != nil {
		return nil, err
	}
	// The simulator takes state-changing admin calls as JSON only, body or not.
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return nil, fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, bytes.TrimSpace(msg))
	}
	if into == nil {
		return resp.Header, nil
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return nil, fmt.Errorf("%s %s: decode: %w", method, path, err)
	}
	return resp.Header, nil
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
