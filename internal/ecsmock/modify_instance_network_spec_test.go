package ecsmock

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// editInstance changes one instance of a world before the server starts.
func editInstance(id string, edit func(*Instance)) func(*World) {
	return func(w *World) {
		for ai := range w.Accounts {
			if in := w.Accounts[ai].instance(id); in != nil {
				edit(in)
				return
			}
		}
		panic("no instance " + id)
	}
}

// window returns StartTime/EndTime an hour and three hours from now, in the
// documented forms.
func window() (start, end string) {
	now := time.Now().UTC()
	return now.Add(time.Hour).Format("2006-01-02T15:04Z"), now.Add(3 * time.Hour).Format("2006-01-02T15Z")
}

// TestModifyRefusals covers every refusal of ModifyInstanceNetworkSpec: each
// case asserts the API code and HTTP status, and that nothing changed.
func TestModifyRefusals(t *testing.T) {
	start, end := window()
	for _, tc := range []struct {
		name     string
		world    func(*World)
		prep     func(f *fixture)
		key      string
		secret   string
		instance string
		spec     spec
		code     string
		status   int
	}{
		// Parameter formats.
		{name: "no InstanceId", instance: "", spec: spec{Out: "6"}, code: "MissingParameter", status: 400},
		{name: "out above 100", instance: "i-postpaid-vpc", spec: spec{Out: "101"}, code: "InvalidInternetMaxBandwidthOut.ValueNotSupported", status: 400},
		{name: "out negative", instance: "i-postpaid-vpc", spec: spec{Out: "-1"}, code: "InvalidInternetMaxBandwidthOut.ValueNotSupported", status: 400},
		{name: "out not a number", instance: "i-postpaid-vpc", spec: spec{Out: "ten"}, code: "InvalidInternetMaxBandwidthOut.ValueNotSupported", status: 400},
		{name: "in 0", instance: "i-postpaid-vpc", spec: spec{In: "0"}, code: "InvalidInternetMaxBandwidthIn.ValueNotSupported", status: 400},
		{name: "in above 200", instance: "i-postpaid-vpc", spec: spec{In: "201"}, code: "InvalidInternetMaxBandwidthIn.ValueNotSupported", status: 400},
		{name: "unknown charge type", instance: "i-prepaid-vpc", spec: spec{ChargeType: "PayByHour"}, code: "InvalidInternetChargeType.ValueNotSupported", status: 400},
		{name: "AllocatePublicIp not boolean", instance: "i-postpaid-noip", spec: spec{Out: "5", Allocate: "yes"}, code: "InvalidParam.AllocatePublicIp", status: 400},
		{name: "AutoPay not boolean", instance: "i-prepaid-vpc", spec: spec{Out: "6", AutoPay: "maybe"}, code: "InvalidParameter", status: 400},
		{name: "ClientToken too long", instance: "i-postpaid-vpc", spec: spec{Out: "6", Token: strings.Repeat("t", 65)}, code: "InvalidParameter", status: 400},
		{name: "StartTime malformed", instance: "i-prepaid-vpc", spec: spec{Out: "8", Start: "2030-01-01 10:00", End: end}, code: "InvalidStartTime.ValueNotSupported", status: 400},
		{name: "EndTime malformed", instance: "i-prepaid-vpc", spec: spec{Out: "8", Start: start, End: "tomorrow"}, code: "InvalidEndTime.ValueNotSupported", status: 400},
		{name: "StartTime alone", instance: "i-prepaid-vpc", spec: spec{Out: "8", Start: start}, code: "InvalidParameter.Conflict", status: 400},
		{name: "EndTime alone", instance: "i-prepaid-vpc", spec: spec{Out: "8", End: end}, code: "InvalidParameter.Conflict", status: 400},
		{name: "EndTime before StartTime", instance: "i-prepaid-vpc", spec: spec{Out: "8", Start: "2030-01-02T10:00Z", End: "2030-01-02T09Z"}, code: "InvalidStartTime.ValueNotSupported", status: 400},
		{name: "EndTime equal to StartTime", instance: "i-prepaid-vpc", spec: spec{Out: "8", Start: "2030-01-02T10:00Z", End: "2030-01-02T10Z"}, code: "InvalidStartTime.ValueNotSupported", status: 400},
		{name: "AllocatePublicIp with out 0", instance: "i-postpaid-noip", spec: spec{Out: "0", Allocate: "true"}, code: "InvalidParameter.Conflict", status: 400},
		{name: "nothing to change", instance: "i-postpaid-vpc", spec: spec{AutoPay: "true"}, code: "InvalidParameter.Bandwidth", status: 400},
		{name: "window without bandwidth", instance: "i-prepaid-vpc", spec: spec{ChargeType: "PayByTraffic", Start: start, End: end}, code: "InvalidParameter.Bandwidth", status: 400},
		{name: "window with charge type", instance: "i-prepaid-vpc", spec: spec{Out: "8", ChargeType: "PayByTraffic", Start: start, End: end}, code: "InvalidParameter.Conflict", status: 400},

		// Instance lookup and accounts.
		{name: "unknown instance", instance: "i-nope", spec: spec{Out: "6"}, code: "InvalidInstanceId.NotFound", status: 404},
		{name: "another account's instance", instance: "i-other-account", spec: spec{Out: "6"}, code: "InvalidInstanceId.NotFound", status: 404},
		{name: "instance seen from another account", key: key2, secret: secret2, instance: "i-postpaid-vpc", spec: spec{Out: "6"}, code: "InvalidInstanceId.NotFound", status: 404},
		{name: "instance in another region", world: editInstance("i-postpaid-vpc", func(in *Instance) { in.RegionId = "cn-beijing" }),
			instance: "i-postpaid-vpc", spec: spec{Out: "6"}, code: "InvalidInstanceId.NotFound", status: 404},

		// Billing state.
		{name: "arrears, subscription", key: "mock-arrears-key", secret: "mock-arrears-secret", instance: "i-arrears-prepaid", spec: spec{Out: "6"}, code: "Account.Arrearage", status: 400},
		{name: "arrears, pay-as-you-go", key: "mock-arrears-key", secret: "mock-arrears-secret", instance: "i-arrears-postpaid", spec: spec{Out: "6"}, code: "InstanceExpiredOrInArrears", status: 403},
		{name: "expired subscription", instance: "i-prepaid-expired", spec: spec{Out: "6"}, code: "InstanceExpiredOrInArrears", status: 403},

		// Status.
		{name: "transitional status", instance: "i-starting", spec: spec{Out: "6"}, code: "IncorrectInstanceStatus", status: 403},
		{name: "stopping", world: editInstance("i-postpaid-vpc", func(in *Instance) { in.Status = "Stopping" }),
			instance: "i-postpaid-vpc", spec: spec{Out: "6"}, code: "IncorrectInstanceStatus", status: 403},
		{name: "locked after a downgrade", prep: func(f *fixture) { f.mustModify("i-prepaid-vpc", spec{Out: "4"}) },
			instance: "i-prepaid-vpc", spec: spec{In: "20"}, code: "InvalidInstanceStatus", status: 403},
		{name: "classic 0 to >0 while running", instance: "i-classic-running", spec: spec{Out: "5"}, code: "InvalidInstanceStatus", status: 400},

		// Network.
		{name: "EIP-bound VPC instance, window", instance: "i-vpc-eip", spec: spec{Out: "8", Start: start, End: end}, code: "BandwidthUpgradeDenied.EipBoundInstance", status: 400},
		{name: "EIP-bound VPC instance, bandwidth", instance: "i-vpc-eip", spec: spec{Out: "8"}, code: "InvalidInstance.InstanceNotSupported", status: 403},
		{name: "inbound only on VPC instance without address", instance: "i-postpaid-noip", spec: spec{In: "20"}, code: "OperationDenied", status: 400},
		{name: "AllocatePublicIp with a public IP", instance: "i-postpaid-vpc", spec: spec{Out: "6", Allocate: "true"}, code: "InvalidParam.AllocatePublicIp", status: 400},
		{name: "AllocatePublicIp leaving out 0", instance: "i-postpaid-noip", spec: spec{ChargeType: "PayByTraffic", Allocate: "true"}, code: "InvalidParameter.Conflict", status: 400},

		// Change rules.
		{name: "subscription back to PayByTraffic", instance: "i-prepaid-vpc", spec: spec{ChargeType: "PayByTraffic"}, code: "ChargeTypeViolation", status: 403},
		{name: "pay-as-you-go window", instance: "i-postpaid-vpc", spec: spec{Out: "8", Start: start, End: end}, code: "ChargeTypeViolation", status: 403},
		{name: "window below current out", instance: "i-prepaid-vpc", spec: spec{Out: "3", Start: start, End: end}, code: "InvalidBandwidth.ValueNotSupported", status: 400},
		{name: "window below current in", instance: "i-prepaid-vpc", spec: spec{Out: "8", In: "5", Start: start, End: end}, code: "InvalidBandwidth.ValueNotSupported", status: 400},
		{name: "window raising nothing", instance: "i-prepaid-vpc", spec: spec{Out: "5", Start: start, End: end}, code: "InvalidParameter.Bandwidth", status: 400},
		{name: "window from 0 out", instance: "i-prepaid-noip", spec: spec{Out: "5", Start: start, End: end}, code: "InvalidParameter.Bandwidth", status: 400},
		{name: "subscription to 0 out", instance: "i-prepaid-vpc", spec: spec{Out: "0"}, code: "DecreasedBandwidthNotAllowed", status: 400},
		{name: "fourth downgrade", world: editInstance("i-prepaid-vpc", func(in *Instance) { in.DowngradeCount = 3 }),
			instance: "i-prepaid-vpc", spec: spec{Out: "4"}, code: "InstanceDowngrade.QuotaExceed", status: 400},
		{name: "fourth downgrade, inbound", world: editInstance("i-prepaid-vpc", func(in *Instance) { in.DowngradeCount = 3 }),
			instance: "i-prepaid-vpc", spec: spec{Out: "9", In: "5"}, code: "InstanceDowngrade.QuotaExceed", status: 400},

		// Orders and payment.
		{name: "unpaid order of the instance", prep: func(f *fixture) { f.mustModify("i-prepaid-vpc", spec{Out: "10", AutoPay: "false"}) },
			instance: "i-prepaid-vpc", spec: spec{Out: "20"}, code: "InvalidInstance.UnpaidOrder", status: 403},
		{name: "window already booked", prep: func(f *fixture) {
			f.mustModify("i-prepaid-vpc", spec{Out: "10", Start: start, End: end})
			f.srv.AdvanceClock(time.Hour + time.Second) // paid, not yet open
		},
			instance: "i-prepaid-vpc", spec: spec{Out: "20"}, code: "InvalidParameter.Conflict", status: 400},
		{name: "too many unpaid orders in the account", world: withPrepaidInstances(6), prep: func(f *fixture) {
			for i := 1; i <= 5; i++ {
				f.mustModify(fmt.Sprintf("i-extra-%d", i), spec{Out: "10", AutoPay: "false"})
			}
		}, instance: "i-extra-6", spec: spec{Out: "10"}, code: "InvalidInstance.UnpaidOrder", status: 400},
		{name: "public IP pool exhausted", world: func(w *World) { w.ExhaustedIpRegions = []string{"cn-hangzhou"} },
			instance: "i-prepaid-noip", spec: spec{Out: "5"}, code: "IpAllocationError", status: 400},
		{name: "not enough balance", key: "mock-poor-key", secret: "mock-poor-secret", instance: "i-poor-prepaid", spec: spec{Out: "10"},
			code: "InvalidAccountStatus.NotEnoughBalance", status: 403},
		{name: "balance promised to other orders", world: func(w *World) { w.Accounts[0].Balance = 60 },
			prep:     func(f *fixture) { f.mustModify("i-prepaid-stopped", spec{Out: "10"}) }, // 50.00, auto-paid later
			instance: "i-prepaid-vpc", spec: spec{Out: "7"}, code: "InvalidAccountStatus.NotEnoughBalance", status: 403},

		// ClientToken.
		{name: "same token, other parameters", prep: func(f *fixture) { f.mustModify("i-postpaid-vpc", spec{Out: "6", Token: "tok-1"}) },
			instance: "i-postpaid-vpc", spec: spec{Out: "7", Token: "tok-1"}, code: "IdempotentParameterMismatch", status: 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var world *World
			if tc.world != nil {
				w := DefaultWorld()
				tc.world(&w)
				world = &w
			}
			f := newFixture(t, world)
			if tc.prep != nil {
				tc.prep(f)
			}
			key, secret := tc.key, tc.secret
			if key == "" {
				key, secret = key1, secret1
			}
			before := f.srv.State()
			_, err := f.modifyAs(key, secret, tc.instance, tc.spec)
			wantAPIError(t, err, tc.code, tc.status)
			if after := f.srv.State(); !sameWorld(t, before, after) {
				t.Errorf("a refused call changed the world:\nbefore %+v\nafter  %+v", before, after)
			}
			calls := f.srv.Calls()
			if last := calls[len(calls)-1]; last.Code != tc.code || last.HttpStatus != tc.status {
				t.Errorf("recorded call = %+v", last)
			}
		})
	}
}

