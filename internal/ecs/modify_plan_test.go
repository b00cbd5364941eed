package ecs

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// stateAttrs is a refreshed state of a prepaid instance with out 5, in 10.
func stateAttrs() attrs {
	return attrs{
		"id": "i-1", "instance_id": "i-1",
		"internet_max_bandwidth_out": 5, "internet_max_bandwidth_in": 10,
		"network_charge_type": "PayByBandwidth", "allocate_public_ip": false, "auto_pay": true,
		"restore_on_destroy": false, "public_ip_address": "47.0.0.2", "order_id": "1001",
		"instance_charge_type": "PrePaid", "instance_network_type": "vpc",
	}
}

// planned is the state with overrides, as the attribute plan modifiers
// leave it before the resource's ModifyPlan.
func planned(over attrs) attrs {
	a := stateAttrs()
	for k, v := range over {
		a[k] = v
	}
	return a
}

func TestModifyPlan(t *testing.T) {
	s := testSchema(t)
	tests := []struct {
		name          string
		state         attrs // nil: create
		plan          attrs // nil: destroy
		wantErrAt     string
		wantOrderID   string // "unknown", or the value expected
		wantPublicIP  string
		skipComputeds bool
	}{
		{
			name:          "create with allocate and out 0",
			plan:          attrs{"instance_id": "i-1", "internet_max_bandwidth_out": 0, "allocate_public_ip": true, "auto_pay": true, "restore_on_destroy": false, "order_id": unknownString(), "public_ip_address": unknownString()},
			wantErrAt:     "allocate_public_ip",
			skipComputeds: true,
		},
		{
			name:          "create with allocate and out unknown",
			plan:          attrs{"instance_id": "i-1", "internet_max_bandwidth_out": unknownNumber(), "allocate_public_ip": true, "auto_pay": true, "restore_on_destroy": false, "order_id": unknownString(), "public_ip_address": unknownString()},
			skipComputeds: true,
		},
		{
			name:      "update keeping out 0 from state with allocate",
			state:     planned(attrs{"internet_max_bandwidth_out": 0, "public_ip_address": nil}),
			plan:      planned(attrs{"internet_max_bandwidth_out": 0, "public_ip_address": nil, "allocate_public_ip": true}),
			wantErrAt: "allocate_public_ip",
		},
		{
			name:         "nothing changes",
			state:        stateAttrs(),
			plan:         stateAttrs(),
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
		},
		{
			name:         "only auto_pay changes",
			state:        stateAttrs(),
			plan:         planned(attrs{"auto_pay": false}),
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
		},
		{
			name:         "out goes up",
			state:        stateAttrs(),
			plan:         planned(attrs{"internet_max_bandwidth_out": 10}),
			wantOrderID:  "unknown",
			wantPublicIP: "47.0.0.2",
		},
		{
			name:         "charge type changes",
			state:        stateAttrs(),
			plan:         planned(attrs{"network_charge_type": "PayByTraffic"}),
			wantOrderID:  "unknown",
			wantPublicIP: "47.0.0.2",
		},
		{
			name:         "out unknown",
			state:        stateAttrs(),
			plan:         planned(attrs{"internet_max_bandwidth_out": unknownNumber()}),
			wantOrderID:  "unknown",
			wantPublicIP: "unknown",
		},
		{
			name:         "out leaves 0",
			state:        planned(attrs{"internet_max_bandwidth_out": 0, "public_ip_address": nil}),
			plan:         planned(attrs{"internet_max_bandwidth_out": 3, "public_ip_address": nil}),
			wantOrderID:  "unknown",
			wantPublicIP: "unknown",
		},
		{
			name:         "out goes to 0",
			state:        stateAttrs(),
			plan:         planned(attrs{"internet_max_bandwidth_out": 0}),
			wantOrderID:  "unknown",
			wantPublicIP: "unknown",
		},
		{
			name:         "new window on the same bandwidth",
			state:        stateAttrs(),
			plan:         planned(attrs{"start_time": "2030-01-01T10:00Z", "end_time": "2030-01-01T12Z"}),
			wantOrderID:  "unknown",
			wantPublicIP: "47.0.0.2",
		},
		{
			name:         "same window kept",
			state:        planned(attrs{"start_time": "2030-01-01T10:00Z", "end_time": "2030-01-01T12Z"}),
			plan:         planned(attrs{"start_time": "2030-01-01T10:00Z", "end_time": "2030-01-01T12Z"}),
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
		},
		{
			name:         "window dropped: only the instance tells what is left to send",
			state:        planned(attrs{"start_time": "2030-01-01T10:00Z", "end_time": "2030-01-01T12Z"}),
			plan:         stateAttrs(),
			wantOrderID:  "unknown",
			wantPublicIP: "unknown",
		},
		{
			name:          "destroy",
			state:         stateAttrs(),
			skipComputeds: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			req := resource.ModifyPlanRequest{
				State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)},
				Plan:  tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)},
			}
			if tt.state != nil {
				req.State.Raw = objectValue(t, s, tt.state)
			}
			if tt.plan != nil {
				req.Plan.Raw = objectValue(t, s, tt.plan)
				req.Config = tfsdk.Config{Schema: s, Raw: req.Plan.Raw}
			}
			resp := resource.ModifyPlanResponse{Plan: req.Plan}
			(&instanceNetworkSpecResource{}).ModifyPlan(ctx, req, &resp)

			if tt.wantErrAt != "" {
				errs := resp.Diagnostics.Errors()
				if len(errs) != 1 {
					t.Fatalf("errors = %v, want one on %s", errs, tt.wantErrAt)
				}
				d, ok := errs[0].(interface{ Path() path.Path })
				if !ok || !d.Path().Equal(path.Root(tt.wantErrAt)) {
					t.Fatalf("error %q is not on %s", errs[0].Summary(), tt.wantErrAt)
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("unexpected errors: %v", resp.Diagnostics)
			}
			if tt.skipComputeds {
				return
			}
			var orderID, ip types.String
			resp.Plan.GetAttribute(ctx, path.Root("order_id"), &orderID)
			resp.Plan.GetAttribute(ctx, path.Root("public_ip_address"), &ip)
			check := func(attr string, got types.String, want string) {
				t.Helper()
				switch {
				case want == "unknown" && !got.IsUnknown():
					t.Errorf("%s = %s, want unknown", attr, got)
				case want != "unknown" && got.ValueString() != want:
					t.Errorf("%s = %s, want %q", attr, got, want)
				}
			}
			check("order_id", orderID, tt.wantOrderID)
			check("public_ip_address", ip, tt.wantPublicIP)
		})
	}
}
