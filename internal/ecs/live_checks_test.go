package ecs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// memPrivate is a resource's private state, in memory.
type memPrivate map[string][]byte

func (m memPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return m[key], nil
}

func (m memPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	m[key] = value
	return nil
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
		private memPrivate
		// pending, when set, is saved as the pending change of the change
		// the plan makes, with order 1001; otherFingerprint saves it for
		// another change.
		pending          bool
		otherFingerprint bool
		faults           []ecsmock.FaultRule
		// committedOut, when set, gives the instance an accepted change to
		// that outbound bandwidth, not yet in effect; limitMax gives it its
		// own outbound range for its charge type, from 3 (0 with no
		// committedOut) up to limitMax.
		committedOut, limitMax int
		// timeout bounds the check (the plan's own bound otherwise).
		timeout   time.Duration
		wantCalls []string
		// anyCalls: the calls are not counted (retries).
		anyCalls    bool
		wantErr     string // summary of the one error
		wantErrText string // part of its detail
		wantWarn    string // summary of a warning
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
			name: "throttled until the plan's deadline: skipped", instanceID: "i-prepaid-vpc", timeout: 1500 * time.Millisecond,
			edit:     func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(20) },
			faults:   []ecsmock.FaultRule{{Action: "DescribeInstances", Kind: ecsmock.FaultError, Code: "Throttling"}},
			anyCalls: true,
			wantWarn: "Plan-time checks skipped",
		},
		{
			name: "instance unreadable for a passing reason: the reference range", instanceID: "i-prepaid-vpc", timeout: 1500 * time.Millisecond,
			edit:     func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(101) },
			faults:   []ecsmock.FaultRule{{Action: "DescribeInstances", Kind: ecsmock.FaultError, Code: "ServiceUnavailable"}},
			anyCalls: true,
			wantErr:  "Outbound bandwidth not supported", wantErrText: "above 100 Mbit/s, the limit of the API reference",
			wantWarn: "Plan-time checks skipped",
		},
		{
			name: "permission refused on the instance: fails", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(0) },
			faults:    []ecsmock.FaultRule{{Action: "DescribeInstances", Kind: ecsmock.FaultError, Code: "Forbidden.RAM", HttpStatus: 403}},
			wantCalls: []string{"DescribeInstances"},
			wantErr:   "Permission denied: grant ecs:DescribeInstances",
		},
		{
			name: "permission refused on the range: fails", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(0) },
			faults:    []ecsmock.FaultRule{{Action: "DescribeBandwidthLimitation", Kind: ecsmock.FaultError, Code: "NoPermission", HttpStatus: 403}},
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantErr:   "Permission denied: grant ecs:DescribeBandwidthLimitation",
		},
		{
			name: "expired token on create: fails", instanceID: "i-prepaid-vpc", create: true,
			edit:      func(m *resourceModel) {},
			faults:    []ecsmock.FaultRule{{Action: "*", Kind: ecsmock.FaultError, Code: "InvalidSecurityToken.Expired", HttpStatus: 400}},
			wantCalls: []string{"DescribeInstances"},
			wantErr:   "Expired security_token",
		},
		{
			name: "range refused for another reason: the reference range", instanceID: "i-prepaid-vpc",
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(150) },
			faults:    []ecsmock.FaultRule{{Action: "DescribeBandwidthLimitation", Kind: ecsmock.FaultError, Code: "InvalidResourceType.NotSupported", HttpStatus: 400}},
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantErr:   "Outbound bandwidth not supported", wantErrText: "cannot be looked up: DescribeBandwidthLimitation failed",
			wantWarn: "Plan-time checks skipped",
		},
		{
			name: "the instance's own range above the reference's", instanceID: "i-prepaid-vpc", limitMax: 200,
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(150) },
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
		},
		{
			name: "the instance's own range: its limit named", instanceID: "i-prepaid-vpc", limitMax: 200,
			edit:      func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(201) },
			wantCalls: []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantErr:   "Outbound bandwidth not supported", wantErrText: "DescribeBandwidthLimitation allows raising it to 5-200 Mbit/s outbound; the plan asks 201",
		},
		{
			name: "committed spec differs from the shown one: judged by the committed", instanceID: "i-postpaid-vpc",
			committedOut: 24,
			edit:         func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(20) },
			wantCalls:    []string{"DescribeInstances", "DescribeBandwidthLimitation", "DescribeBandwidthLimitation"},
		},
		{
			name: "committed spec differs, outside: the committed range named", instanceID: "i-postpaid-vpc",
			committedOut: 24, limitMax: 30,
			edit:        func(m *resourceModel) { m.InternetMaxBandwidthOut = types.Int64Value(2) },
			wantCalls:   []string{"DescribeInstances", "DescribeBandwidthLimitation"},
			wantErr:     "Outbound bandwidth not supported",
			wantErrText: "allows lowering it to 3-24 Mbit/s outbound; the plan asks 2.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, srv := simClient(t)
			err := updateSimInstance(srv, tt.instanceID, func(in *ecsmock.Instance) {
				if tt.limitMax != 0 {
					lo := 0
					if tt.committedOut != 0 {
						lo = 3
					}
					in.BandwidthLimits = []ecsmock.BandwidthLimit{{InternetChargeType: in.InternetChargeType, Min: lo, Max: tt.limitMax}}
				}
				if tt.committedOut != 0 {
					later := time.Now().Add(time.Hour)
					in.PendingChanges = append(in.PendingChanges, ecsmock.PendingChange{
						InternetChargeType: in.InternetChargeType, InternetMaxBandwidthOut: tt.committedOut,
						InternetMaxBandwidthIn: in.InternetMaxBandwidthIn, EffectiveTime: &later,
					})
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.faults {
				if err := srv.AddFault(f); err != nil {
					t.Fatal(err)
				}
			}
			state := modelOf(simInstance(t, srv, tt.instanceID))
			plan := state
			tt.edit(&plan)
			private := memPrivate{}
			if tt.pending {
				cur := state.spec()
				c := planChange(plan, cur)
				fp := c.fingerprint(tt.instanceID, cur)
				if tt.otherFingerprint {
					fp = "another change"
				}
				raw, _ := json.Marshal(pendingChange{Fingerprint: fp, ClientToken: "t", OrderID: "1001", From: cur})
				private[privatePending] = raw
			}
			var prior *resourceModel
			if !tt.create {
				prior = &state
			}

			ctx := t.Context()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			diags := (&instanceNetworkSpecResource{client: client}).checkLive(ctx, private, plan, nil, nil, prior, srv.Now())

			var actions []string
			for _, c := range srv.Calls() {
				actions = append(actions, c.Action)
			}
			if !tt.anyCalls && strings.Join(actions, ",") != strings.Join(tt.wantCalls, ",") {
				t.Errorf("calls = %v, want %v", actions, tt.wantCalls)
			}
			errs := diags.Errors()
			switch {
			case tt.wantErr == "" && len(errs) > 0:
				t.Errorf("unexpected errors: %v", errs)
			case tt.wantErr != "" && (len(errs) != 1 || errs[0].Summary() != tt.wantErr):
				t.Errorf("errors = %v, want one %q", errs, tt.wantErr)
			case tt.wantErrText != "" && !strings.Contains(errs[0].Detail(), tt.wantErrText):
				t.Errorf("error detail %q lacks %q", errs[0].Detail(), tt.wantErrText)
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

// updateSimInstance changes one instance of the simulator's world.
func updateSimInstance(srv *ecsmock.Server, id string, update func(*ecsmock.Instance)) error {
	w := srv.State()
	for ai := range w.Accounts {
		for ii := range w.Accounts[ai].Instances {
			if w.Accounts[ai].Instances[ii].InstanceId == id {
				update(&w.Accounts[ai].Instances[ii])
				return srv.SetState(w)
			}
		}
	}
	return fmt.Errorf("no instance %s in the simulator", id)
}
