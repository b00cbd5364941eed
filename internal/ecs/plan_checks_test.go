package ecs

import (
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

var checkNow = time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)

// prepaidFacts is a running subscription VPC instance with out 5, in 10
// and a public IP.
func prepaidFacts() instanceFacts {
	return instanceFacts{
		InstanceID: "i-1", Status: "Running", InstanceChargeType: instancePrePaid, NetworkType: networkVPC,
		networkSpec: networkSpec{Out: 5, In: 10, ChargeType: chargePayByBandwidth}, PublicAddress: "47.0.0.2", ExpiredTime: "2099-01-01T00:00Z",
	}
}

func withFacts(f func(*instanceFacts)) instanceFacts {
	facts := prepaidFacts()
	f(&facts)
	return facts
}

func window(out int64, start, end string) change {
	return change{Out: &out, StartTime: start, EndTime: end, AutoPay: true}
}

// diagAt finds the diagnostic of the severity on the attribute ("" for
// none), and says what it found otherwise.
func diagAt(diags diag.Diagnostics, severity diag.Severity, attr string) (diag.Diagnostic, string) {
	var seen []string
	for _, d := range diags {
		at := ""
		if p, ok := d.(interface{ Path() path.Path }); ok {
			at = p.Path().String()
		}
		if d.Severity() == severity && at == attr {
			return d, ""
		}
		seen = append(seen, d.Severity().String()+" on "+at+": "+d.Summary())
	}
	return nil, strings.Join(seen, "; ")
}

