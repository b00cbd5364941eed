package ecsmock

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// limitedWorld gives i-postpaid-vpc 0-200 Mbit/s under PayByTraffic and
// i-prepaid-vpc 10-50 under PayByBandwidth; the other instances keep 0-100.
func limitedWorld() *World {
	w := DefaultWorld()
	a := w.account(key1)
	a.instance("i-postpaid-vpc").BandwidthLimits = []BandwidthLimit{{InternetChargeType: netPayByTraffic, Min: 0, Max: 200}}
	a.instance("i-prepaid-vpc").BandwidthLimits = []BandwidthLimit{{InternetChargeType: netPayByBandwidth, Min: 10, Max: 50}}
	return &w
}

func (f *fixture) bandwidthLimits(resourceID, op string) [][3]any {
	f.t.Helper()
	req := ecs.CreateDescribeBandwidthLimitationRequest()
	f.target(req.RpcRequest)
	req.ResourceId, req.OperationType, req.InstanceType = resourceID, op, "ecs.g7.large"
	resp, err := f.ecs(key1, secret1).DescribeBandwidthLimitation(req)
	if err != nil {
		f.t.Fatalf("DescribeBandwidthLimitation(%s, %s): %v", resourceID, op, err)
	}
	var got [][3]any
	for _, b := range resp.Bandwidths.Bandwidth {
		got = append(got, [3]any{b.InternetChargeType, b.Min, b.Max})
	}
	return got
}

func wantMessage(t *testing.T, err error, part string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), part) {
		t.Fatalf("error %v does not say %q", err, part)
	}
}

func TestModifyBandwidthLimits(t *testing.T) {
	f := newFixture(t, limitedWorld())

	// Above the reference's 100, within the instance's own 200.
	f.mustModify("i-postpaid-vpc", spec{Out: "150"})
	// PayByBandwidth keeps 0-100, below the committed 150: nothing to upgrade to there.
	if got, want := f.bandwidthLimits("i-postpaid-vpc", "Upgrade"), [][3]any{{"PayByTraffic", 150, 200}}; !slices.Equal(got, want) {
		t.Errorf("Upgrade limits after the change = %v, want %v", got, want)
	}
	_, err := f.modify("i-postpaid-vpc", spec{Out: "201"})
	wantAPIError(t, err, "InvalidInternetMaxBandwidthOut.ValueNotSupported", 400)
	wantMessage(t, err, "i-postpaid-vpc allows 0-200 Mbit/s under PayByTraffic")
	f.srv.AdvanceClock(2 * time.Hour)
	if in := f.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 150 {
		t.Fatalf("out = %d, want 150", in.InternetMaxBandwidthOut)
	}

	// The instance's own range replaces 0-100 on both ends.
	for _, out := range []string{"9", "51"} {
		_, err := f.modify("i-prepaid-vpc", spec{Out: out})
		wantAPIError(t, err, "InvalidInternetMaxBandwidthOut.ValueNotSupported", 400)
		wantMessage(t, err, "10-50 Mbit/s under PayByBandwidth")
	}
	if orderID := f.mustModify("i-prepaid-vpc", spec{Out: "50"}); orderID == "" {
		t.Error("a subscription change within its range placed no order")
	}
	if got, want := f.bandwidthLimits("i-prepaid-vpc", "Create"), [][3]any{{"PayByBandwidth", 10, 50}}; !slices.Equal(got, want) {
		t.Errorf("Create limits = %v, want %v", got, want)
	}
	if got, want := f.bandwidthLimits("i-prepaid-vpc", "Downgrade"), [][3]any{{"PayByBandwidth", 10, 50}}; !slices.Equal(got, want) {
		t.Errorf("Downgrade limits = %v, want %v", got, want)
	}

	// Without limits: the reference's range.
	_, err = f.modify("i-prepaid-stopped", spec{Out: "101"})
	wantAPIError(t, err, "InvalidInternetMaxBandwidthOut.ValueNotSupported", 400)
	wantMessage(t, err, "0-100 Mbit/s")
	if got, want := f.bandwidthLimits("", ""), [][3]any{{"PayByTraffic", 0, 100}, {"PayByBandwidth", 0, 100}}; !slices.Equal(got, want) {
		t.Errorf("limits without instance = %v, want %v", got, want)
	}
}

