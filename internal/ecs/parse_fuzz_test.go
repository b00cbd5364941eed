package ecs

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzParseWindowTime: whatever start_time or end_time a user writes, the
// parser does not panic, accepts only UTC times in one of the two layouts,
// and an accepted value reads back as written.
func FuzzParseWindowTime(f *testing.F) {
	for _, s := range []string{"2030-01-01T10:00Z", "2030-01-01T10Z", "2030-02-30T10Z", "2030-01-01T24:00Z",
		"2030-01-01T10:00+08:00", "2030-01-01 10:00", "", "T10Z", "9999-12-31T23:59Z", "0000-01-01T00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseWindowTime(s)
		if err != nil {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("parseWindowTime(%q) = %v, not UTC", s, got)
		}
		if got.Second() != 0 || got.Nanosecond() != 0 {
			t.Fatalf("parseWindowTime(%q) = %v has seconds", s, got)
		}
		if got.Format(windowTimeLayouts[0]) != s && got.Format(windowTimeLayouts[1]) != s {
			t.Fatalf("parseWindowTime(%q) = %v, which reads back as neither layout", s, got)
		}
	})
}

// FuzzPrivateState: whatever bytes an older or newer provider version (or
// a hand-edited state) left in the private state, reading them does not
// fail the apply: they are a pending change or absent, and a value the
// provider writes reads back the same.
func FuzzPrivateState(f *testing.F) {
	f.Add([]byte(`{"fingerprint":"f","client_token":"t","order_id":"42","from":{"out":5,"in":10,"charge_type":"PayByTraffic"}}`))
	f.Add([]byte(`{"fingerprint":1}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`"seed"`))
	f.Add([]byte{0xff, 0x00})
	f.Fuzz(func(t *testing.T, raw []byte) {
		ctx := t.Context()
		p := memPrivate{privatePending: raw}
		v, diags := getPrivate[pendingChange](ctx, p, privatePending)
		if diags.HasError() {
			t.Fatalf("reading %q: %v", raw, diags)
		}
		if v == nil {
			return
		}
		if diags := setPrivate(ctx, p, privatePending, v); diags.HasError() {
			t.Fatalf("writing %+v: %v", v, diags)
		}
		again, _ := getPrivate[pendingChange](ctx, p, privatePending)
		if again == nil || *again != *v {
			t.Fatalf("%+v read back as %+v", v, again)
		}
		if !json.Valid(p[privatePending]) {
			t.Fatalf("wrote invalid JSON %q", p[privatePending])
		}
	})
}