func sameWorld(t *testing.T, a, b World) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}

// withPrepaidInstances adds n subscription instances i-extra-1..n to the
// first account.
func withPrepaidInstances(n int) func(*World) {
	return func(w *World) {
		base := *w.Accounts[0].instance("i-prepaid-vpc")
		for i := 1; i <= n; i++ {
			in := base
			in.InstanceId = fmt.Sprintf("i-extra-%d", i)
			in.PublicIpAddress = IpAddressSet{IpAddress: []string{fmt.Sprintf("47.0.9.%d", i)}}
			w.Accounts[0].Instances = append(w.Accounts[0].Instances, in)
		}
	}
}

var numericOrderID = regexp.MustCompile(`^[0-9]+$`)

func TestModifySubscriptionUpgrade(t *testing.T) {
	f := newFixture(t, nil) // settle and pay delay 1h: only the clock moves things
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "10", In: "20"})
	if !numericOrderID.MatchString(orderID) {
		t.Fatalf("OrderId %q is not numeric", orderID)
	}
	o := f.order(orderID)
	if o.PaymentStatus != "Unpaid" || o.PretaxAmount != "60.00" || o.InstanceIDs != "i-prepaid-vpc" || o.OrderType != "Upgrade" {
		t.Fatalf("new order = %+v", o)
	}
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 {
		t.Fatalf("out = %d before payment, want 5", in.InternetMaxBandwidthOut)
	}

	f.srv.AdvanceClock(time.Hour) // pay delay
	o = f.order(orderID)
	if o.PaymentStatus != "Paid" || o.PaymentTime == "" {
		t.Fatalf("order after the pay delay = %+v", o)
	}
	if b := f.srv.State().Accounts[0].Balance; b != 940 {
		t.Errorf("balance = %v, want 940", b)
	}
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 {
		t.Fatalf("out = %d before settling, want 5", in.InternetMaxBandwidthOut)
	}

	f.srv.AdvanceClock(time.Hour) // settle
	in := f.describe("i-prepaid-vpc")
	if in.InternetMaxBandwidthOut != 10 || in.InternetMaxBandwidthIn != 20 || len(in.PublicIpAddress.IpAddress) != 1 || in.PublicIpAddress.IpAddress[0] != "47.0.0.2" {
		t.Fatalf("instance after settling = out %d in %d ip %v", in.InternetMaxBandwidthOut, in.InternetMaxBandwidthIn, in.PublicIpAddress.IpAddress)
	}
	if n := f.stateInstance("i-prepaid-vpc").DowngradeCount; n != 0 {
		t.Errorf("an upgrade counted as a downgrade: %d", n)
	}
}

