package ecsmock

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"
)

// busyWorld is the built-in world with one of everything validateWorld
// checks: an unpaid order carrying a pending change, a pay-as-you-go
// change due on the clock, a paid window, a remembered ClientToken.
func busyWorld() World {
	w := DefaultWorld()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	paid, due := at.Add(time.Minute), at.Add(time.Hour)
	a := &w.Accounts[0]
	a.Orders = []Order{
		{OrderId: "1", InstanceId: "i-prepaid-vpc", RegionId: defaultRegion, OrderType: "Upgrade", PaymentStatus: orderUnpaid, PretaxAmount: 50, CreateTime: at, ClientToken: "tok"},
		{OrderId: "2", InstanceId: "i-prepaid-stopped", RegionId: defaultRegion, OrderType: "TemporaryUpgrade", PaymentStatus: orderPaid, PretaxAmount: 1, CreateTime: at, PaymentTime: &paid},
		{OrderId: "3", InstanceId: "i-prepaid-noip", RegionId: defaultRegion, OrderType: "Downgrade", PaymentStatus: orderCancelled, PretaxAmount: -10, CreateTime: at},
	}
	a.instance("i-prepaid-vpc").PendingChanges = []PendingChange{{OrderId: "1", InternetChargeType: netPayByBandwidth, InternetMaxBandwidthOut: 10, InternetMaxBandwidthIn: 10}}
	a.instance("i-postpaid-vpc").PendingChanges = []PendingChange{{InternetChargeType: netPayByTraffic, InternetMaxBandwidthOut: 7, InternetMaxBandwidthIn: 10, EffectiveTime: &due}}
	a.instance("i-prepaid-stopped").TemporaryUpgrade = &TemporaryUpgrade{OrderId: "2", InternetMaxBandwidthOut: 20, InternetMaxBandwidthIn: 10,
		RestoreBandwidthOut: 5, RestoreBandwidthIn: 10, StartTime: at, EndTime: at.Add(2 * time.Hour), Active: true}
	a.ClientTokens = []ClientTokenRecord{{ClientToken: "tok", Request: "i-prepaid-vpc|10", InstanceId: "i-prepaid-vpc", OrderId: "1"}}
	postpaid := a.instance("i-postpaid-vpc")
	postpaid.BandwidthLimits = []BandwidthLimit{{InternetChargeType: netPayByTraffic, Min: 10, Max: 200}}
	postpaid.InternetMaxBandwidthOut = 150
	return w
}

func TestValidateWorldAccepts(t *testing.T) {
	for name, w := range map[string]World{"built-in": DefaultWorld(), "busy": busyWorld(), "no accounts": {Accounts: []Account{}}} {
		if err := validateWorld(&w); err != nil {
			t.Errorf("%s world refused: %v", name, err)
		}
	}
}