// TestBandwidthLimitsPersist: an instance above 100 Mbit/s under its own
// limits survives the -state file.
func TestBandwidthLimitsPersist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	cfg := Config{World: limitedWorld(), StateFile: path, Settle: time.Millisecond, PayDelay: time.Millisecond}
	f := newFixtureConfig(t, cfg)
	f.mustModify("i-postpaid-vpc", spec{Out: "180"})
	f.srv.AdvanceClock(time.Second)
	if err := f.srv.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := New(Config{StateFile: path})
	if err != nil {
		t.Fatalf("reloading the state file: %v", err)
	}
	defer again.Close()
	w := again.State()
	in := w.account(key1).instance("i-postpaid-vpc")
	if in.InternetMaxBandwidthOut != 180 || len(in.BandwidthLimits) != 1 || in.BandwidthLimits[0].Max != 200 {
		t.Fatalf("reloaded instance: out %d, limits %+v", in.InternetMaxBandwidthOut, in.BandwidthLimits)
	}
}

func TestBandwidthLimitsInvalid(t *testing.T) {
	for _, tc := range []struct {
		name   string
		limits []BandwidthLimit
		want   string
	}{
		{"unknown charge type", []BandwidthLimit{{InternetChargeType: "PayByHour", Max: 10}}, `InternetChargeType "PayByHour"`},
		{"min above max", []BandwidthLimit{{InternetChargeType: netPayByTraffic, Min: 20, Max: 10}}, "0 <= Min <= Max"},
		{"negative min", []BandwidthLimit{{InternetChargeType: netPayByTraffic, Min: -1, Max: 10}}, "0 <= Min <= Max"},
		{"twice", []BandwidthLimit{{InternetChargeType: netPayByTraffic, Max: 10}, {InternetChargeType: netPayByTraffic, Max: 20}}, "a second range for PayByTraffic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			w := f.srv.State()
			w.account(key1).instance("i-postpaid-vpc").BandwidthLimits = tc.limits
			err := f.srv.SetState(w)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "i-postpaid-vpc") {
				t.Fatalf("SetState: %v, want an error naming i-postpaid-vpc and %q", err, tc.want)
			}
			if got := f.stateInstance("i-postpaid-vpc").BandwidthLimits; got != nil {
				t.Fatalf("refused world was kept: limits %+v", got)
			}
		})
	}
}

func TestModifyChangeLock(t *testing.T) {
	f := newFixtureConfig(t, Config{Settle: time.Hour, PayDelay: time.Minute, ChangeLock: 5 * time.Minute})
	// A refused call does not lock.
	_, err := f.modify("i-postpaid-vpc", spec{Out: "101"})
	wantAPIError(t, err, "InvalidInternetMaxBandwidthOut.ValueNotSupported", 400)
	f.mustModify("i-postpaid-vpc", spec{Out: "6", Token: "first"})

	_, err = f.modify("i-postpaid-vpc", spec{Out: "7"})
	wantAPIError(t, err, "LastOrderProcessing", 403)
	// A retry of the accepted call still gets its first answer.
	f.mustModify("i-postpaid-vpc", spec{Out: "6", Token: "first"})
	// Other instances are not locked.
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "6"})
	_, err = f.modify("i-prepaid-vpc", spec{Out: "8"})
	wantAPIError(t, err, "LastOrderProcessing", 403)

	f.srv.AdvanceClock(5*time.Minute + time.Second)
	f.mustModify("i-postpaid-vpc", spec{Out: "7"})
	f.mustModify("i-prepaid-vpc", spec{Out: "8", AutoPay: "false"})
	if n := len(f.stateInstance("i-postpaid-vpc").PendingChanges); n != 2 {
		t.Errorf("i-postpaid-vpc has %d pending changes, want 2", n)
	}
	if f.order(orderID).OrderType != "Upgrade" {
		t.Errorf("first order changed: %+v", f.order(orderID))
	}
}

func TestModifyNoChangeLockByDefault(t *testing.T) {
	f := newFixture(t, nil)
	f.mustModify("i-postpaid-vpc", spec{Out: "6"})
	f.mustModify("i-postpaid-vpc", spec{Out: "7"})
	if got := f.stateInstance("i-postpaid-vpc").ChangeLockedUntil; got != nil {
		t.Errorf("ChangeLockedUntil = %v without a change lock", got)
	}
}