func TestModifyPayAsYouGo(t *testing.T) {
	f := newFixture(t, nil)
	if id := f.mustModify("i-postpaid-vpc", spec{Out: "50", In: "100"}); id != "" {
		t.Fatalf("pay-as-you-go change returned OrderId %q", id)
	}
	f.srv.AdvanceClock(time.Hour)
	if in := f.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 50 || in.InternetMaxBandwidthIn != 100 {
		t.Fatalf("after settle: out %d in %d", in.InternetMaxBandwidthOut, in.InternetMaxBandwidthIn)
	}
	// Down again, several times: no quota, no lock, no order.
	for _, out := range []string{"20", "10", "3", "1"} {
		if id := f.mustModify("i-postpaid-vpc", spec{Out: out}); id != "" {
			t.Fatalf("downgrade to %s returned OrderId %q", out, id)
		}
	}
	f.srv.AdvanceClock(time.Hour)
	if in := f.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 1 {
		t.Fatalf("after the downgrades: out %d, want 1", in.InternetMaxBandwidthOut)
	}
	if st := f.srv.State(); len(st.Accounts[0].Orders) != 0 {
		t.Errorf("pay-as-you-go changes placed orders: %+v", st.Accounts[0].Orders)
	}
	// To 0: the public IP goes with the bandwidth.
	f.mustModify("i-postpaid-vpc", spec{Out: "0"})
	f.srv.AdvanceClock(time.Hour)
	if in := f.describe("i-postpaid-vpc"); in.InternetMaxBandwidthOut != 0 || len(in.PublicIpAddress.IpAddress) != 0 {
		t.Fatalf("at 0 Mbit/s: out %d ip %v", in.InternetMaxBandwidthOut, in.PublicIpAddress.IpAddress)
	}
}

