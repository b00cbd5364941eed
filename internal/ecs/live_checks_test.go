package ecs

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// fakePrivate is a resource's private state.
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

// modelOf is a refreshed state of the resource for a simulator instance.
func modelOf(inst ecsmock.Instance) resourceModel {
	ip := ""
	if len(inst.PublicIpAddress.IpAddress) > 0 {
		ip = inst.PublicIpAddress.IpAddress[0]
	}
	return resourceModel{
		ID:                      types.StringValue(inst.InstanceId),
		InstanceID:              types.StringValue(inst.InstanceId),
		InternetMaxBandwidthOut: types.Int64Value(int64(inst.InternetMaxBandwidthOut)),
		InternetMaxBandwidthIn:  types.Int64Value(int64(inst.InternetMaxBandwidthIn)),
		InternetChargeType:      types.StringValue(inst.InternetChargeType),
		AllocatePublicIP:        types.BoolValue(false),
		AutoPay:                 types.BoolValue(true),
		TemporaryUpgrade:        types.ListNull(windowObjectType),
		RestoreOnDestroy:        types.BoolValue(false),
		PublicIPAddress:         stringOrNull(ip),
		OrderID:                 types.StringNull(),
		InstanceChargeType:      types.StringValue(inst.InstanceChargeType),
		InstanceNetworkType:     types.StringValue(inst.InstanceNetworkType),
	}
}

func TestCheckLive(t *testing.T) {
	tests := []struct {
		name       string
		instanceID string
		// edit turns the refreshed state into the plan; create: no state.
		edit    func(*resourceModel)
		create  bool
		private fakePrivate
		// pending, when set, is saved as the pending change of the change
		// the plan makes, with order 1001; otherFingerprint saves it for
		// another change.
		pending          bool
		otherFingerprint bool
		faults           []ecsmock.FaultRule
		wantCalls        []string
		wantErr          string // summary of the one error
		wantWarn         string // summary of a warning
	}{
		{
			name: "no change: no call", instanceID: "i-prepaid-vpc",
			edit: func(m *resourceModel) { m.AutoPay = types.BoolValue(false) },
		},
		{
			name: "unknown instance: no call", instanceID: "i-prepaid-vpc", create: true,
			edit: func(m *resourceModel) {
				m.InstanceID = types.StringUnknown()
				m.InternetMaxBandwidthOut = types.Int64Value(0)
			},
		},
		{
			name: "inbound only: the instance alone", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthIn = types.Int64Value(20) },
			wantCalls: []string{"DescribeInstances"},
		},
		{
			name: "outbound: the instance and its range", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(20) },
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
		},
		{
			name: "subscription to 0: refused by the range", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(0) },
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantErr:   "Bandwidth cannot be lowered",
		},
		{
			name: "refused by the facts: no range read", instanceID: "i-vpc-eip",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(5) },
			wantCalls: []string{"DescribeInstances"},
			wantErr:   "The bandwidth belongs to the bound EIP",
		},
		{
			name: "create matching the instance: the instance alone", instanceID: "i-prepaid-vpc", create: true,
			edit:      func(m *resourceModel) {},
			wantCalls: []string{"DescribeInstances"},
		},
		{
			name: "create on a missing instance", instanceID: "i-prepaid-vpc", create: true,
			edit:      func(m *resourceModel) { m.InstanceID = types.StringValue("i-missing") },
			wantCalls: []string{"DescribeInstances"},
			wantErr:   "Instance not found",
		},
		{
			name: "subscription downgrade: warned", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(2) },
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantWarn:  "Subscription downgrade",
		},
		{
			name: "same change pending: resumes", instanceID: "i-prepaid-vpc", pending: true,
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(20) },
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantWarn:  "Resuming an earlier change",
		},
		{
			name: "other change pending: warned", instanceID: "i-prepaid-vpc", pending: true, otherFingerprint: true,
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(20) },
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantWarn:  "Earlier order may still be unpaid",
		},
		{
			name: "instance unreadable: skipped", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(0) },
			faults:    []ecsmock.FaultRule{{Action: "DescribeInstances", Kind: ecsmock.FaultError, Code: "Forbidden.RAM", HttpStatus: 403}},
			wantCalls: []string{"DescribeInstances"},
			wantWarn:  "Plan-time checks skipped",
		},
		{
			name: "range unreadable: skipped", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(0) },
			faults:    []ecsmock.FaultRule{{Action: "DescribeBandwidthLimitation", Kind: ecsmock.FaultError, Code: "Forbidden.RAM", HttpStatus: 403}},
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantWarn:  "Plan-time checks skipped",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, srv := simClient(t)
			for _, f := range tt.faults {
				if err := srv.AddFault(f); err != nil {
					t.Fatal(err)
				}
			}
			state := modelOf(simInstance(t, srv, tt.instanceID))
			plan := state
			tt.edit(&plan)
			private := fakePrivate{}
			if tt.pending {
				cur := currentOfState(state)
				c := planChange(plan, cur)
				fp := c.fingerprint(tt.instanceID, cur.networkSpec)
				if tt.otherFingerprint {
					fp = "another change"
				}
				raw, _ := json.Marshal(pendingChange{Fingerprint: fp, ClientToken: "t", OrderID: "1001", From: cur.networkSpec})
				private[privatePending] = raw
			}
			var prior *resourceModel
			if !tt.create {
				prior = &state
			}

			diags := (&instanceNetworkSpecResource{client: client}).checkLive(t.Context(), private, plan, nil, nil, prior, srv.Now())

			var actions []string
			for _, c := range srv.Calls() {
				actions = append(actions, c.Action)
			}
			if strings.Join(actions, ",") != strings.Join(tt.wantCalls, ",") {
				t.Errorf("calls = %v, want %v", actions, tt.wantCalls)
			}
			errs := diags.Errors()
			switch {
			case tt.wantErr == "" && len(errs) > 0:
				t.Errorf("unexpected errors: %v", errs)
			case tt.wantErr != "" && (len(errs) != 1 || errs[0].Summary() != tt.wantErr):
				t.Errorf("errors = %v, want one %q", errs, tt.wantErr)
			}
			found := tt.wantWarn == ""
			for _, w := range diags.Warnings() {
				found = found || w.Summary() == tt.wantWarn
			}
			if !found {
				t.Errorf("warnings = %v, want %q", diags.Warnings(), tt.wantWarn)
			}
		})
	}
}
