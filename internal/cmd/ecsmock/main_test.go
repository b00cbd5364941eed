package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
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
	bin := buildCommand(t, dir)
	seedPath := filepath.Join(dir, "seed.json")
	statePath := filepath.Join(dir, "state.json")
	if err := os.WriteFile(seedPath, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}

	// The seed comes from the environment; -settle is given both ways and
	// the flag wins (the change is still pending at the end).
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-state", statePath, "-settle", "1h", "-pay-delay", "10ms")
	cmd.Env = append(os.Environ(), "ECSMOCK_SEED="+seedPath, "ECSMOCK_SETTLE=1ms")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	sim := startCommand(t, cmd, "http")
	host := sim.host

	resp0, err := http.Get("http://" + host + "/_mock/health")
	if err != nil {
		t.Fatal(err)
	}
	var health struct{ Status, Version string }
	err = json.NewDecoder(resp0.Body).Decode(&health)
	resp0.Body.Close()
	if err != nil || resp0.StatusCode != http.StatusOK || health.Status != "ok" || health.Version != "dev" {
		t.Fatalf("GET /_mock/health: %d %+v %v, want 200 ok dev", resp0.StatusCode, health, err)
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

	if err := sim.stop(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v\nstderr:\n%s", err, stderr.String())
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
		FormatVersion int
		ClockOffset   string
		World         struct {
			Accounts []struct {
				Instances []struct {
					InstanceId     string
					PendingChanges []struct{ InternetMaxBandwidthOut int }
				}
			}
		}
	}
	if err := json.Unmarshal(b, &state); err != nil {
		t.Fatal(err)
	}
	if state.FormatVersion != 1 || state.ClockOffset != "0s" {
		t.Errorf("state file format %d, clock offset %q; want 1 and 0s", state.FormatVersion, state.ClockOffset)
	}
	// With a 1h settle the change is still pending when the command stops.
	in := state.World.Accounts[0].Instances[0]
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

// TestBadEnvironmentStopsStartUp: run refuses to start on a bad
// ECSMOCK_ value before it listens.
func TestBadEnvironmentStopsStartUp(t *testing.T) {
	t.Setenv("ECSMOCK_DOWNGRADE_LOCK", "forever")
	var stdout, stderr strings.Builder
	err := run([]string{"-listen", "127.0.0.1:0"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "ECSMOCK_DOWNGRADE_LOCK") || stdout.String() != "" {
		t.Fatalf("run = %v, stdout %q; want a refusal naming ECSMOCK_DOWNGRADE_LOCK before listening", err, stdout.String())
	}
}

func TestVersion(t *testing.T) {
	var stdout, stderr strings.Builder
	if err := run([]string{"-version"}, &stdout, &stderr); err != nil || stdout.String() != "ecsmock dev\n" {
		t.Fatalf("-version: %v, stdout %q, stderr %q", err, stdout.String(), stderr.String())
	}
}

func TestFlagsFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		env     map[string]string
		settle  string
		quiet   string
		wantErr string
	}{
		{name: "defaults", settle: "2s", quiet: "false"},
		{name: "from env", env: map[string]string{"ECSMOCK_SETTLE": "10s", "ECSMOCK_QUIET": "true"}, settle: "10s", quiet: "true"},
		{name: "flag wins", args: []string{"-settle", "3s"}, env: map[string]string{"ECSMOCK_SETTLE": "10s"}, settle: "3s", quiet: "false"},
		{name: "flag wins over a bad value", args: []string{"-settle", "3s"}, env: map[string]string{"ECSMOCK_SETTLE": "soon"}, settle: "3s", quiet: "false"},
		{name: "dash as underscore", env: map[string]string{"ECSMOCK_PAY_DELAY": "1s"}, settle: "2s", quiet: "false"},
		{name: "version is not read", env: map[string]string{"ECSMOCK_VERSION": "1.2.3"}, settle: "2s", quiet: "false"},
		{name: "bad duration", env: map[string]string{"ECSMOCK_SETTLE": "soon"},
			wantErr: `environment variable ECSMOCK_SETTLE="soon" is not a valid -settle: want a Go duration such as 2s or 5m`},
		{name: "bad bool", env: map[string]string{"ECSMOCK_QUIET": "maybe"},
			wantErr: `environment variable ECSMOCK_QUIET="maybe" is not a valid -quiet: want true or false`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("ecsmock", flag.ContinueOnError)
			settle := fs.Duration("settle", 2*time.Second, "")
			fs.Duration("pay-delay", time.Second/2, "")
			quiet := fs.Bool("quiet", false, "")
			version := fs.Bool("version", false, "")
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := flagsFromEnv(fs, func(name string) (string, bool) { v, ok := tc.env[name]; return v, ok })
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if settle.String() != tc.settle || fmt.Sprint(*quiet) != tc.quiet || *version {
				t.Fatalf("settle %v quiet %v version %v, want %s %s false", settle, *quiet, *version, tc.settle, tc.quiet)
			}
			if v, ok := tc.env["ECSMOCK_PAY_DELAY"]; ok && fs.Lookup("pay-delay").Value.String() != v {
				t.Fatalf("pay-delay %v, want %s", fs.Lookup("pay-delay").Value, v)
			}
		})
	}
}

// buildCommand builds the command into dir.
func buildCommand(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "ecsmock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// simulatorProcess is the command running as a child process.
type simulatorProcess struct {
	cmd    *exec.Cmd
	exited chan error
	host   string // HOST:PORT from its first line
}

// startCommand starts cmd, waits for its first line and checks that it
// names the scheme and the real port. The process is killed at cleanup
// unless it was stopped.
func startCommand(t *testing.T, cmd *exec.Cmd, scheme string) *simulatorProcess {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &simulatorProcess{cmd: cmd, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			// Wait for the kill, so that the temporary directory can go.
			if err := <-p.exited; err != nil {
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
	host, ok := strings.CutPrefix(strings.TrimSpace(first), "listening on "+scheme+"://")
	if !ok || strings.HasSuffix(host, ":0") {
		t.Fatalf("first line = %q, want listening on %s://HOST:PORT with the real port", first, scheme)
	}
	p.host = host
	return p
}

// stop sends SIGTERM and returns how the process exited.
func (p *simulatorProcess) stop(t *testing.T) error {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("did not exit within 30s of SIGTERM")
		return nil
	}
}