func TestModifyPublicIP(t *testing.T) {
	f := newFixture(t, nil)
	f.mustModify("i-prepaid-noip", spec{Out: "5"})
	f.mustModify("i-postpaid-noip", spec{Out: "5"})
	f.srv.AdvanceClock(3 * time.Hour)

	prepaid := f.describe("i-prepaid-noip")
	if prepaid.InternetMaxBandwidthOut != 5 || len(prepaid.PublicIpAddress.IpAddress) != 1 {
		t.Fatalf("subscription 0 -> 5: out %d ip %v, want an automatic public IP", prepaid.InternetMaxBandwidthOut, prepaid.PublicIpAddress.IpAddress)
	}
	postpaid := f.describe("i-postpaid-noip")
	if postpaid.InternetMaxBandwidthOut != 5 || len(postpaid.PublicIpAddress.IpAddress) != 0 {
		t.Fatalf("pay-as-you-go 0 -> 5 without AllocatePublicIp: out %d ip %v, want no IP", postpaid.InternetMaxBandwidthOut, postpaid.PublicIpAddress.IpAddress)
	}
	// Now AllocatePublicIp=true gets one, distinct from every other address.
	f.mustModify("i-postpaid-noip", spec{Out: "5", Allocate: "true"})
	f.srv.AdvanceClock(time.Hour)
	postpaid = f.describe("i-postpaid-noip")
	if len(postpaid.PublicIpAddress.IpAddress) != 1 || postpaid.PublicIpAddress.IpAddress[0] == prepaid.PublicIpAddress.IpAddress[0] {
		t.Fatalf("pay-as-you-go with AllocatePublicIp: ip %v (subscription has %v)", postpaid.PublicIpAddress.IpAddress, prepaid.PublicIpAddress.IpAddress)
	}
}

