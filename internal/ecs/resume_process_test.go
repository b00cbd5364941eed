//go:build linux

package ecs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// These tests run the provider out of process, as Terraform does for a
// user, so that it can be killed: each builds the provider into its own
// temporary directory, which tells its process apart from those of other
// tests.

// processWorkspace is one Terraform working directory using a provider
// binary of its own through a dev override.
type processWorkspace struct {
	tf       tfharness.Terraform
	provider string // the provider binary's absolute path
	header   string // the terraform and provider blocks
}

// newProcessWorkspace builds the provider and writes the configuration
// body (with the provider block for mock) into a new working directory.
func newProcessWorkspace(t *testing.T, mock *acctest.Mock, body string) *processWorkspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	acctest.PreCheck(t)
	root := t.TempDir()
	binDir := filepath.Join(root, "bin")
	provider := filepath.Join(binDir, tfharness.ProviderBinary)
	build := exec.CommandContext(t.Context(), "go", "build", "-o", provider, "github.com/ecsnet/terraform-provider-aliyun")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(root, "terraform.rc")
	if err := tfharness.WriteCLIConfig(cliConfig, binDir); err != nil {
		t.Fatal(err)
	}
	// The provider process trusts the simulator's certificate as a user's
	// would trust a private CA: through SSL_CERT_FILE.
	ca := filepath.Join(root, "ca.pem")
	if err := os.WriteFile(ca, acctest.CAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "work")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w := &processWorkspace{
		tf: tfharness.Terraform{
			Path: os.Getenv("TF_ACC_TERRAFORM_PATH"),
			Dir:  dir,
			Env:  tfharness.Env(os.Environ(), cliConfig, []string{"SSL_CERT_FILE=", "SSL_CERT_DIR="}, "SSL_CERT_FILE="+ca),
		},
		provider: provider,
		header: fmt.Sprintf(`terraform {
  required_providers {
    aliyun = {
      source = %q
    }
  }
}
%s`, tfharness.ProviderSource, mock.ProviderConfig()),
	}
	w.configure(t, body)
	return w
}

// configure writes the workspace's configuration: its header and body.
func (w *processWorkspace) configure(t *testing.T, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(w.tf.Dir, "main.tf"), []byte(w.header+body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (w *processWorkspace) run(t *testing.T, args ...string) tfharness.Result {
	t.Helper()
	res, err := w.tf.Run(t.Context(), append(args, "-no-color")...)
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", args[0], err, res.Output)
	}
	return res
}

func (w *processWorkspace) apply(t *testing.T) tfharness.Result {
	t.Helper()
	return w.run(t, "apply", "-auto-approve", "-input=false")
}

// mustApply applies and fails the test unless terraform succeeds.
func (w *processWorkspace) mustApply(t *testing.T) {
	t.Helper()
	if res := w.apply(t); res.ExitCode != 0 {
		t.Fatalf("terraform apply exited %d:\n%s", res.ExitCode, res.Output)
	}
}

// stateAttr is an attribute of aliyun_ecs_instance_network_spec.test in
// the workspace's state.
func (w *processWorkspace) stateAttr(t *testing.T, name string) any {
	t.Helper()
	res := w.run(t, "show", "-json")
	var shown struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(res.Output), &shown); err != nil {
		t.Fatalf("terraform show -json: %v\n%s", err, res.Output)
	}
	for _, r := range shown.Values.RootModule.Resources {
		if r.Address == resourceName {
			return r.Values[name]
		}
	}
	t.Fatalf("%s not in the state:\n%s", resourceName, res.Output)
	return nil
}

// expectEmptyPlan fails the test unless a plan finds nothing to do.
func (w *processWorkspace) expectEmptyPlan(t *testing.T) {
	t.Helper()
	if res := w.run(t, "plan", "-detailed-exitcode", "-input=false"); res.ExitCode != 0 {
		t.Errorf("plan after the apply exited %d, want 0 (no changes):\n%s", res.ExitCode, res.Output)
	}
}

