package ecs

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func i64(v int64) *int64   { return &v }
func str(v string) *string { return &v }

func TestPlanChange(t *testing.T) {
	prepaid := instanceFacts{networkSpec: networkSpec{Out: 5, In: 10, ChargeType: "PayByBandwidth"}, InstanceChargeType: "PrePaid", PublicAddress: "203.0.113.5"}
	postpaidNoIP := instanceFacts{networkSpec: networkSpec{Out: 0, In: 10, ChargeType: "PayByTraffic"}, InstanceChargeType: "PostPaid"}
	prepaidNoIP := instanceFacts{networkSpec: networkSpec{Out: 0, In: 10, ChargeType: "PayByBandwidth"}, InstanceChargeType: "PrePaid"}

	model := func(out, in any, charge any) resourceModel {
		m := resourceModel{
			InternetMaxBandwidthOut: types.Int64Unknown(), InternetMaxBandwidthIn: types.Int64Unknown(),
			InternetChargeType: types.StringUnknown(), AllocatePublicIP: types.BoolValue(false), AutoPay: types.BoolValue(true),
			TemporaryUpgrade: types.ListNull(windowObjectType),
		}
		if v, ok := out.(int); ok {
			m.InternetMaxBandwidthOut = types.Int64Value(int64(v))
		}
		if v, ok := in.(int); ok {
			m.InternetMaxBandwidthIn = types.Int64Value(int64(v))
		}
		if v, ok := charge.(string); ok {
			m.InternetChargeType = types.StringValue(v)
		}
		return m
	}
	withAllocate := func(m resourceModel) resourceModel { m.AllocatePublicIP = types.BoolValue(true); return m }
	withAutoPay := func(m resourceModel, v bool) resourceModel { m.AutoPay = types.BoolValue(v); return m }

	tests := []struct {
		name       string
		plan       resourceModel
		cur        instanceFacts
		want       change
		wantTarget string
	}{
		{"all matching", model(5, 10, "PayByBandwidth"), prepaid, change{AutoPay: true}, "its current spec"},
		{"all unknown", model(nil, nil, nil), prepaid, change{AutoPay: true}, "its current spec"},
		{"out up only", model(10, 10, "PayByBandwidth"), prepaid,
			change{Out: i64(10), AutoPay: true}, "out 10 Mbit/s"},
		{"in and charge", model(5, 20, "PayByTraffic"), prepaid,
			change{In: i64(20), ChargeType: str("PayByTraffic"), AutoPay: true}, "in 20 Mbit/s, PayByTraffic"},
		{"auto_pay false travels", withAutoPay(model(6, nil, nil), false), prepaid,
			change{Out: i64(6), AutoPay: false}, "out 6 Mbit/s"},
		{"prepaid 0 to more gets an IP", model(3, nil, nil), prepaidNoIP,
			change{Out: i64(3), AutoPay: true}, "out 3 Mbit/s, a public IP"},
		{"postpaid 0 to more without allocate gets none", model(3, nil, nil), postpaidNoIP,
			change{Out: i64(3), AutoPay: true}, "out 3 Mbit/s"},
		{"postpaid 0 to more with allocate", withAllocate(model(3, nil, nil)), postpaidNoIP,
			change{Out: i64(3), AllocatePublicIP: true, AutoPay: true}, "out 3 Mbit/s, a public IP"},
		{"allocate ignored when out was not 0", withAllocate(model(8, nil, nil)), prepaid,
			change{Out: i64(8), AutoPay: true}, "out 8 Mbit/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planChange(tt.plan, tt.cur.networkSpec)
			if got.fingerprint("i", networkSpec{}) != tt.want.fingerprint("i", networkSpec{}) {
				t.Fatalf("planChange = %s\nwant          %s", got.fingerprint("i", networkSpec{}), tt.want.fingerprint("i", networkSpec{}))
			}
			if got.empty() != (tt.want.Out == nil && tt.want.In == nil && tt.want.ChargeType == nil) {
				t.Errorf("empty() = %v", got.empty())
			}
			if gt := got.describe(tt.cur); gt != tt.wantTarget {
				t.Errorf("describe = %s, want %s", gt, tt.wantTarget)
			}
		})
	}
}