func TestModifyPayAsYouGoAllocatePublicIP(t *testing.T) {
	f := newFixture(t, nil)
	f.mustModify("i-postpaid-noip", spec{Out: "8", Allocate: "true"})
	if in := f.describe("i-postpaid-noip"); len(in.PublicIpAddress.IpAddress) != 0 {
		t.Fatalf("public IP %v before settling", in.PublicIpAddress.IpAddress)
	}
	f.srv.AdvanceClock(time.Hour)
	if in := f.describe("i-postpaid-noip"); in.InternetMaxBandwidthOut != 8 || len(in.PublicIpAddress.IpAddress) != 1 {
		t.Fatalf("after settling: out %d ip %v", in.InternetMaxBandwidthOut, in.PublicIpAddress.IpAddress)
	}
}

func TestModifyClassicStopped(t *testing.T) {
	f := newFixture(t, nil)
	orderID := f.mustModify("i-classic-stopped", spec{Out: "5"})
	if orderID == "" {
		t.Fatal("classic subscription change placed no order")
	}
	f.srv.AdvanceClock(2 * time.Hour)
	if in := f.describe("i-classic-stopped"); in.InternetMaxBandwidthOut != 5 || len(in.PublicIpAddress.IpAddress) != 1 {
		t.Fatalf("classic stopped 0 -> 5: out %d ip %v", in.InternetMaxBandwidthOut, in.PublicIpAddress.IpAddress)
	}
}