// killProviderWhen kills the workspace's provider process with SIGKILL as
// soon as ready says so; the channel gets nil once it did, or why not.
func (w *processWorkspace) killProviderWhen(ctx context.Context, ready func() bool) <-chan error {
	done := make(chan error, 1)
	go func() {
		for ctx.Err() == nil {
			if ready() {
				pid, err := processOf(w.provider)
				if err == nil {
					err = syscall.Kill(pid, syscall.SIGKILL)
				}
				done <- err
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		done <- ctx.Err()
	}()
	return done
}

// processOf finds the running process of the binary at path.
func processOf(path string) (int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		var pid int
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == path {
			return pid, nil
		}
	}
	return 0, fmt.Errorf("no process runs %s", path)
}

// acceptedModify: the simulator accepted a ModifyInstanceNetworkSpec call.
func acceptedModify(mock *acctest.Mock) func() bool {
	return func() bool {
		for _, c := range mock.Calls() {
			if c.Action == modifyAction && c.HttpStatus == 200 {
				return true
			}
		}
		return false
	}
}

// resourceBlock is the configuration of the resource "test".
func resourceBlock(instanceID string, out int, timeout string) string {
	return fmt.Sprintf(`
resource "aliyun_ecs_instance_network_spec" "test" {
  instance_id                = %q
  internet_max_bandwidth_out = %d

  timeouts {
    create = %q
    update = %q
  }
}
`, instanceID, out, timeout, timeout)
}

// testKilledMidWait applies a change whose order pays itself after a
// while, kills the provider once the change was sent, and applies again.
// before, if set, is applied first (the change is then an update).
func testKilledMidWait(t *testing.T, before string) {
	const id = "i-prepaid-vpc"
	// The order pays itself long after the kill, so that the next apply
	// meets it unpaid, as an order being paid would be.
	mock := acctest.StartMockWith(t, ecsmock.Config{PayDelay: 6 * time.Second, Settle: 300 * time.Millisecond})
	w := newProcessWorkspace(t, mock, before)
	if before != "" {
		w.mustApply(t)
	}
	w.configure(t, resourceBlock(id, 20, "2m"))

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	killed := w.killProviderWhen(ctx, acceptedModify(mock))
	res := w.apply(t)
	if err := <-killed; err != nil {
		t.Fatalf("killing the provider: %v (apply exited %d:\n%s)", err, res.ExitCode, res.Output)
	}
	if res.ExitCode == 0 {
		t.Fatalf("the apply whose provider was killed succeeded:\n%s", res.Output)
	}
	orders := mock.Orders(id)
	if len(orders) != 1 || orders[0].PaymentStatus != "Unpaid" {
		t.Fatalf("orders after the kill = %+v, want one being paid", orders)
	}

	if res := w.apply(t); res.ExitCode != 0 {
		t.Fatalf("the apply after the kill exited %d:\n%s", res.ExitCode, res.Output)
	}
	if n := mock.CountCalls(modifyAction); n != 1 {
		t.Errorf("%s calls = %d, want the one before the kill", modifyAction, n)
	}
	if after := mock.Orders(id); len(after) != 1 || after[0].PaymentStatus != "Paid" {
		t.Errorf("orders = %+v, want the one order, paid", after)
	}
	if inst, _ := mock.Instance(id); inst.InternetMaxBandwidthOut != 20 {
		t.Errorf("out = %d, want 20", inst.InternetMaxBandwidthOut)
	}
	if got := w.stateAttr(t, "order_id"); got != orders[0].OrderId {
		t.Errorf("order_id in state = %v, want %s", got, orders[0].OrderId)
	}
	w.expectEmptyPlan(t)
}

// TestAccECSInstanceNetworkSpec_createKilledMidWait: kill -9 of the
// provider while a create waits for its order; the next apply finishes
// the change on the same order.
func TestAccECSInstanceNetworkSpec_createKilledMidWait(t *testing.T) {
	t.Parallel()
	testKilledMidWait(t, "")
}

// TestAccECSInstanceNetworkSpec_updateKilledMidWait: the same for an
// update, whose private state dies with the provider.
func TestAccECSInstanceNetworkSpec_updateKilledMidWait(t *testing.T) {
	t.Parallel()
	testKilledMidWait(t, resourceBlock("i-prepaid-vpc", 5, "2m"))
}

// TestAccECSInstanceNetworkSpec_rivalWorkspaces: two workspaces change the
// same instance at once. The second meets the first's order, waits on it,
// and once the instance settles on the first's value fails within seconds
// naming that value, instead of waiting out its timeout.
func TestAccECSInstanceNetworkSpec_rivalWorkspaces(t *testing.T) {
	t.Parallel()
	const id = "i-prepaid-vpc"
	mock := acctest.StartMockWith(t, ecsmock.Config{PayDelay: 3 * time.Second, Settle: 300 * time.Millisecond})
	winner := newProcessWorkspace(t, mock, resourceBlock(id, 20, "5m"))
	loser := newProcessWorkspace(t, mock, resourceBlock(id, 30, "5m"))

	var (
		wg        sync.WaitGroup
		winnerRes tfharness.Result
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		winnerRes, _ = winner.tf.Run(t.Context(), "apply", "-auto-approve", "-input=false", "-no-color")
	}()
	deadline := time.Now().Add(time.Minute)
	for !acceptedModify(mock)() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	loserRes := loser.apply(t)
	wg.Wait()

	if winnerRes.ExitCode != 0 {
		t.Errorf("the first workspace's apply exited %d:\n%s", winnerRes.ExitCode, winnerRes.Output)
	}
	if loserRes.ExitCode == 0 {
		t.Fatalf("the second workspace's apply succeeded:\n%s", loserRes.Output)
	}
	for _, want := range []string{"Another change won", "settle on out 20 Mbit/s", "another Terraform workspace"} {
		if !wrappedPattern(want).MatchString(loserRes.Output) {
			t.Errorf("the second workspace's error lacks %q:\n%s", want, loserRes.Output)
		}
	}
	// Far within its 5m timeout: the order's pay delay, the settling and
	// a few checks.
	t.Logf("the second workspace failed after %s", loserRes.Elapsed)
	if loserRes.Elapsed > time.Minute {
		t.Errorf("the second workspace failed after %s", loserRes.Elapsed)
	}
	if n := mock.CountCalls(modifyAction); n != 1 {
		t.Errorf("%s calls = %d, want only the first workspace's", modifyAction, n)
	}
	if n := len(mock.Orders(id)); n != 1 {
		t.Errorf("orders = %d, want 1", n)
	}
	if inst, _ := mock.Instance(id); inst.InternetMaxBandwidthOut != 20 {
		t.Errorf("out = %d, want the first workspace's 20", inst.InternetMaxBandwidthOut)
	}
	if res := loser.run(t, "state", "list"); strings.TrimSpace(res.Output) != "" {
		t.Errorf("the failed create left state: %s", res.Output)
	}
}
