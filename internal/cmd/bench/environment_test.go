package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParentPID(t *testing.T) {
	tests := []struct {
		stat string
		want int
	}{
		{"4242 (terraform-provi) S 4200 4242 4200 0 -1", 4200},
		{"77 (a (weird) name) R 1 77 77 0 -1", 1},
		{"garbage", -1},
		{"5 (x)", -1},
	}
	for _, tt := range tests {
		if got := parentPID([]byte(tt.stat)); got != tt.want {
			t.Errorf("parentPID(%q) = %d, want %d", tt.stat, got, tt.want)
		}
	}
}

func TestParseVmHWM(t *testing.T) {
	tests := []struct {
		status string
		want   int64
		ok     bool
	}{
		{"Name:\tx\nVmPeak:\t  900 kB\nVmHWM:\t   51200 kB\nVmRSS:\t 40000 kB\n", 51200, true},
		{"Name:\tx\n", 0, false},
		{"VmHWM:\t12 MB\n", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseVmHWM(strings.NewReader(tt.status))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseVmHWM(%q) = %d, %v; want %d, %v", tt.status, got, ok, tt.want, tt.ok)
		}
	}
}

// TestWatchMemory follows a real child running a known binary.
func TestWatchMemory(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc: the memory watch reports 0 here")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep binary")
	}
	sleep, _ = filepath.EvalSymlinks(sleep)
	// A shell parent with a sleep child: the watch follows the shell's
	// children that run sleep.
	cmd := exec.Command("sh", "-c", sleep+" 0.3; true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := watchMemory(cmd.Process.Pid, sleep)
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if peak := w.stop(); peak <= 0 {
		t.Fatalf("peak of the sleep child = %d KiB, want above 0", peak)
	}
	other := watchMemory(os.Getpid(), "/nonexistent/binary")
	if peak := other.stop(); peak != 0 {
		t.Fatalf("peak of no matching child = %d, want 0", peak)
	}
}

func TestTFEnv(t *testing.T) {
	environ := []string{
		"PATH=/usr/bin", "HOME=/root",
		"ALICLOUD_ACCESS_KEY=real", "ALIBABA_CLOUD_REGION=cn-beijing", "ALIYUN_POLL_SCHEDULE=fixed:9s",
		"TF_LOG=TRACE", "TF_CLI_ARGS_apply=-destroy", "TF_VAR_out=1", "CHECKPOINT_DISABLE=",
	}
	got := tfEnv(environ, "/tmp/x/terraform.rc", hooks{schedule: scheduleFixed1s, batching: batchingOff})
	want := []string{
		"PATH=/usr/bin", "HOME=/root",
		"TF_CLI_CONFIG_FILE=/tmp/x/terraform.rc", "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"ALIYUN_POLL_SCHEDULE=fixed:1s", "ALIYUN_READ_BATCHING=off",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("tfEnv =\n%q\nwant\n%q", got, want)
	}
	if got := tfEnv(nil, "rc", hooks{}); slices.ContainsFunc(got, func(kv string) bool { return strings.HasPrefix(kv, "ALIYUN_") }) {
		t.Fatalf("tfEnv without hooks sets one: %q", got)
	}
}

func TestConfigNamesTheWorldsInstances(t *testing.T) {
	cfg := config("127.0.0.1:1234", 3)
	for _, want := range []string{
		`count                      = 3`,
		`instance_id                = format("i-bench-%04d", count.index)`,
		`ecs = "127.0.0.1:1234"`,
		`access_key = "` + accessKey + `"`,
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %q:\n%s", want, cfg)
		}
	}
	w := newWorld(3, prePaid)
	if got := w.Accounts[0].Instances[2].InstanceId; got != "i-bench-0002" || got != instanceID(2) {
		t.Fatalf("third instance = %q, want the id the configuration formats: i-bench-0002", got)
	}
	if w.Accounts[0].Instances[0].InternetMaxBandwidthOut != startOut {
		t.Fatal("generated instances do not start at startOut")
	}
}