// prepaidTrafficWorld adds i-prepaid-traffic, a subscription on
// PayByTraffic with 5 Mbit/s out, to the built-in world.
func prepaidTrafficWorld() *World {
	w := DefaultWorld()
	a := w.account(key1)
	in := *a.instance("i-prepaid-vpc")
	in.InstanceId, in.InstanceName, in.InternetChargeType = "i-prepaid-traffic", "i-prepaid-traffic", netPayByTraffic
	in.PublicIpAddress = IpAddressSet{IpAddress: []string{"47.0.0.6"}}
	a.Instances = append(a.Instances, in)
	return &w
}

// TestModifyChargeTypeMoves: a subscription goes from PayByTraffic to
// PayByBandwidth (a free order), not back; pay-as-you-go switches either
// way without an order.
func TestModifyChargeTypeMoves(t *testing.T) {
	f := newFixture(t, prepaidTrafficWorld())
	orderID := f.mustModify("i-prepaid-traffic", spec{ChargeType: "PayByBandwidth", AutoPay: "false"})
	if o := f.order(orderID); o.PretaxAmount != "0.00" {
		t.Fatalf("charge-type move order = %+v, want amount 0.00", o)
	}
	// Judged against the committed spec: the move is not in effect yet, and
	// going back is already refused.
	_, err := f.modify("i-prepaid-traffic", spec{ChargeType: "PayByTraffic"})
	wantAPIError(t, err, "ChargeTypeViolation", 403)
	wantMessage(t, err, "from PayByTraffic to PayByBandwidth through this API, not back")
	// A free order pays itself even without AutoPay.
	f.srv.AdvanceClock(2 * time.Hour)
	if o := f.order(orderID); o.PaymentStatus != "Paid" {
		t.Fatalf("free order = %+v, want Paid", o)
	}
	if in := f.describe("i-prepaid-traffic"); in.InternetChargeType != "PayByBandwidth" {
		t.Fatalf("charge type = %s, want PayByBandwidth", in.InternetChargeType)
	}
	_, err = f.modify("i-prepaid-traffic", spec{ChargeType: "PayByTraffic", Out: "6"})
	wantAPIError(t, err, "ChargeTypeViolation", 403)

	for _, to := range []string{"PayByBandwidth", "PayByTraffic"} {
		if id := f.mustModify("i-postpaid-vpc", spec{ChargeType: to}); id != "" {
			t.Fatalf("pay-as-you-go move to %s placed order %s", to, id)
		}
		f.srv.AdvanceClock(2 * time.Hour)
		if in := f.describe("i-postpaid-vpc"); in.InternetChargeType != to {
			t.Fatalf("pay-as-you-go charge type = %s, want %s", in.InternetChargeType, to)
		}
	}
	if n := len(f.srv.State().Accounts[0].Orders); n != 1 {
		t.Errorf("%d orders, want only the subscription's move", n)
	}
}

func TestModifyDowngrades(t *testing.T) {
	f := newFixture(t, nil) // 5 minute lock
	for i, out := range []string{"4", "3", "2"} {
		orderID := f.mustModify("i-prepaid-vpc", spec{Out: out})
		o := f.order(orderID)
		if o.OrderType != "Downgrade" || o.PretaxAmount != "-10.00" {
			t.Fatalf("downgrade %d order = %+v, want a -10.00 refund", i+1, o)
		}
		if got := f.stateInstance("i-prepaid-vpc").DowngradeCount; got != i+1 {
			t.Fatalf("DowngradeCount = %d after %d downgrades", got, i+1)
		}
		// Locked until the lock ends (the refund pays itself meanwhile).
		_, err := f.modify("i-prepaid-vpc", spec{Out: "9"})
		wantAPIError(t, err, "InvalidInstanceStatus", 403)
		f.srv.AdvanceClock(time.Hour + time.Second)
		if o := f.order(orderID); o.PaymentStatus != "Paid" {
			t.Fatalf("refund order = %+v, want Paid", o)
		}
	}
	f.srv.AdvanceClock(2 * time.Hour)
	st := f.srv.State()
	if b := st.Accounts[0].Balance; b != 1030 {
		t.Errorf("balance after three refunds = %v, want 1030", b)
	}
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 2 {
		t.Errorf("out = %d, want 2", in.InternetMaxBandwidthOut)
	}
	_, err := f.modify("i-prepaid-vpc", spec{Out: "1"})
	wantAPIError(t, err, "InstanceDowngrade.QuotaExceed", 400)
	// Upgrades stay allowed.
	f.mustModify("i-prepaid-vpc", spec{Out: "6"})
}