// TestValidateWorldRefuses: each edit of a valid world makes one thing
// wrong; the error names where and what.
func TestValidateWorldRefuses(t *testing.T) {
	acct := func(w *World) *Account { return &w.Accounts[0] }
	inst := func(w *World, id string) *Instance { return acct(w).instance(id) }
	order := func(w *World, id string) *Order { return acct(w).order(id) }
	for _, tc := range []struct {
		name string
		edit func(w *World)
		want string
	}{
		{"no key", func(w *World) { acct(w).AccessKeyId = "" }, "account 0: AccessKeyId and AccessKeySecret are required"},
		{"duplicate key", func(w *World) { w.Accounts[1].AccessKeyId = key1 }, `account "mock-access-key": AccessKeyId used twice`},
		{"negative balance", func(w *World) { acct(w).Balance = -0.01 }, "Balance -0.01 is outside 0 to 1e+12"},
		{"absurd balance", func(w *World) { acct(w).Balance = 1e300 }, "Balance 1e+300 is outside"},
		{"NaN balance", func(w *World) { acct(w).Balance = math.NaN() }, "Balance NaN"},
		{"instance without id", func(w *World) { acct(w).Instances[2].InstanceId = "" }, "instance 2 has no InstanceId"},
		{"duplicate instance", func(w *World) { w.Accounts[1].Instances[0].InstanceId = "i-postpaid-vpc" }, `instance "i-postpaid-vpc" appears twice`},
		{"unknown status", func(w *World) { inst(w, "i-postpaid-vpc").Status = "Sleeping" }, `instance "i-postpaid-vpc": Status "Sleeping" is not one of`},
		{"unknown charge type", func(w *World) { inst(w, "i-postpaid-vpc").InstanceChargeType = "Free" }, `InstanceChargeType "Free"`},
		{"unknown internet charge type", func(w *World) { inst(w, "i-postpaid-vpc").InternetChargeType = "PayByMood" }, `InternetChargeType "PayByMood"`},
		{"unknown network", func(w *World) { inst(w, "i-postpaid-vpc").InstanceNetworkType = "mesh" }, `InstanceNetworkType "mesh"`},
		{"out above 100", func(w *World) { inst(w, "i-prepaid-vpc").InternetMaxBandwidthOut = 101 }, "InternetMaxBandwidthOut 101 is outside 0-100"},
		{"negative out", func(w *World) { inst(w, "i-prepaid-vpc").InternetMaxBandwidthOut = -1 }, "InternetMaxBandwidthOut -1 is outside 0-100"},
		{"out above the instance's own limit", func(w *World) { inst(w, "i-postpaid-vpc").InternetMaxBandwidthOut = 201 }, `instance "i-postpaid-vpc": InternetMaxBandwidthOut 201 is outside 0-200`},
		{"pending change above the instance's own limit", func(w *World) { inst(w, "i-postpaid-vpc").PendingChanges[0].InternetMaxBandwidthOut = 250 },
			"PendingChanges[0]: InternetMaxBandwidthOut 250 is outside 0-200"},
		{"limit of an unknown charge type", func(w *World) { inst(w, "i-postpaid-vpc").BandwidthLimits[0].InternetChargeType = "PayByMood" }, `BandwidthLimits[0]: InternetChargeType "PayByMood"`},
		{"limit upside down", func(w *World) { inst(w, "i-postpaid-vpc").BandwidthLimits[0].Min = 300 }, "BandwidthLimits[0]: Min 300 and Max 200 must satisfy"},
		{"two limits for one charge type", func(w *World) {
			in := inst(w, "i-postpaid-vpc")
			in.BandwidthLimits = append(in.BandwidthLimits, in.BandwidthLimits[0])
		}, "BandwidthLimits[1]: a second range for PayByTraffic"},
		{"account id not 16 digits", func(w *World) { acct(w).AccountId = "123" }, `AccountId "123" is not 16 digits`},
		{"account id twice", func(w *World) { w.Accounts[1].AccountId = acct(w).AccountId }, "used twice"},
		{"key reserved for STS", func(w *World) { acct(w).AccessKeyId = stsKeyPrefix + "mine" }, "reserved for STS temporary keys"},
		{"in 0", func(w *World) { inst(w, "i-postpaid-vpc").InternetMaxBandwidthIn = 0 }, "InternetMaxBandwidthIn 0 is outside 1-200"},
		{"in above 200", func(w *World) { inst(w, "i-postpaid-vpc").InternetMaxBandwidthIn = 201 }, "InternetMaxBandwidthIn 201 is outside 1-200"},
		{"bad public IP", func(w *World) { inst(w, "i-postpaid-vpc").PublicIpAddress.IpAddress = []string{"47.0.0"} }, `PublicIpAddress "47.0.0" is not an IP address`},
		{"EIP without allocation", func(w *World) { inst(w, "i-vpc-eip").EipAddress.AllocationId = "" }, "EipAddress needs both"},
		{"bad expiry", func(w *World) { inst(w, "i-postpaid-vpc").ExpiredTime = "soon" }, "ExpiredTime"},
		{"negative downgrades", func(w *World) { inst(w, "i-prepaid-vpc").DowngradeCount = -1 }, "DowngradeCount -1 is outside 0-3"},
		{"downgrades beyond the quota", func(w *World) { inst(w, "i-prepaid-vpc").DowngradeCount = 4 }, "DowngradeCount 4 is outside 0-3"},
		{"pending change out of range", func(w *World) { inst(w, "i-postpaid-vpc").PendingChanges[0].InternetMaxBandwidthOut = 1000 },
			`instance "i-postpaid-vpc": PendingChanges[0]: InternetMaxBandwidthOut 1000 is outside 0-200`},
		{"pending change without charge type", func(w *World) { inst(w, "i-postpaid-vpc").PendingChanges[0].InternetChargeType = "" },
			`PendingChanges[0]: InternetChargeType ""`},
		{"pending change never due", func(w *World) { inst(w, "i-postpaid-vpc").PendingChanges[0].EffectiveTime = nil },
			"a change without OrderId needs its EffectiveTime"},
		{"pending change of an unknown order", func(w *World) { inst(w, "i-prepaid-vpc").PendingChanges[0].OrderId = "99" },
			`OrderId "99" is not an order of this account`},
		{"pending change of another instance's order", func(w *World) {
			inst(w, "i-prepaid-vpc").PendingChanges[0].OrderId = "3"
			order(w, "3").PaymentStatus = orderUnpaid
		},
			`OrderId "3" is an order of instance "i-prepaid-noip"`},
		{"pending change of a window order", func(w *World) { order(w, "1").OrderType = "TemporaryUpgrade" },
			`OrderId "1" is a TemporaryUpgrade order`},
		{"pending change of a cancelled order", func(w *World) { order(w, "1").PaymentStatus = orderCancelled },
			`OrderId "1" is Cancelled`},
		{"paid change never due", func(w *World) {
			now := time.Now()
			order(w, "1").PaymentStatus, order(w, "1").PaymentTime = orderPaid, &now
		}, `order "1" is Paid, so the change needs its EffectiveTime`},
		{"unpaid change due", func(w *World) { now := time.Now(); inst(w, "i-prepaid-vpc").PendingChanges[0].EffectiveTime = &now },
			`order "1" is Unpaid, so the change has no EffectiveTime yet`},
		{"window ending before it starts", func(w *World) { up := inst(w, "i-prepaid-stopped").TemporaryUpgrade; up.EndTime = up.StartTime },
			`instance "i-prepaid-stopped": TemporaryUpgrade: EndTime 2026-01-01T00:00:00Z must come after StartTime`},
		{"window without start", func(w *World) { inst(w, "i-prepaid-stopped").TemporaryUpgrade.StartTime = time.Time{} },
			"TemporaryUpgrade: EndTime"},
		{"window out of range", func(w *World) { inst(w, "i-prepaid-stopped").TemporaryUpgrade.InternetMaxBandwidthOut = 500 },
			"TemporaryUpgrade: InternetMaxBandwidthOut 500 is outside 0-100"},
		{"window restoring nonsense", func(w *World) { inst(w, "i-prepaid-stopped").TemporaryUpgrade.RestoreBandwidthIn = 0 },
			"TemporaryUpgrade: RestoreBandwidthIn 0 is outside 1-200"},
		{"window of an unknown order", func(w *World) { inst(w, "i-prepaid-stopped").TemporaryUpgrade.OrderId = "99" },
			`TemporaryUpgrade: OrderId "99" is not an order of this account`},
		{"active window unpaid", func(w *World) { order(w, "2").PaymentStatus, order(w, "2").PaymentTime = orderUnpaid, nil },
			`an Active window needs its order "2" Paid, not Unpaid`},
		{"order without id", func(w *World) { acct(w).Orders[2].OrderId = "" }, "order 2 has no OrderId"},
		{"duplicate order", func(w *World) { w.Accounts[1].Orders = []Order{acct(w).Orders[2]} }, `order "3" appears twice`},
		{"order of an unknown instance", func(w *World) { order(w, "3").InstanceId = "i-gone" }, `order "3": InstanceId "i-gone" is not an instance of this account`},
		{"order of another account's instance", func(w *World) { order(w, "3").InstanceId = "i-other-account" }, `InstanceId "i-other-account" is not an instance of this account`},
		{"unknown payment status", func(w *World) { order(w, "3").PaymentStatus = "Lost" }, `PaymentStatus "Lost"`},
		{"unknown order type", func(w *World) { order(w, "3").OrderType = "" }, `OrderType ""`},
		{"absurd amount", func(w *World) { order(w, "3").PretaxAmount = -1e13 }, "PretaxAmount -1e+13 is outside"},
		{"order without time", func(w *World) { order(w, "3").CreateTime = time.Time{} }, "CreateTime is required"},
		{"paid order without payment time", func(w *World) { order(w, "2").PaymentTime = nil }, "a Paid order needs its PaymentTime"},
		{"unpaid order with payment time", func(w *World) { now := time.Now(); order(w, "1").PaymentTime = &now }, "PaymentTime is set on an order that is Unpaid"},
		{"order token too long", func(w *World) { order(w, "3").ClientToken = strings.Repeat("t", 65) }, "ClientToken is longer than 64"},
		{"empty client token", func(w *World) { acct(w).ClientTokens[0].ClientToken = "" }, "ClientTokens[0]: ClientToken must have 1-64 characters"},
		{"duplicate client token", func(w *World) { acct(w).ClientTokens = append(acct(w).ClientTokens, acct(w).ClientTokens[0]) }, `ClientTokens[1]: ClientToken "tok" appears twice`},
		{"client token of an unknown order", func(w *World) { acct(w).ClientTokens[0].OrderId = "99" }, `ClientTokens[0]: OrderId "99"`},
		{"empty exhausted region", func(w *World) { w.ExhaustedIpRegions = []string{""} }, "ExhaustedIpRegions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := busyWorld()
			tc.edit(&w)
			err := validateWorld(&w)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("validateWorld = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestDecodeWorldRefuses(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "  ", "empty: a JSON object is expected"},
		{"null", " null\n", "null is not accepted"},
		{"no accounts", `{}`, `no "Accounts" list`},
		{"null accounts", `{"Accounts": null}`, `no "Accounts" list`},
		{"null account", `{"Accounts": [null]}`, "AccessKeyId and AccessKeySecret are required"},
		{"misspelt top-level field", `{"Accounts": [], "ExhaustedIpRegion": []}`, `unknown field "ExhaustedIpRegion"`},
		{"misspelt nested field", `{"Accounts": [{"AccessKeyId": "k", "AccessKeySecret": "s", "Ballance": 5}]}`, `unknown field "Ballance"`},
		{"trailing garbage", `{"Accounts": []}garbage`, "data follows the JSON value"},
		{"two worlds", `{"Accounts": []} {"Accounts": []}`, "data follows the JSON value"},
		{"array", `[]`, "cannot unmarshal array"},
		{"fractional bandwidth", `{"Accounts": [{"AccessKeyId": "k", "AccessKeySecret": "s", "Instances": [{"InstanceId": "i", "InstanceChargeType": "PostPaid", "InternetMaxBandwidthOut": 1.5}]}]}`, "cannot unmarshal number 1.5"},
		{"huge bandwidth", `{"Accounts": [{"AccessKeyId": "k", "AccessKeySecret": "s", "Instances": [{"InstanceId": "i", "InstanceChargeType": "PostPaid", "InternetMaxBandwidthOut": 1e30}]}]}`, "cannot unmarshal number 1e30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := decodeWorld([]byte(tc.body)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("decodeWorld(%s) = %v, want an error containing %q", tc.body, err, tc.want)
			}
		})
	}
	w, err := decodeWorld([]byte(`{"Accounts": []}` + "\n"))
	if err != nil || w.Accounts == nil || len(w.Accounts) != 0 {
		t.Fatalf("decodeWorld of an empty world = %+v, %v", w, err)
	}
}

