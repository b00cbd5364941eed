package ecs

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// The test hooks: environment variables through which the benchmark
// (internal/cmd/bench) measures its baselines with the same provider
// binary. The provider reads them once, at its configuration
// (ConfigureClient). ALIYUN_POLL_SCHEDULE=fixed:1s polls every second
// (fixedSchedule); unset or "adaptive" means settleSchedule.
// ALIYUN_READ_BATCHING=off sends each instance read on its own; unset or
// "on" means batching (instanceBatcher).
const (
	pollScheduleEnv = "ALIYUN_POLL_SCHEDULE"
	readBatchingEnv = "ALIYUN_READ_BATCHING"
)

// hooks are what the test hooks ask for.
type hooks struct {
	// schedule paces every wait instead of settleSchedule; nil: none.
	schedule    schedule
	batchingOff bool
}

// ConfigureClient sets up what the resources and data sources of the
// provider instance that client was configured for share (see shared),
// with the test hooks getenv finds. The provider's Configure calls it
// once; a hook's invalid value is an error naming it and its values.
func ConfigureClient(client *conns.Client, getenv func(string) string) diag.Diagnostics {
	h, diags := readHooks(getenv)
	if diags.HasError() {
		return diags
	}
	conns.Shared(client, sharedKey{}, func() *shared { return newShared(client, h) })
	return diags
}

func readHooks(getenv func(string) string) (hooks, diag.Diagnostics) {
	var (
		h     hooks
		err   error
		diags diag.Diagnostics
	)
	invalid := func(name string, err error) {
		diags.AddError("Invalid "+name,
			err.Error()+". "+name+" is a test hook of the provider's benchmark, not for production use: unset it.")
	}
	if h.schedule, err = parseScheduleHook(getenv(pollScheduleEnv)); err != nil {
		invalid(pollScheduleEnv, err)
	}
	if h.batchingOff, err = parseBatchingHook(getenv(readBatchingEnv)); err != nil {
		invalid(readBatchingEnv, err)
	}
	return h, diags
}

func parseScheduleHook(v string) (schedule, error) {
	if v == "" || v == "adaptive" {
		return nil, nil
	}
	if raw, ok := strings.CutPrefix(v, "fixed:"); ok {
		if d, err := time.ParseDuration(raw); err == nil && d > 0 {
			return fixedSchedule(d), nil
		}
	}
	return nil, fmt.Errorf(`%s=%q: want "adaptive" or "fixed:" and a positive duration such as "fixed:1s"`, pollScheduleEnv, v)
}

func parseBatchingHook(v string) (bool, error) {
	switch v {
	case "", "on":
		return false, nil
	case "off":
		return true, nil
	}
	return false, fmt.Errorf(`%s=%q: want "on" or "off"`, readBatchingEnv, v)
}