func TestChangeRequest(t *testing.T) {
	c := change{Out: i64(10), ChargeType: str("PayByTraffic"), AllocatePublicIP: true, AutoPay: false, StartTime: "2030-01-01T10:00Z", EndTime: "2030-01-01T12Z"}
	req := c.request("cn-hangzhou", "i-1", "tok")
	checks := map[string][2]string{
		"RegionId":                {req.RegionId, "cn-hangzhou"},
		"InstanceId":              {req.InstanceId, "i-1"},
		"ClientToken":             {req.ClientToken, "tok"},
		"InternetMaxBandwidthOut": {string(req.InternetMaxBandwidthOut), "10"},
		"InternetMaxBandwidthIn":  {string(req.InternetMaxBandwidthIn), ""},
		"NetworkChargeType":       {req.NetworkChargeType, "PayByTraffic"},
		"AllocatePublicIp":        {string(req.AllocatePublicIp), "true"},
		"AutoPay":                 {string(req.AutoPay), "false"},
		"StartTime":               {req.StartTime, "2030-01-01T10:00Z"},
		"EndTime":                 {req.EndTime, "2030-01-01T12Z"},
	}
	for name, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", name, v[0], v[1])
		}
	}
	if got := string((change{AutoPay: true}).request("r", "i", "t").AllocatePublicIp); got != "" {
		t.Errorf("AllocatePublicIp sent as %q when not asked", got)
	}
}

func TestWindowPending(t *testing.T) {
	now := time.Date(2030, 1, 1, 11, 0, 0, 0, time.UTC)
	tests := []struct {
		start string
		want  bool
	}{
		{"", false},
		{"2030-01-01T12:00Z", true},
		{"2030-01-01T11:01Z", true},
		{"2030-01-01T11:00Z", false},
		{"2030-01-01T10Z", false},
	}
	for _, tt := range tests {
		if got := (change{StartTime: tt.start}).windowPending(now); got != tt.want {
			t.Errorf("windowPending(start %q) = %v, want %v", tt.start, got, tt.want)
		}
	}
}

func TestChangeToken(t *testing.T) {
	from := networkSpec{Out: 5, In: 10, ChargeType: "PayByBandwidth"}
	fp := (change{Out: i64(10), AutoPay: true}).fingerprint("i-1", from)
	tests := []struct {
		name        string
		seed        string
		fingerprint string
		wantSame    bool
	}{
		{"same change, same seed: the repeat of one request", "seed-1", fp, true},
		{"same change, new seed: a new request", "seed-2", fp, false},
		{"other bandwidth", "seed-1", (change{Out: i64(11), AutoPay: true}).fingerprint("i-1", from), false},
		{"other starting spec", "seed-1", (change{Out: i64(10), AutoPay: true}).fingerprint("i-1", networkSpec{Out: 6, In: 10, ChargeType: "PayByBandwidth"}), false},
		{"other instance", "seed-1", (change{Out: i64(10), AutoPay: true}).fingerprint("i-2", from), false},
		{"other auto_pay", "seed-1", (change{Out: i64(10), AutoPay: false}).fingerprint("i-1", from), false},
	}
	base := changeToken("seed-1", fp)
	if len(base) != 32 {
		t.Fatalf("token %q has %d characters, want 32 (the API allows 64)", base, len(base))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := changeToken(tt.seed, tt.fingerprint); (got == base) != tt.wantSame {
				t.Errorf("token %q vs %q: same = %v, want %v", got, base, got == base, tt.wantSame)
			}
		})
	}
	if a, b := newClientToken(), newClientToken(); a == b || len(a) != 32 {
		t.Errorf("new tokens %q and %q: want two different 32-character tokens", a, b)
	}
}

func TestRestoreChange(t *testing.T) {
	original := networkSpec{Out: 5, In: 10, ChargeType: "PayByBandwidth"}
	tests := []struct {
		name string
		cur  networkSpec
		want change
	}{
		{"unchanged", original, change{AutoPay: true}},
		{"out raised", networkSpec{Out: 20, In: 10, ChargeType: "PayByBandwidth"}, change{Out: i64(5), AutoPay: true}},
		{"all changed", networkSpec{Out: 20, In: 50, ChargeType: "PayByTraffic"},
			change{Out: i64(5), In: i64(10), ChargeType: str("PayByBandwidth"), AutoPay: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := restoreChange(original, instanceFacts{networkSpec: tt.cur}, true)
			if got.fingerprint("i", networkSpec{}) != tt.want.fingerprint("i", networkSpec{}) {
				t.Fatalf("restoreChange = %+v, want %+v", got, tt.want)
			}
		})
	}
}