// TestAdminPutStateRefusalChangesNothing: whatever PUT /_mock/state
// refuses, the world stays as it was, state file included.
func TestAdminPutStateRefusalChangesNothing(t *testing.T) {
	f := newFixture(t, nil)
	before, _ := json.Marshal(f.srv.State())
	badInstance := busyWorld()
	badInstance.Accounts[0].instance("i-postpaid-vpc").PendingChanges[0].EffectiveTime = nil
	wedging, _ := json.Marshal(badInstance)
	for _, body := range []string{
		`null`, `{"Acounts": []}`, `{"Accounts": []} trailing`, string(before) + "x", string(wedging),
		`{"Accounts": [{"AccessKeyId": "k", "AccessKeySecret": "s", "Balance": -1}]}`,
		`{"Accounts": [{"AccessKeyId": "k", "AccessKeySecret": "s", "Orders": [{"OrderId": "1", "InstanceId": "i-nowhere"}]}]}`,
	} {
		var e adminError
		if code := f.admin(http.MethodPut, "/_mock/state", body, &e); code != http.StatusBadRequest || e.Code != "InvalidWorld" || e.Message == "" {
			t.Errorf("PUT %.60s: %d %+v, want 400 InvalidWorld with a message", body, code, e)
		}
	}
	if after, _ := json.Marshal(f.srv.State()); string(after) != string(before) {
		t.Fatalf("a refused PUT changed the world:\nbefore %s\nafter  %s", before, after)
	}
	big := `{"Accounts": [], "ExhaustedIpRegions": ["` + strings.Repeat("x", maxWorldBody) + `"]}`
	var e adminError
	if code := f.admin(http.MethodPut, "/_mock/state", big, &e); code != http.StatusRequestEntityTooLarge || e.Code != "BodyTooLarge" {
		t.Fatalf("PUT of a world over %d bytes: %d %+v, want 413 BodyTooLarge", maxWorldBody, code, e)
	}
}
