package ecsmock

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseWindowTime: a window bound that parses is a whole UTC minute and
// is written exactly in one of the two documented forms.
func FuzzParseWindowTime(f *testing.F) {
	for _, s := range []string{
		"2017-12-05T22:40Z", "2017-12-06T22Z", "2017-12-05T2:40Z", "2017-12-05T2Z",
		"2017-12-05T22:40:00Z", "2017-12-05 22:40Z", "2017-02-30T10Z", "2017-12-05T24Z",
		"2017-12-05T22:40+08:00", "", "Z", "9999-12-31T23:59Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseWindowTime(s)
		if err != nil {
			return
		}
		if got.Location() != time.UTC || got.Second() != 0 || got.Nanosecond() != 0 {
			t.Fatalf("parseWindowTime(%q) = %v, want a whole UTC minute", s, got)
		}
		if got.Format(apiMinuteTimeLayout) != s && got.Format(windowHourLayout) != s {
			t.Fatalf("parseWindowTime(%q) = %v, which reads %q or %q", s, got, got.Format(apiMinuteTimeLayout), got.Format(windowHourLayout))
		}
	})
}

// FuzzParseNetworkSpecRequest: whatever the parameters, an accepted
// ModifyInstanceNetworkSpec request stays within the documented limits, and
// a refused one names a documented code.
func FuzzParseNetworkSpecRequest(f *testing.F) {
	f.Add("i-1", "10", "20", "PayByTraffic", "true", "false", "token", "", "")
	f.Add("i-1", "5", "", "", "", "", "", "2017-12-05T22:40Z", "2017-12-06T22Z")
	f.Add("i-1", "+7", "007", "PayByBandwidth", "TRUE", "False", strings.Repeat("x", 65), "", "")
	f.Add("i-1", "0", "", "", "true", "", "", "", "")
	f.Add("", "-1", "201", "Other", "yes", "no", "", "2017-12-06T22Z", "2017-12-05T22:40Z")
	codes := map[string]bool{
		"MissingParameter": true, "InvalidInternetMaxBandwidthOut.ValueNotSupported": true,
		"InvalidInternetMaxBandwidthIn.ValueNotSupported": true, "InvalidInternetChargeType.ValueNotSupported": true,
		"InvalidParam.AllocatePublicIp": true, "InvalidParameter": true, "InvalidStartTime.ValueNotSupported": true,
		"InvalidEndTime.ValueNotSupported": true, "InvalidParameter.Conflict": true, "InvalidParameter.Bandwidth": true,
	}
	f.Fuzz(func(t *testing.T, id, out, in, charge, allocate, autoPay, token, start, end string) {
		p := params{"InstanceId": id, "InternetMaxBandwidthOut": out, "InternetMaxBandwidthIn": in,
			"NetworkChargeType": charge, "AllocatePublicIp": allocate, "AutoPay": autoPay,
			"ClientToken": token, "StartTime": start, "EndTime": end}
		m, aerr := parseNetworkSpecRequest(p)
		if aerr != nil {
			if !codes[aerr.Code] || aerr.Status != 400 || m != nil {
				t.Fatalf("refusal %v (request %+v) is not a documented parameter error", aerr, m)
			}
			return
		}
		switch {
		case m.InstanceID == "":
			t.Fatal("accepted without InstanceId")
		case m.Out != nil && (*m.Out < 0 || *m.Out > maxLimitOut): // the instance's own range is checked later
			t.Fatalf("accepted Out %d", *m.Out)
		case m.In != nil && (*m.In < minBandwidthIn || *m.In > maxBandwidthIn):
			t.Fatalf("accepted In %d", *m.In)
		case m.ChargeType != "" && m.ChargeType != netPayByTraffic && m.ChargeType != netPayByBandwidth:
			t.Fatalf("accepted NetworkChargeType %q", m.ChargeType)
		case len(m.ClientToken) > maxClientTokenLen:
			t.Fatalf("accepted a ClientToken of %d characters", len(m.ClientToken))
		case m.Out == nil && m.In == nil && m.ChargeType == "":
			t.Fatal("accepted a request that changes nothing")
		case (m.Start == nil) != (m.End == nil):
			t.Fatal("accepted one window bound without the other")
		case m.window() && !m.End.After(*m.Start):
			t.Fatalf("accepted a window from %v to %v", m.Start, m.End)
		case m.AllocatePublicIP && m.Out != nil && *m.Out == 0:
			t.Fatal("accepted AllocatePublicIp with Out 0")
		}
		again, _ := parseNetworkSpecRequest(p)
		if again.canonical() != m.canonical() {
			t.Fatalf("canonical form not stable: %q then %q", m.canonical(), again.canonical())
		}
	})
}
