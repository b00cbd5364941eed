package provider_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// TestAccProvider_installLocal follows the README's first hour: make
// install-local, then terraform init and plan in a new directory, with no
// CLI configuration file. Terraform must find the provider in its implied
// local mirror under the version of the VERSION file, record it in
// .terraform.lock.hcl, and plan against the simulator over HTTPS.
func TestAccProvider_installLocal(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("an acceptance test: set TF_ACC=1")
	}
	acctest.PreCheck(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	version := strings.TrimSpace(string(raw))
	home := t.TempDir()

	// The build keeps the caller's Go caches: only HOME is new.
	goEnv, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	caches := strings.Fields(string(goEnv))
	install := exec.Command("make", "--no-print-directory", "install-local")
	install.Dir = root
	install.Env = append(os.Environ(), "HOME="+home, "GOCACHE="+caches[0], "GOMODCACHE="+caches[1], "GOPATH="+caches[2])
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("make install-local: %v\n%s", err, out)
	}
	binary := filepath.Join(home, ".terraform.d", "plugins", "registry.terraform.io", "ecsnet", "aliyun", version,
		runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-aliyun_v"+version)
	if _, err := os.Stat(binary); err != nil {
		t.Fatalf("make install-local did not install %s: %v", binary, err)
	}

	mock := acctest.StartMock(t)
	ca := filepath.Join(home, "simulator-ca.pem")
	if err := os.WriteFile(ca, acctest.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	config := fmt.Sprintf(`terraform {
  required_providers {
    aliyun = {
      source  = "ecsnet/aliyun"
      version = %q
    }
  }
}
%s
resource "aliyun_ecs_instance_network_spec" "web" {
  instance_id                = "i-postpaid-vpc"
  internet_max_bandwidth_out = 20
}
`, version, mock.ProviderConfig())
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}

	var env []string
	for _, kv := range tfharness.Env(os.Environ(), "", []string{"HOME=", "SSL_CERT_FILE=", "SSL_CERT_DIR=", "TF_PLUGIN_CACHE_DIR="},
		"HOME="+home, "SSL_CERT_FILE="+ca) {
		// No CLI configuration at all: no dev_overrides, no mirror setting.
		if !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			env = append(env, kv)
		}
	}
	tf := tfharness.Terraform{Path: os.Getenv("TF_ACC_TERRAFORM_PATH"), Dir: dir, Env: env}
	run := func(args ...string) string {
		t.Helper()
		res, err := tf.Run(context.Background(), args...)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if args[0] == "plan" {
			want = 2 // -detailed-exitcode: changes to make
		}
		if res.ExitCode != want {
			t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), res.ExitCode, want, res.Output)
		}
		return res.Output
	}

	out := run("init", "-no-color")
	if !strings.Contains(out, "Installing ecsnet/aliyun v"+version) {
		t.Errorf("terraform init did not install the provider from the local mirror:\n%s", out)
	}
	lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatalf("terraform init wrote no lock file: %v", err)
	}
	if !strings.Contains(string(lock), `provider "registry.terraform.io/ecsnet/aliyun"`) || !strings.Contains(string(lock), `version     = "`+version+`"`) {
		t.Errorf("lock file does not pin ecsnet/aliyun %s:\n%s", version, lock)
	}
	if out := run("version", "-no-color"); !strings.Contains(out, "provider registry.terraform.io/ecsnet/aliyun v"+version) {
		t.Errorf("terraform version does not show the provider at %s:\n%s", version, out)
	}
	out = run("plan", "-no-color", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "aliyun_ecs_instance_network_spec.web will be created") {
		t.Errorf("plan does not create the resource:\n%s", out)
	}
	if n := mock.CountCalls("DescribeInstances"); n == 0 {
		t.Errorf("the plan made no DescribeInstances call to the simulator")
	}
	if tlsConns, plain := mock.Connections(); tlsConns == 0 || plain != 0 {
		t.Errorf("%d TLS and %d plain connections, want TLS only", tlsConns, plain)
	}
}