func TestPlanCheckFacts(t *testing.T) {
	tests := []struct {
		name   string
		facts  instanceFacts
		change change
		// wantErrAt and wantCode: the one error, its attribute and the API
		// code its detail names; empty: no error.
		wantErrAt string
		wantCode  string
		wantWarn  string // attribute of a warning expected
	}{
		{name: "upgrade of a running subscription", facts: prepaidFacts(), change: change{Out: i64(20)}},
		{
			name: "expired subscription", facts: withFacts(func(f *instanceFacts) { f.FinancialLock = true }),
			change: change{Out: i64(20)}, wantErrAt: "instance_id", wantCode: "InstanceExpiredOrInArrears",
		},
		{
			name: "pay-as-you-go in arrears",
			facts: withFacts(func(f *instanceFacts) {
				f.FinancialLock, f.InstanceChargeType, f.ChargeType = true, instancePostPaid, chargePayByTraffic
			}),
			change: change{Out: i64(20)}, wantErrAt: "instance_id", wantCode: "InstanceExpiredOrInArrears",
		},
		{
			name: "classic from 0 while running",
			facts: withFacts(func(f *instanceFacts) {
				f.NetworkType, f.Out, f.PublicAddress = networkClassic, 0, ""
			}),
			change: change{Out: i64(5)}, wantErrAt: "internet_max_bandwidth_out", wantCode: "InvalidInstanceStatus",
		},
		{
			name: "classic from 0 while stopped",
			facts: withFacts(func(f *instanceFacts) {
				f.NetworkType, f.Out, f.PublicAddress, f.Status = networkClassic, 0, "", statusStopped
			}),
			change: change{Out: i64(5)},
		},
		{
			name:   "classic with bandwidth raised while running",
			facts:  withFacts(func(f *instanceFacts) { f.NetworkType = networkClassic }),
			change: change{Out: i64(10)},
		},
		{
			name:   "VPC with an EIP: outbound",
			facts:  withFacts(func(f *instanceFacts) { f.EIP, f.PublicAddress = "47.0.1.1", "47.0.1.1" }),
			change: change{Out: i64(10)}, wantErrAt: "internet_max_bandwidth_out", wantCode: "InvalidInstance.InstanceNotSupported",
		},
		{
			name:   "VPC with an EIP: inbound only",
			facts:  withFacts(func(f *instanceFacts) { f.EIP, f.PublicAddress = "47.0.1.1", "47.0.1.1" }),
			change: change{In: i64(20)}, wantErrAt: "internet_max_bandwidth_in", wantCode: "InvalidInstance.InstanceNotSupported",
		},
		{
			name:   "VPC with an EIP: window",
			facts:  withFacts(func(f *instanceFacts) { f.EIP, f.PublicAddress = "47.0.1.1", "47.0.1.1" }),
			change: window(10, "2030-02-01T10:00Z", "2030-02-01T12Z"), wantErrAt: "temporary_upgrade", wantCode: "BandwidthUpgradeDenied.EipBoundInstance",
		},
		{
			name: "VPC with an EIP: charge type alone is allowed",
			facts: withFacts(func(f *instanceFacts) {
				f.EIP, f.PublicAddress, f.ChargeType = "47.0.1.1", "47.0.1.1", chargePayByTraffic
			}),
			change: change{ChargeType: str(chargePayByBandwidth)},
		},
		{
			name:   "VPC without address keeping out 0: inbound",
			facts:  withFacts(func(f *instanceFacts) { f.Out, f.PublicAddress = 0, "" }),
			change: change{In: i64(20)}, wantErrAt: "internet_max_bandwidth_in", wantCode: "OperationDenied",
		},
		{
			name:   "allocate with an address already",
			facts:  withFacts(func(f *instanceFacts) { f.Out = 0 }),
			change: change{Out: i64(5), AllocatePublicIP: true}, wantErrAt: "allocate_public_ip", wantCode: "InvalidParam.AllocatePublicIp",
		},
		{
			name:   "pay-as-you-go PayByTraffic to PayByBandwidth",
			facts:  withFacts(func(f *instanceFacts) { f.InstanceChargeType, f.ChargeType = instancePostPaid, chargePayByTraffic }),
			change: change{ChargeType: str(chargePayByBandwidth)},
		},
		{
			name:   "pay-as-you-go PayByBandwidth to PayByTraffic",
			facts:  withFacts(func(f *instanceFacts) { f.InstanceChargeType = instancePostPaid }),
			change: change{ChargeType: str(chargePayByTraffic)},
		},
		{
			name:   "pay-as-you-go window",
			facts:  withFacts(func(f *instanceFacts) { f.InstanceChargeType, f.ChargeType = instancePostPaid, chargePayByTraffic }),
			change: window(10, "2030-02-01T10:00Z", "2030-02-01T12Z"), wantErrAt: "temporary_upgrade", wantCode: "ChargeTypeViolation",
		},
		{
			name:   "pay-as-you-go downgrade: no warning",
			facts:  withFacts(func(f *instanceFacts) { f.InstanceChargeType, f.ChargeType = instancePostPaid, chargePayByTraffic }),
			change: change{Out: i64(1)},
		},
		{
			name: "subscription PayByBandwidth to PayByTraffic: not through this API", facts: prepaidFacts(),
			change: change{ChargeType: str(chargePayByTraffic)}, wantErrAt: "internet_charge_type", wantCode: "ChargeTypeViolation",
		},
		{
			name:   "subscription PayByTraffic to PayByBandwidth",
			facts:  withFacts(func(f *instanceFacts) { f.ChargeType = chargePayByTraffic }),
			change: change{ChargeType: str(chargePayByBandwidth)},
		},
		{
			name: "window below the current outbound", facts: prepaidFacts(), change: window(3, "2030-02-01T10:00Z", "2030-02-01T12Z"),
			wantErrAt: "temporary_upgrade[0].internet_max_bandwidth_out", wantCode: "InvalidBandwidth.ValueNotSupported",
		},
		{
			name: "window below the current inbound", facts: prepaidFacts(),
			change:    change{In: i64(5), StartTime: "2030-02-01T10:00Z", EndTime: "2030-02-01T12Z"},
			wantErrAt: "temporary_upgrade[0].internet_max_bandwidth_in", wantCode: "InvalidBandwidth.ValueNotSupported",
		},
		{
			name: "window raising nothing", facts: prepaidFacts(), change: window(5, "2030-02-01T10:00Z", "2030-02-01T12Z"),
			wantErrAt: "temporary_upgrade", wantCode: "InvalidParameter.Bandwidth",
		},
		{
			name: "window on no outbound bandwidth", facts: withFacts(func(f *instanceFacts) { f.Out, f.PublicAddress = 0, "" }),
			change:    window(5, "2030-02-01T10:00Z", "2030-02-01T12Z"),
			wantErrAt: "temporary_upgrade", wantCode: "InvalidParameter.Bandwidth",
		},
		{name: "window later", facts: prepaidFacts(), change: window(20, "2030-02-01T10:00Z", "2030-02-01T12Z")},
		{
			name: "subscription outbound downgrade: warned", facts: prepaidFacts(), change: change{Out: i64(2)},
			wantWarn: "internet_max_bandwidth_out",
		},
		{
			name: "subscription inbound downgrade: warned", facts: prepaidFacts(), change: change{In: i64(2)},
			wantWarn: "internet_max_bandwidth_in",
		},
		{
			// The API checks billing first: that is the refusal the apply meets.
			name: "first refusal wins",
			facts: withFacts(func(f *instanceFacts) {
				f.FinancialLock, f.EIP = true, "47.0.1.1"
			}),
			change: change{Out: i64(20)}, wantErrAt: "instance_id", wantCode: "InstanceExpiredOrInArrears",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := planCheck{facts: tt.facts, change: tt.change, now: checkNow}.checkFacts()
			errs := diags.Errors()
			if tt.wantErrAt == "" && len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs)
			}
			if tt.wantErrAt != "" {
				if len(errs) != 1 {
					t.Fatalf("errors = %v, want one on %s", errs, tt.wantErrAt)
				}
				d, seen := diagAt(diags, diag.SeverityError, tt.wantErrAt)
				if d == nil {
					t.Fatalf("no error on %s; got %s", tt.wantErrAt, seen)
				}
				if tt.wantCode != "" {
					if d.Summary() != codeGuidance[tt.wantCode].Summary || !strings.Contains(d.Detail(), tt.wantCode) {
						t.Errorf("error %q / %q does not speak of %s", d.Summary(), d.Detail(), tt.wantCode)
					}
				}
			}
			warns := diags.Warnings()
			if tt.wantWarn == "" && len(warns) > 0 {
				t.Errorf("unexpected warnings: %v", warns)
			}
			if tt.wantWarn != "" {
				if d, seen := diagAt(diags, diag.SeverityWarning, tt.wantWarn); d == nil {
					t.Errorf("no warning on %s; got %s", tt.wantWarn, seen)
				}
			}
		})
	}
}

