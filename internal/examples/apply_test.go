package examples

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
)

// simulatorEnv points a provider without settings of its own, and the
// demo's endpoint variable, at mock with the default world's first
// account, over HTTPS with the simulator's certificate trusted.
func simulatorEnv(t *testing.T, mock *acctest.Mock) []string {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, acctest.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{
		"SSL_CERT_FILE=" + ca,
		"ALICLOUD_REGION=" + acctest.Region,
		"ALICLOUD_ACCESS_KEY=" + acctest.AccessKey,
		"ALICLOUD_SECRET_KEY=" + acctest.SecretKey,
		"ALIBABA_CLOUD_ENDPOINT_ECS=" + mock.Endpoint,
		"ALIBABA_CLOUD_ENDPOINT_BSS=" + mock.Endpoint,
		"ALIBABA_CLOUD_ENDPOINT_STS=" + mock.Endpoint,
		"TF_VAR_endpoint=" + mock.Endpoint,
	}
}

// TestExamplesApply applies every example as written against a simulator
// with the built-in world, then plans again: the second plan must be
// empty, so that an example never changes the cloud on every apply.
func TestExamplesApply(t *testing.T) {
	h := newHarness(t)
	for _, dir := range exampleDirs(t, filepath.Join(h.root, "examples")) {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			t.Parallel()
			mock := acctest.StartMock(t)
			env := simulatorEnv(t, mock)
			work := copyConfig(t, filepath.Join(h.root, "examples", dir))
			complete(t, work)
			if _, err := h.runWith(work, nil, env, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
				t.Fatalf("first apply: %v", err)
			}
			calls := len(mock.Calls())
			out, err := h.runWith(work, nil, env, "plan", "-detailed-exitcode", "-input=false", "-no-color")
			var exit *exec.ExitError
			if errors.As(err, &exit) && exit.ExitCode() == 2 {
				t.Fatalf("the second plan is not empty:\n%s", out)
			}
			if err != nil {
				t.Fatalf("second plan: %v", err)
			}
			for _, c := range mock.Calls()[calls:] {
				if c.Action == "ModifyInstanceNetworkSpec" {
					t.Errorf("the second plan sent %s", c.Action)
				}
			}
		})
	}
}

// TestDestroyPlanAnnouncesRestore: with restore_on_destroy, the destroy
// plan says what the destroy sends, and the destroy sends just that.
func TestDestroyPlanAnnouncesRestore(t *testing.T) {
	h := newHarness(t)
	mock := acctest.StartMock(t)
	env := simulatorEnv(t, mock)
	work := t.TempDir()
	config := `resource "aliyun_ecs_instance_network_spec" "web" {
  instance_id                = "i-prepaid-vpc"
  internet_max_bandwidth_out = 25
  restore_on_destroy         = true
}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	complete(t, work)
	if _, err := h.runWith(work, nil, env, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v", err)
	}
	out, err := h.runWith(work, nil, env, "plan", "-destroy", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("destroy plan: %v", err)
	}
	plan := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Warning: Destroy restores the original spec",
		"internet_max_bandwidth_out 25 -> 5 Mbit/s: a subscription downgrade; refund order; counts against the 3 downgrades allowed",
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("the destroy plan does not say %q:\n%s", want, out)
		}
	}
	if _, err := h.runWith(work, nil, env, "destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	orders := mock.Orders("i-prepaid-vpc")
	if len(orders) != 2 || orders[1].OrderType != "Downgrade" {
		t.Fatalf("orders = %+v, want the upgrade then one Downgrade", orders)
	}
	if inst, _ := mock.Instance("i-prepaid-vpc"); inst.InternetMaxBandwidthOut != 5 {
		t.Errorf("out = %d after destroy, want the original 5", inst.InternetMaxBandwidthOut)
	}

	// Nothing to put back: no warning.
	out, err = h.runWith(work, nil, env, "plan", "-destroy", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("destroy plan of nothing: %v", err)
	}
	if strings.Contains(string(out), "Destroy restores") {
		t.Errorf("a destroy plan with nothing to restore warns:\n%s", out)
	}
}
