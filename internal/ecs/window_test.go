package ecs

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
)

func testWindow(out int64, start, end string) *windowModel {
	return &windowModel{
		InternetMaxBandwidthOut: types.Int64Value(out), InternetMaxBandwidthIn: types.Int64Null(),
		StartTime: types.StringValue(start), EndTime: types.StringValue(end),
		OrderID: types.StringNull(), Status: types.StringNull(),
	}
}

func TestWindowStatus(t *testing.T) {
	w := testWindow(20, "2030-01-01T10:00Z", "2030-01-01T12Z")
	for _, tt := range []struct {
		now  string
		want string
	}{
		{"2030-01-01T09:59Z", windowBooked},
		{"2030-01-01T10:00Z", windowActive},
		{"2030-01-01T11:59Z", windowActive},
		{"2030-01-01T12:00Z", windowEnded},
	} {
		now, _ := time.Parse(startTimeLayout, tt.now)
		if got := w.status(now); got != tt.want {
			t.Errorf("status at %s = %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestNextChange(t *testing.T) {
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	cur := networkSpec{Out: 5, In: 10, ChargeType: chargePayByBandwidth}
	plan := resourceModel{
		InternetMaxBandwidthOut: types.Int64Value(5), InternetMaxBandwidthIn: types.Int64Unknown(),
		InternetChargeType: types.StringUnknown(), AllocatePublicIP: types.BoolValue(false), AutoPay: types.BoolValue(true),
	}
	ahead := testWindow(20, "2030-01-01T10:00Z", "2030-01-01T12Z")
	ended := testWindow(20, "2029-12-01T10:00Z", "2029-12-01T12Z")
	booked := *ahead
	booked.OrderID, booked.Status = types.StringValue("2002"), types.StringValue(windowBooked)
	raised := plan
	raised.InternetMaxBandwidthOut = types.Int64Value(8)

	for _, tt := range []struct {
		name           string
		plan           resourceModel
		planned, prior *windowModel
		want           string // fingerprint of the change, "" for none
	}{
		{"nothing", plan, nil, nil, ""},
		{"a new window ahead books it", plan, ahead, nil, `"out":20,"auto_pay":true,"start_time":"2030-01-01T10:00Z","end_time":"2030-01-01T12Z"`},
		{"the same window sends nothing", plan, ahead, &booked, ""},
		{"an ended window sends nothing", plan, ended, nil, ""},
		{"a permanent change comes alone", raised, nil, nil, `"out":8,"auto_pay":true`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := nextChange(tt.plan, tt.planned, tt.prior, cur, now)
			got := c.fingerprint("i", networkSpec{})
			if tt.want == "" {
				if !c.empty() {
					t.Fatalf("nextChange = %s, want nothing", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) || c.books() != (tt.planned != nil) {
				t.Fatalf("nextChange = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPermanentValue(t *testing.T) {
	w := *testWindow(20, "2030-01-01T10:00Z", "2030-01-01T12Z")
	at := func(s string) time.Time { v, _ := time.Parse(startTimeLayout, s); return v }
	for _, tt := range []struct {
		name  string
		shown int64
		now   time.Time
		want  int64
	}{
		{"booked: the instance's", 5, at("2030-01-01T09:00Z"), 5},
		{"active, showing the window: the state's", 20, at("2030-01-01T11:00Z"), 5},
		{"active, not showing it yet: the instance's", 5, at("2030-01-01T10:01Z"), 5},
		{"ended, put back: the instance's", 5, at("2030-01-01T12:00Z"), 5},
		{"just ended, not put back yet: the state's", 20, at("2030-01-01T12:05Z"), 5},
		{"ended long ago, showing 20: the instance's", 20, at("2030-01-01T13:00Z"), 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := permanentValue(tt.shown, w.InternetMaxBandwidthOut, types.Int64Value(5), w, tt.now)
			if got.ValueInt64() != tt.want {
				t.Errorf("permanentValue = %d, want %d", got.ValueInt64(), tt.want)
			}
		})
	}
	if got := permanentValue(10, types.Int64Null(), types.Int64Value(5), w, at("2030-01-01T11:00Z")); got.ValueInt64() != 10 {
		t.Errorf("a bandwidth the window does not raise is the instance's: got %d", got.ValueInt64())
	}
}

func TestWindowAfterApply(t *testing.T) {
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	ahead := testWindow(20, "2030-01-01T10:00Z", "2030-01-01T12Z")
	booked := *ahead
	booked.OrderID, booked.Status = types.StringValue("2002"), types.StringValue(windowBooked)

	if w := windowAfterApply(ahead, nil, "3003", now); w.OrderID.ValueString() != "3003" || w.Status.ValueString() != windowBooked {
		t.Errorf("new window = %s / %s, want 3003 / Booked", w.OrderID, w.Status)
	}
	if w := windowAfterApply(ahead, &booked, "", now); w.OrderID.ValueString() != "2002" || w.Status.ValueString() != windowBooked {
		t.Errorf("same window = %s / %s, want the state's 2002 / Booked", w.OrderID, w.Status)
	}
	ended := testWindow(20, "2029-12-01T10:00Z", "2029-12-01T12Z")
	if w := windowAfterApply(ended, &booked, "", now); !w.OrderID.IsNull() || w.Status.ValueString() != windowEnded {
		t.Errorf("edited into an ended window = %s / %s, want null / Ended", w.OrderID, w.Status)
	}
	if windowAfterApply(nil, &booked, "", now) != nil {
		t.Error("a removed window came back")
	}
}

func TestCloudClock(t *testing.T) {
	local := clocktest.New(time.Date(2030, 1, 1, 10, 0, 0, 500e6, time.UTC))
	c := newCloudClock(local)
	if c.Read() || !c.Now().Equal(local.Now()) {
		t.Fatalf("before any answer: Now = %s, read = %v; want the local clock", c.Now(), c.Read())
	}
	answer := func(date string) *http.Response {
		return &http.Response{Header: http.Header{"Date": []string{date}}}
	}
	// The cloud is two hours ahead of this machine.
	c.observe(answer("Tue, 01 Jan 2030 12:00:00 GMT"))
	if want := time.Date(2030, 1, 1, 12, 0, 0, 500e6, time.UTC); !c.Read() || !c.Now().Equal(want) {
		t.Fatalf("Now = %s, want %s", c.Now(), want)
	}
	local.Advance(time.Hour)
	if want := time.Date(2030, 1, 1, 13, 0, 0, 500e6, time.UTC); !c.Now().Equal(want) {
		t.Errorf("an hour later: Now = %s, want %s", c.Now(), want)
	}
	c.observe(answer("not a date"))
	if want := time.Date(2030, 1, 1, 13, 0, 0, 500e6, time.UTC); !c.Now().Equal(want) {
		t.Errorf("an answer without a date moved the clock: Now = %s", c.Now())
	}
}

func TestDescribeRestore(t *testing.T) {
	prepaid := instanceFacts{networkSpec: networkSpec{Out: 25, In: 10, ChargeType: chargePayByBandwidth}, InstanceChargeType: instancePrePaid}
	postpaid := instanceFacts{networkSpec: networkSpec{Out: 10, In: 10, ChargeType: chargePayByTraffic}, InstanceChargeType: instancePostPaid}
	for _, tt := range []struct {
		name     string
		original networkSpec
		cur      instanceFacts
		autoPay  bool
		want     []string
	}{
		{"subscription downgrade", networkSpec{Out: 10, In: 10, ChargeType: chargePayByBandwidth}, prepaid, true,
			[]string{"internet_max_bandwidth_out 25 -> 10 Mbit/s: a subscription downgrade; refund order; counts against the 3 downgrades allowed"}},
		{"subscription upgrade, unpaid", networkSpec{Out: 25, In: 20, ChargeType: chargePayByBandwidth}, prepaid, false,
			[]string{"internet_max_bandwidth_in 10 -> 20 Mbit/s: a subscription upgrade; an order left for payment in the console (auto_pay = false)"}},
		{"pay-as-you-go", networkSpec{Out: 0, In: 10, ChargeType: chargePayByBandwidth}, postpaid, true,
			[]string{"internet_max_bandwidth_out 10 -> 0 Mbit/s: pay-as-you-go: no order", "internet_charge_type PayByTraffic -> PayByBandwidth: pay-as-you-go: no order"}},
		{"subscription charge type not moved back", networkSpec{Out: 25, In: 10, ChargeType: chargePayByTraffic}, prepaid, true, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := restoreChange(tt.original, tt.cur, tt.autoPay)
			if got := describeRestore(c, tt.cur); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("describeRestore =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestWarnRestore(t *testing.T) {
	s := testSchema(t)
	original := []byte(`{"out":10,"in":10,"charge_type":"PayByBandwidth"}`)
	state := func(over attrs) tfsdk.State {
		a := planned(attrs{"internet_max_bandwidth_out": 25, "restore_on_destroy": true})
		for k, v := range over {
			a[k] = v
		}
		return tfsdk.State{Schema: s, Raw: objectValue(t, s, a)}
	}
	for _, tt := range []struct {
		name    string
		state   tfsdk.State
		private memPrivate
		want    []string // summary, then text the detail holds
	}{
		{"restore off: nothing", state(attrs{"restore_on_destroy": false}), memPrivate{privateOriginal: original}, nil},
		{"original unknown", state(nil), memPrivate{}, []string{"Destroy restores nothing", "sends nothing"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Neither needs the instance: no client is given.
			diags := warnRestore(t.Context(), nil, tt.state, tt.private)
			wantOneWarning(t, diags, tt.want)
		})
	}
}

func TestRestoreWarnings(t *testing.T) {
	s := testSchema(t)
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	original := networkSpec{Out: 10, In: 10, ChargeType: chargePayByBandwidth}
	state := func(over attrs) resourceModel {
		a := planned(attrs{"internet_max_bandwidth_out": 25, "restore_on_destroy": true})
		for k, v := range over {
			a[k] = v
		}
		var m resourceModel
		if d := (tfsdk.State{Schema: s, Raw: objectValue(t, s, a)}).Get(t.Context(), &m); d.HasError() {
			t.Fatal(d)
		}
		return m
	}
	for _, tt := range []struct {
		name  string
		state resourceModel
		want  []string // summary, then text the detail holds
	}{
		{"nothing to put back", state(attrs{"internet_max_bandwidth_out": 10}), nil},
		{"a downgrade", state(nil), []string{"Destroy restores the original spec",
			"internet_max_bandwidth_out 25 -> 10 Mbit/s: a subscription downgrade; refund order; counts against the 3 downgrades allowed"}},
		{"during a window", state(attrs{"temporary_upgrade": windowBlock("2030-01-01T07:00Z", "2030-01-01T12Z", "2002", "Active")}),
			[]string{"Destroy restores the original spec", "until it ends (InvalidParameter.Conflict)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// The instance as the refresh saw it: a subscription.
			cur := instanceFacts{InstanceID: "i-1", InstanceChargeType: instancePrePaid, networkSpec: tt.state.spec()}
			wantOneWarning(t, restoreWarnings(t.Context(), tt.state, original, cur, now), tt.want)
		})
	}
}

// wantOneWarning: diags is one warning whose summary is want[0] and whose
// detail holds want[1]; none for a nil want.
func wantOneWarning(t *testing.T, diags diag.Diagnostics, want []string) {
	t.Helper()
	if diags.HasError() {
		t.Fatalf("errors: %v", diags)
	}
	if want == nil {
		if len(diags) != 0 {
			t.Fatalf("diagnostics = %v, want none", diags)
		}
		return
	}
	if len(diags) != 1 || diags[0].Summary() != want[0] || !strings.Contains(diags[0].Detail(), want[1]) {
		t.Fatalf("diagnostics = %v, want one %q saying %q", diags, want[0], want[1])
	}
}

func TestWarnChangeLock(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) *time.Time { v := now.Add(-d); return &v }
	for _, tt := range []struct {
		name string
		last *time.Time
		warn bool
	}{
		{"no change known", nil, false},
		{"a minute ago", ago(time.Minute), true},
		{"just under five minutes", ago(5*time.Minute - time.Second), true},
		{"five minutes ago", ago(5 * time.Minute), false},
		{"in the future (a clock jumped back)", ago(-time.Minute), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			diags := warnChangeLock("i-1", tt.last, now)
			if got := len(diags) == 1 && diags[0].Summary() == "Instance changed less than five minutes ago"; got != tt.warn {
				t.Fatalf("diagnostics = %v, want a warning: %v", diags, tt.warn)
			}
			if tt.warn && !strings.Contains(diags[0].Detail(), tt.last.Add(5*time.Minute).Format(time.RFC3339)) {
				t.Errorf("detail %q does not say when the lock ends", diags[0].Detail())
			}
		})
	}
}