func TestPlanCheckRange(t *testing.T) {
	both := func(lo, hi int) []ecs.Bandwidth {
		return []ecs.Bandwidth{
			{InternetChargeType: chargePayByTraffic, Min: lo, Max: hi, Unit: "Mbps"},
			{InternetChargeType: chargePayByBandwidth, Min: lo, Max: hi, Unit: "Mbps"},
		}
	}
	tests := []struct {
		name   string
		change change
		limits []ecs.Bandwidth
		// judgedAs, when set, is the operation the API judged the change
		// as, against a committed spec other than the shown one.
		judgedAs  string
		wantErrAt string
		wantText  string
	}{
		{name: "inside", change: change{Out: i64(20)}, limits: both(5, 100)},
		{
			name: "judged against the committed spec", change: change{Out: i64(60)}, limits: both(1, 40), judgedAs: bandwidthDowngrade,
			wantErrAt: "internet_max_bandwidth_out",
			wantText:  "allows lowering it to 1-40 Mbit/s outbound; the plan asks 60. The API judges the change against the bandwidth the instance is committed to, not the 5 Mbit/s it shows",
		},
		{name: "at the bounds", change: change{Out: i64(1)}, limits: both(1, 5)},
		{
			name: "above the instance's maximum", change: change{Out: i64(60)}, limits: both(5, 50),
			wantErrAt: "internet_max_bandwidth_out", wantText: "allows raising it to 5-50 Mbit/s outbound; the plan asks 60",
		},
		{
			name: "below the instance's minimum", change: change{Out: i64(2)}, limits: both(3, 5),
			wantErrAt: "internet_max_bandwidth_out", wantText: "allows lowering it to 3-5 Mbit/s",
		},
		{
			name: "subscription to 0", change: change{Out: i64(0)}, limits: both(1, 5),
			wantErrAt: "internet_max_bandwidth_out", wantText: "DecreasedBandwidthNotAllowed",
		},
		{
			name: "judged for the charge type it will have", change: change{Out: i64(60), ChargeType: str(chargePayByTraffic)},
			limits: []ecs.Bandwidth{
				{InternetChargeType: chargePayByTraffic, Min: 0, Max: 50},
				{InternetChargeType: chargePayByBandwidth, Min: 0, Max: 100},
			},
			wantErrAt: "internet_max_bandwidth_out", wantText: "PayByTraffic",
		},
		{
			name: "charge type not listed", change: change{Out: i64(10), ChargeType: str(chargePayByTraffic)},
			limits:    []ecs.Bandwidth{{InternetChargeType: chargePayByBandwidth, Min: 0, Max: 100}},
			wantErrAt: "internet_charge_type", wantText: "lists no outbound bandwidth for PayByTraffic",
		},
		{name: "outbound not changed", change: change{In: i64(20)}, limits: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := planCheck{facts: prepaidFacts(), change: tt.change, now: checkNow}
			l := newOutLimit(tt.limits, check.bandwidthOperation(), check.chargeType())
			if tt.judgedAs != "" {
				l = newOutLimit(tt.limits, tt.judgedAs, check.chargeType())
				l.committedDiffers = true
			}
			diags := check.checkRange(l)
			if tt.wantErrAt == "" {
				if diags.HasError() {
					t.Fatalf("unexpected errors: %v", diags)
				}
				return
			}
			d, seen := diagAt(diags, diag.SeverityError, tt.wantErrAt)
			if d == nil {
				t.Fatalf("no error on %s; got %s", tt.wantErrAt, seen)
			}
			if !strings.Contains(d.Detail(), tt.wantText) {
				t.Errorf("detail %q does not contain %q", d.Detail(), tt.wantText)
			}
		})
	}
}