func TestModifyNoChange(t *testing.T) {
	f := newFixture(t, nil)
	if id := f.mustModify("i-prepaid-vpc", spec{Out: "5", In: "10", ChargeType: "PayByBandwidth"}); id != "" {
		t.Fatalf("asking the current spec returned OrderId %q", id)
	}
	if st := f.srv.State(); len(st.Accounts[0].Orders) != 0 || len(f.stateInstance("i-prepaid-vpc").PendingChanges) != 0 {
		t.Fatalf("asking the current spec changed the world: %+v", st.Accounts[0].Orders)
	}
}

// TestModifyEIPChargeTypeOnly: an EIP-bound instance may still send a
// NetworkChargeType equal to its own (no bandwidth change).
func TestModifyEIPChargeTypeOnly(t *testing.T) {
	f := newFixture(t, nil)
	if _, err := f.modify("i-vpc-eip", spec{ChargeType: "PayByTraffic"}); err != nil {
		t.Fatalf("charge type only on an EIP instance: %v", err)
	}
}

func TestModifyWindow(t *testing.T) {
	f := newFixture(t, &[]World{DefaultWorld()}[0])
	now := f.srv.Now()
	start := now.Add(3 * time.Hour).Truncate(time.Minute)
	end := start.Add(2 * time.Hour).Truncate(time.Hour)
	orderID := f.mustModify("i-prepaid-vpc", spec{Out: "25", Start: start.Format("2006-01-02T15:04Z"), End: end.Format("2006-01-02T15Z")})
	o := f.order(orderID)
	if o.OrderType != "TemporaryUpgrade" || o.PretaxAmount == "0.00" || strings.HasPrefix(o.PretaxAmount, "-") {
		t.Fatalf("window order = %+v", o)
	}
	// Paid and settled after 2h, but the window opens only at StartTime.
	f.srv.AdvanceClock(2*time.Hour + 30*time.Minute)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 {
		t.Fatalf("out = %d before StartTime, want 5", in.InternetMaxBandwidthOut)
	}
	f.srv.AdvanceClock(start.Sub(f.srv.Now()) + time.Second)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 25 {
		t.Fatalf("out = %d inside the window, want 25", in.InternetMaxBandwidthOut)
	}
	f.srv.AdvanceClock(end.Sub(f.srv.Now()) + time.Second)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 5 || in.InternetMaxBandwidthIn != 10 {
		t.Fatalf("after EndTime: out %d in %d, want 5 and 10 back", in.InternetMaxBandwidthOut, in.InternetMaxBandwidthIn)
	}
	if up := f.stateInstance("i-prepaid-vpc").TemporaryUpgrade; up != nil {
		t.Fatalf("window still recorded after it ended: %+v", up)
	}
	// The instance is free for a permanent change again.
	f.mustModify("i-prepaid-vpc", spec{Out: "6"})
}

