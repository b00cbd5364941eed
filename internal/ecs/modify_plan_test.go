package ecs

import (
	"strings"
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
		"internet_charge_type": "PayByBandwidth", "allocate_public_ip": false, "auto_pay": true,
		"restore_on_destroy": false, "public_ip_address": "47.0.0.2", "order_id": "1001",
		"instance_charge_type": "PrePaid", "instance_network_type": "vpc",
	}
}

// windowBlock is a temporary_upgrade block raising out to 10, with its
// computed parts as the state has them (or null, as in a configuration).
func windowBlock(start, end string, computed ...string) attrs {
	w := attrs{"internet_max_bandwidth_out": 10, "start_time": start, "end_time": end}
	if len(computed) == 2 {
		w["order_id"], w["status"] = computed[0], computed[1]
	}
	return w
}

const (
	aheadStart, aheadEnd = "2030-01-01T10:00Z", "2030-01-01T12Z"
	pastStart, pastEnd   = "2020-01-01T10:00Z", "2020-01-01T12Z"
)

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
		name         string
		state        attrs // nil: create
		plan         attrs // nil: destroy
		wantErrAt    path.Path
		wantWarning  string
		wantOrderID  string // "unknown", or the value expected
		wantPublicIP string
		// wantWindow is the planned order_id and status of the window.
		wantWindow    []string
		skipComputeds bool
	}{
		{
			name:          "create with allocate and out 0",
			plan:          attrs{"instance_id": "i-1", "internet_max_bandwidth_out": 0, "allocate_public_ip": true, "auto_pay": true, "restore_on_destroy": false, "order_id": unknownString(), "public_ip_address": unknownString()},
			wantErrAt:     path.Root("allocate_public_ip"),
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
			wantErrAt: path.Root("allocate_public_ip"),
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
			plan:         planned(attrs{"internet_charge_type": "PayByTraffic"}),
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
			name:         "new window ahead: its order and status after apply, no permanent order",
			state:        stateAttrs(),
			plan:         planned(attrs{"temporary_upgrade": windowBlock(aheadStart, aheadEnd)}),
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
			wantWindow:   []string{"unknown", "unknown"},
		},
		{
			name:         "same window kept",
			state:        planned(attrs{"temporary_upgrade": windowBlock(aheadStart, aheadEnd, "2002", "Booked")}),
			plan:         planned(attrs{"temporary_upgrade": windowBlock(aheadStart, aheadEnd)}),
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
			wantWindow:   []string{"2002", "Booked"},
		},
		{
			name:      "booked window removed",
			state:     planned(attrs{"temporary_upgrade": windowBlock(aheadStart, aheadEnd, "2002", "Booked")}),
			plan:      stateAttrs(),
			wantErrAt: path.Root("temporary_upgrade"),
		},
		{
			name:      "booked window moved",
			state:     planned(attrs{"temporary_upgrade": windowBlock(aheadStart, aheadEnd, "2002", "Booked")}),
			plan:      planned(attrs{"temporary_upgrade": windowBlock("2030-01-02T10:00Z", "2030-01-02T12Z")}),
			wantErrAt: path.Root("temporary_upgrade"),
		},
		{
			name:      "permanent change while a window is booked",
			state:     planned(attrs{"temporary_upgrade": windowBlock(aheadStart, aheadEnd, "2002", "Booked")}),
			plan:      planned(attrs{"internet_max_bandwidth_out": 8, "temporary_upgrade": windowBlock(aheadStart, aheadEnd)}),
			wantErrAt: path.Root("internet_max_bandwidth_out"),
		},
		{
			name:      "permanent change and a new window together",
			state:     stateAttrs(),
			plan:      planned(attrs{"internet_max_bandwidth_out": 8, "temporary_upgrade": windowBlock(aheadStart, aheadEnd)}),
			wantErrAt: path.Root("temporary_upgrade"),
		},
		{
			name:      "new window already started",
			state:     stateAttrs(),
			plan:      planned(attrs{"temporary_upgrade": windowBlock(pastStart, "2099-01-01T12Z")}),
			wantErrAt: path.Root("temporary_upgrade").AtListIndex(0).AtName("start_time"),
		},
		{
			name:         "ended window kept: no change, a warning",
			state:        planned(attrs{"temporary_upgrade": windowBlock(pastStart, pastEnd, "2002", "Ended")}),
			plan:         planned(attrs{"temporary_upgrade": windowBlock(pastStart, pastEnd)}),
			wantWarning:  "Temporary upgrade has ended",
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
			wantWindow:   []string{"2002", "Ended"},
		},
		{
			name:         "ended window removed: nothing to send",
			state:        planned(attrs{"temporary_upgrade": windowBlock(pastStart, pastEnd, "2002", "Ended")}),
			plan:         stateAttrs(),
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
		},
		{
			name:         "ended window edited into another ended one: no order",
			state:        planned(attrs{"temporary_upgrade": windowBlock(pastStart, pastEnd, "2002", "Ended")}),
			plan:         planned(attrs{"temporary_upgrade": windowBlock(pastStart, "2020-01-01T13Z")}),
			wantWarning:  "Temporary upgrade has ended",
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
			wantWindow:   []string{"", "Ended"},
		},
		{
			name:         "ended window edited into one ahead: a new order",
			state:        planned(attrs{"temporary_upgrade": windowBlock(pastStart, pastEnd, "2002", "Ended")}),
			plan:         planned(attrs{"temporary_upgrade": windowBlock(aheadStart, aheadEnd)}),
			wantOrderID:  "1001",
			wantPublicIP: "47.0.0.2",
			wantWindow:   []string{"unknown", "unknown"},
		},
		{
			name:      "out above the reference range, instance unknown",
			plan:      attrs{"instance_id": unknownString(), "internet_max_bandwidth_out": 101, "allocate_public_ip": false, "auto_pay": true, "restore_on_destroy": false},
			wantErrAt: path.Root("internet_max_bandwidth_out"),
		},
		{
			name:          "out above the reference range, instance known: its own range decides",
			plan:          attrs{"instance_id": "i-1", "internet_max_bandwidth_out": 150, "allocate_public_ip": false, "auto_pay": true, "restore_on_destroy": false},
			skipComputeds: true,
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

			if len(tt.wantErrAt.Steps()) > 0 {
				errs := resp.Diagnostics.Errors()
				if len(errs) != 1 {
					t.Fatalf("errors = %v, want one on %s", errs, tt.wantErrAt)
				}
				d, ok := errs[0].(interface{ Path() path.Path })
				if !ok || !d.Path().Equal(tt.wantErrAt) {
					t.Fatalf("error %q is not on %s", errs[0].Summary(), tt.wantErrAt)
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("unexpected errors: %v", resp.Diagnostics)
			}
			var warnings []string
			for _, w := range resp.Diagnostics.Warnings() {
				warnings = append(warnings, w.Summary())
			}
			if got := strings.Join(warnings, "; "); got != tt.wantWarning {
				t.Errorf("warnings = %q, want %q", got, tt.wantWarning)
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
			if tt.wantWindow != nil {
				var windowOrder, status types.String
				resp.Plan.GetAttribute(ctx, windowPath("order_id"), &windowOrder)
				resp.Plan.GetAttribute(ctx, windowPath("status"), &status)
				check("temporary_upgrade.0.order_id", windowOrder, tt.wantWindow[0])
				check("temporary_upgrade.0.status", status, tt.wantWindow[1])
			}
		})
	}
}