func TestCheckPending(t *testing.T) {
	tests := []struct {
		name        string
		pending     *pendingChange
		wantSummary string
	}{
		{name: "nothing pending"},
		{name: "pending without order", pending: &pendingChange{Fingerprint: "f", ClientToken: "t"}},
		{
			name: "same change", pending: &pendingChange{Fingerprint: "f", ClientToken: "t", OrderID: "1001"},
			wantSummary: "Resuming an earlier change",
		},
		{
			name: "another change", pending: &pendingChange{Fingerprint: "other", ClientToken: "t", OrderID: "1001"},
			wantSummary: "Earlier order may still be unpaid",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := checkPending(tt.pending, "f")
			if diags.HasError() {
				t.Fatalf("pending orders never refuse a plan: %v", diags)
			}
			if tt.wantSummary == "" {
				if len(diags) != 0 {
					t.Fatalf("diagnostics = %v, want none", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Summary() != tt.wantSummary || !strings.Contains(diags[0].Detail(), "1001") {
				t.Fatalf("diagnostics = %v, want one %q naming order 1001", diags, tt.wantSummary)
			}
		})
	}
}

func TestFactsOf(t *testing.T) {
	inst := &ecs.Instance{
		InstanceId: "i-1", Status: "Running", InstanceChargeType: instancePrePaid, InstanceNetworkType: networkVPC,
		InternetMaxBandwidthOut: 5, InternetMaxBandwidthIn: 10, InternetChargeType: chargePayByBandwidth,
		ExpiredTime: "2020-01-01T00:00Z",
	}
	inst.PublicIpAddress.IpAddress = []string{"", "47.0.0.2"}
	inst.EipAddress.IpAddress = "47.0.1.1"
	inst.OperationLocks.LockReason = []ecs.LockReason{{LockReason: "security"}, {LockReason: lockFinancial}}
	got := factsOf(inst)
	want := instanceFacts{
		InstanceID: "i-1", Status: "Running", InstanceChargeType: instancePrePaid, NetworkType: networkVPC,
		networkSpec: networkSpec{Out: 5, In: 10, ChargeType: chargePayByBandwidth}, PublicAddress: "47.0.0.2", EIP: "47.0.1.1",
		ExpiredTime: "2020-01-01T00:00Z", FinancialLock: true,
	}
	if got != want {
		t.Errorf("factsOf = %+v, want %+v", got, want)
	}
	inst.OperationLocks.LockReason = nil
	if factsOf(inst).FinancialLock {
		t.Error("an instance without locks has a financial lock")
	}
}
