package ecs

import (
	"strings"
	"testing"
	"time"
)

func TestParseScheduleHook(t *testing.T) {
	for _, v := range []string{"", "adaptive"} {
		if s, err := parseScheduleHook(v); s != nil || err != nil {
			t.Errorf("%q: a hook (err %v), want the provider's own schedule", v, err)
		}
	}
	s, err := parseScheduleHook("fixed:1s")
	if err != nil || s(0, 0) != 0 || s(time.Hour, 1) != time.Second {
		t.Errorf("fixed:1s: err %v; want a check at once, then every second", err)
	}
	for _, v := range []string{"fixed:", "fixed:-1s", "fixed:soon", "every:1s"} {
		if _, err := parseScheduleHook(v); err == nil {
			t.Errorf("%q: accepted", v)
		}
	}
}

func TestParseBatchingHook(t *testing.T) {
	tests := []struct {
		value   string
		off     bool
		wantErr bool
	}{
		{"", false, false},
		{"on", false, false},
		{"off", true, false},
		{"OFF", false, true},
		{"false", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			off, err := parseBatchingHook(tt.value)
			if off != tt.off || (err != nil) != tt.wantErr {
				t.Fatalf("parseBatchingHook(%q) = %v, %v; want %v, error %v", tt.value, off, err, tt.off, tt.wantErr)
			}
		})
	}
}

// TestReadHooks: what Configure makes of the environment, and the error
// a bad value gets: it names the variable and the values it takes.
func TestReadHooks(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		wantFixed bool
		wantOff   bool
		wantErrs  []string
	}{
		{"unset", nil, false, false, nil},
		{"the baselines", map[string]string{pollScheduleEnv: "fixed:1s", readBatchingEnv: "off"}, true, true, nil},
		{"the defaults named", map[string]string{pollScheduleEnv: "adaptive", readBatchingEnv: "on"}, false, false, nil},
		{"a bad schedule", map[string]string{pollScheduleEnv: "fixed:often"}, false, false,
			[]string{"Invalid ALIYUN_POLL_SCHEDULE", `ALIYUN_POLL_SCHEDULE="fixed:often"`, `"adaptive"`, `"fixed:1s"`, "unset it"}},
		{"both bad", map[string]string{pollScheduleEnv: "1s", readBatchingEnv: "no"}, false, false,
			[]string{"Invalid ALIYUN_POLL_SCHEDULE", "Invalid ALIYUN_READ_BATCHING", `ALIYUN_READ_BATCHING="no": want "on" or "off"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, diags := readHooks(func(k string) string { return tt.env[k] })
			var text strings.Builder
			for _, d := range diags.Errors() {
				text.WriteString(d.Summary() + ": " + d.Detail() + "\n")
			}
			if (len(tt.wantErrs) > 0) != diags.HasError() {
				t.Fatalf("errors: %q, want them to contain %q", text.String(), tt.wantErrs)
			}
			for _, want := range tt.wantErrs {
				if !strings.Contains(text.String(), want) {
					t.Errorf("errors %q do not say %q", text.String(), want)
				}
			}
			if (h.schedule != nil) != tt.wantFixed || h.batchingOff != tt.wantOff {
				t.Errorf("hooks: fixed schedule %v, batching off %v; want %v, %v", h.schedule != nil, h.batchingOff, tt.wantFixed, tt.wantOff)
			}
			if tt.wantFixed && h.schedule(time.Hour, 3) != time.Second {
				t.Errorf("fixed:1s: a check %s apart, want 1s", h.schedule(time.Hour, 3))
			}
		})
	}
}

// TestConfigureClientKeepsTheHooks: the hooks read at Configure are what
// the provider instance's reads and waits go by.
func TestConfigureClientKeepsTheHooks(t *testing.T) {
	env := map[string]string{pollScheduleEnv: "fixed:2s", readBatchingEnv: "off"}
	client := retryClient(t, 0)
	if diags := ConfigureClient(client, func(k string) string { return env[k] }); diags.HasError() {
		t.Fatal(diags)
	}
	s := sharedOf(client)
	if w := s.waiter(time.Time{}); w.fixed == nil || w.fixed(time.Hour, 1) != 2*time.Second {
		t.Error("the waits do not poll every 2s")
	}
	if !s.reads.off {
		t.Error("the reads are batched")
	}

	if s := sharedOf(retryClient(t, 0)); s.waiter(time.Time{}).fixed != nil || s.reads.off {
		t.Error("a client Configure did not set up has hooks")
	}
}
