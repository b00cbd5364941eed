package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

const seed = `{"Accounts": [{"AccessKeyId": "seed-key", "AccessKeySecret": "seed-secret",
   "Balance": 100, "InArrears": false,
   "Instances": [{"InstanceId": "i-seeded", "RegionId": "cn-hangzhou",
      "Status": "Running", "InstanceChargeType": "PostPaid",
      "InternetChargeType": "PayByTraffic", "InternetMaxBandwidthOut": 3,
      "InternetMaxBandwidthIn": 10, "InstanceNetworkType": "vpc",
      "PublicIpAddress": {"IpAddress": ["47.0.0.9"]},
      "EipAddress": {"IpAddress": "", "AllocationId": ""},
      "ExpiredTime": "2099-01-01T00:00Z", "DowngradeCount": 0}],
   "Orders": []}]}`

// TestCommand builds the command, runs it on a free port with a seed and a
// state file, describes and modifies the seeded instance with the SDK, then
// stops it with SIGTERM and checks the state file it leaves.
func TestCommand(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "ecsmock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	seedPath := filepath.Join(dir, "seed.json")
	statePath := filepath.Join(dir, "state.json")
	if err := os.WriteFile(seedPath, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-seed", seedPath, "-state", statePath, "-settle", "1h", "-pay-delay", "10ms")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			// Wait for the kill, so that the temporary directory can go.
			if err := <-exited; err != nil {
				t.Logf("simulator killed: %v", err)
			}
		}
	})

	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
	}()
	var first string
	select {
	case first = <-lines:
	case <-time.After(30 * time.Second):
		t.Fatal("no first line within 30s")
	}
	host, ok := strings.CutPrefix(strings.TrimSpace(first), "listening on http://")
	if !ok || strings.HasSuffix(host, ":0") {
		t.Fatalf("first line = %q, want listening on http://HOST:PORT with the real port", first)
	}

	client, err := ecs.NewClientWithAccessKey("cn-hangzhou", "seed-key", "seed-secret")
	if err != nil {
		t.Fatal(err)
	}
	req := ecs.CreateDescribeInstancesRequest()
	req.Scheme, req.Domain = "http", host
	resp, err := client.DescribeInstances(req)
	if err != nil {
		t.Fatalf("DescribeInstances: %v", err)
	}
	if resp.TotalCount != 1 || resp.Instances.Instance[0].InstanceId != "i-seeded" || resp.Instances.Instance[0].InternetMaxBandwidthOut != 3 {
		t.Fatalf("DescribeInstances = %+v", resp.Instances)
	}
	mod := ecs.CreateModifyInstanceNetworkSpecRequest()
	mod.Scheme, mod.Domain = "http", host
	mod.InstanceId, mod.InternetMaxBandwidthOut = "i-seeded", "8"
	if _, err := client.ModifyInstanceNetworkSpec(mod); err != nil {
		t.Fatalf("ModifyInstanceNetworkSpec: %v", err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\nstderr:\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("did not exit within 30s of SIGTERM")
	}
	if !strings.Contains(stderr.String(), "DescribeInstances") || !strings.Contains(stderr.String(), "ModifyInstanceNetworkSpec") {
		t.Errorf("stderr does not log the calls:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "seed-secret") {
		t.Errorf("stderr shows the secret:\n%s", stderr.String())
	}
	// A seed the simulator refuses stops it at once, non-zero, saying why.
	if err := os.WriteFile(seedPath, []byte(`{"Accounts": []} trailing`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-listen", "127.0.0.1:0", "-seed", seedPath).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "ecsmock: seed: "+seedPath+": data follows the JSON value") {
		t.Errorf("bad seed: %v, output %q; want exit 1 naming the file and the fault", err, out)
	}

	b, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatalf("state file: %v", err)
	}
	var state struct {
		Accounts []struct {
			Instances []struct {
				InstanceId     string
				PendingChanges []struct{ InternetMaxBandwidthOut int }
			}
		}
	}
	if err := json.Unmarshal(b, &state); err != nil {
		t.Fatal(err)
	}
	// With a 1h settle the change is still pending when the command stops.
	in := state.Accounts[0].Instances[0]
	if in.InstanceId != "i-seeded" || len(in.PendingChanges) != 1 || in.PendingChanges[0].InternetMaxBandwidthOut != 8 {
		t.Fatalf("state file does not hold the pending change:\n%s", b)
	}
}
func TestFlags(t *testing.T) {
	dir := t.TempDir()
	badSeed, badState := filepath.Join(dir, "seed.json"), filepath.Join(dir, "state.json")
	if err := os.WriteFile(badSeed, []byte(`{"Accounts":[{"AccessKeyId":"k","AccessKeySecret":"s","Instance":[]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(badState, []byte(`{"Accounts":[{"AccessKeyId":"k","AccessKeySecret":"s","Balance":-1}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-settle", "soon"}, "invalid value"},
		{[]string{"-seed", "/nonexistent/seed.json"}, "seed"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-listen", "256.0.0.1:1"}, "256.0.0.1"},
		{[]string{"-tls-ca", "ca.pem"}, "-tls-ca needs -tls"},
		{[]string{"-listen", "127.0.0.1:0", "-tls", "-tls-ca", "/nonexistent/dir/ca.pem"}, "-tls-ca"},
		{[]string{"-max-calls", "0"}, "-max-calls 0"},
		{[]string{"-seed", badSeed}, `unknown field "Instance"`},
		{[]string{"-state", badState}, "Balance -1"},
	} {
		var stdout, stderr strings.Builder
		err := run(tc.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error()+stderr.String(), tc.want) {
			t.Errorf("run(%v) = %v (stderr %q), want an error mentioning %q", tc.args, err, stderr.String(), tc.want)
		}
	}
}

func TestListenWarning(t *testing.T) {
	for _, tc := range []struct {
		listen    string
		withToken bool
		want      string
	}{
		{"127.0.0.1:8642", false, ""},
		{"[::1]:0", false, ""},
		{"localhost:8642", false, ""},
		{"0.0.0.0:8642", false, "the admin API (/_mock/) still answers loopback clients only (give -admin-token"},
		{":8642", false, "-listen :8642 is reachable from other machines"},
		{"[::]:8642", true, "answers them only with the -admin-token"},
		{"192.0.2.1:8642", false, "still answers loopback clients only"},
		{"sim.internal:8642", false, "still answers loopback clients only"},
	} {
		got := listenWarning(tc.listen, tc.withToken)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("listenWarning(%q, %v) = %q, want %q", tc.listen, tc.withToken, got, tc.want)
		}
	}
}