func TestModifyIdempotency(t *testing.T) {
	f := newFixture(t, nil)
	first, err := f.modify("i-prepaid-vpc", spec{Out: "10", Token: "token-A", AutoPay: "false"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.modify("i-prepaid-vpc", spec{Out: "10", Token: "token-A", AutoPay: "false"})
	if err != nil {
		t.Fatalf("retry with the same token: %v", err)
	}
	if again.OrderId != first.OrderId {
		t.Fatalf("retry OrderId = %q, want the first answer %q", again.OrderId, first.OrderId)
	}
	if again.RequestId == first.RequestId {
		t.Errorf("retry reused RequestId %s", again.RequestId)
	}
	st := f.srv.State()
	if n := len(st.Accounts[0].Orders); n != 1 {
		t.Fatalf("%d orders after a retried call, want 1", n)
	}
	if n := len(f.stateInstance("i-prepaid-vpc").PendingChanges); n != 1 {
		t.Fatalf("%d pending changes after a retried call, want 1", n)
	}
	// The token belongs to the account: another account's same token is a
	// new request.
	if _, err := f.modifyAs(key2, secret2, "i-other-account", spec{Out: "6", Token: "token-A"}); err != nil {
		t.Fatalf("other account, same token: %v", err)
	}
	// A pay-as-you-go retry answers the same empty OrderId and changes once.
	f.mustModify("i-postpaid-vpc", spec{Out: "9", Token: "token-B"})
	f.mustModify("i-postpaid-vpc", spec{Out: "9", Token: "token-B"})
	if n := len(f.stateInstance("i-postpaid-vpc").PendingChanges); n != 1 {
		t.Fatalf("%d pending changes after a retried pay-as-you-go call, want 1", n)
	}
}

// TestModifyRefusedTokenReusable: a refused call does not consume its
// token, so a corrected retry succeeds.
func TestModifyRefusedTokenReusable(t *testing.T) {
	f := newFixture(t, nil)
	_, err := f.modify("i-starting", spec{Out: "6", Token: "token-C"})
	wantAPIError(t, err, "IncorrectInstanceStatus", 403)
	if _, err := f.modify("i-postpaid-vpc", spec{Out: "6", Token: "token-C"}); err != nil {
		t.Fatalf("token of a refused call: %v", err)
	}
}

// TestModifyWindowOverPendingChange: a window booked while a paid change is
// still settling ends on that change, whichever settles first.
func TestModifyWindowOverPendingChange(t *testing.T) {
	f := newFixtureConfig(t, Config{Settle: 3 * time.Hour, PayDelay: time.Minute})
	f.mustModify("i-prepaid-vpc", spec{Out: "8"})
	f.srv.AdvanceClock(2 * time.Minute) // paid; settles 3h later
	now := f.srv.Now()
	start := now.Add(time.Hour).Truncate(time.Minute)
	end := now.Add(5 * time.Hour).Truncate(time.Hour)
	f.mustModify("i-prepaid-vpc", spec{Out: "30", Start: start.Format("2006-01-02T15:04Z"), End: end.Format("2006-01-02T15Z")})
	// The window's payment settles 3h after it is paid, past StartTime.
	f.srv.AdvanceClock(3*time.Hour + 10*time.Minute)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 30 {
		t.Fatalf("out = %d inside the window, want 30", in.InternetMaxBandwidthOut)
	}
	f.srv.AdvanceClock(end.Sub(f.srv.Now()) + time.Second)
	if in := f.describe("i-prepaid-vpc"); in.InternetMaxBandwidthOut != 8 {
		t.Fatalf("out = %d after the window, want the settled 8", in.InternetMaxBandwidthOut)
	}
}

// TestModifyAutoPaidOrdersAreNoDebt: auto-paid orders still being paid
// (the pay delay is an hour here) do not count toward the account's unpaid
// orders, so many subscription changes in parallel are all accepted.
func TestModifyAutoPaidOrdersAreNoDebt(t *testing.T) {
	w := DefaultWorld()
	withPrepaidInstances(6)(&w)
	f := newFixture(t, &w)
	for i := 1; i <= 5; i++ {
		f.mustModify(fmt.Sprintf("i-extra-%d", i), spec{Out: "10"})
	}
	if _, err := f.modify("i-extra-6", spec{Out: "10"}); err != nil {
		t.Fatalf("a sixth subscription change beside five auto-paid orders was refused: %v", err)
	}
	unpaid := 0
	for _, o := range f.srv.State().Accounts[0].Orders {
		if o.PaymentStatus == orderUnpaid {
			unpaid++
		}
	}
	if unpaid != 6 {
		t.Errorf("%d orders are Unpaid, want the 6 auto-paid ones still being paid", unpaid)
	}
}
