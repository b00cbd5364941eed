package examples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// providerSource is the address the examples require the provider by.
const providerSource = "registry.terraform.io/ecsnet/aliyun"

// overrideWarning is the warning every command run through a dev override
// gives; any other warning fails the example.
const overrideWarning = "Provider development overrides are in effect"

// harness runs the Terraform CLI found on PATH against the provider built
// from this checkout, through a dev override: no terraform init, no
// registry, nothing downloaded.
type harness struct {
	root      string // the module root
	terraform string
	cliConfig string
}

var (
	setupOnce sync.Once
	shared    *harness
	setupErr  error
	workDir   string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if workDir != "" {
		_ = os.RemoveAll(workDir)
	}
	os.Exit(code)
}

// newHarness builds the provider once for the whole package. Without a
// terraform binary the tests skip, unless TF_ACC asks for everything to
// run (make test sets it), where a missing terraform is a failure.
func newHarness(t *testing.T) *harness {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		tf, _ = exec.LookPath("terraform")
	}
	if tf == "" {
		if os.Getenv("TF_ACC") != "" {
			t.Fatal("terraform not found on PATH (nor TF_ACC_TERRAFORM_PATH): the examples cannot be validated")
		}
		t.Skip("terraform not found on PATH: set TF_ACC=1 to make this a failure")
	}
	setupOnce.Do(func() { shared, setupErr = setup(tf) })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return shared
}

func setup(terraform string) (*harness, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return nil, fmt.Errorf("module root not found from the test's directory: %w", err)
	}
	workDir, err = os.MkdirTemp("", "aliyun-examples-")
	if err != nil {
		return nil, err
	}
	binDir := filepath.Join(workDir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(binDir, "terraform-provider-aliyun"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	// Only the override and no installation method: a configuration that
	// needs any other provider fails instead of downloading it.
	cliConfig := filepath.Join(workDir, "cli.tfrc")
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n}\n", providerSource, binDir)
	if err := os.WriteFile(cliConfig, []byte(config), 0o600); err != nil {
		return nil, err
	}
	return &harness{root: root, terraform: terraform, cliConfig: cliConfig}, nil
}

// run runs terraform in dir with stdin, returning stdout; stderr and a
// non-zero exit come back as the error.
func (h *harness) run(dir string, stdin []byte, args ...string) ([]byte, error) {
	return h.runWith(dir, stdin, nil, args...)
}

// runWith is run with more environment variables.
func (h *harness) runWith(dir string, stdin []byte, env []string, args ...string) ([]byte, error) {
	cmd := exec.Command(h.terraform, args...)
	cmd.Dir = dir
	cmd.Env = append(h.env(), env...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// env is the test's environment with the dev override in force and
// nothing of the user's CLI set-up that could change what runs.
func (h *harness) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "TF_CLI_CONFIG_FILE", name == "TF_PLUGIN_CACHE_DIR", name == "TF_DATA_DIR",
			name == "TF_WORKSPACE", strings.HasPrefix(name, "TF_CLI_ARGS"):
			continue
		}
		env = append(env, kv)
	}
	return append(env, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+h.cliConfig)
}

// diagnostic is one diagnostic of terraform validate -json.
type diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
	Range    *struct {
		Filename string `json:"filename"`
		Start    struct {
			Line int `json:"line"`
		} `json:"start"`
	} `json:"range"`
}

func (d diagnostic) String() string {
	where := d.Address
	if d.Range != nil {
		where = fmt.Sprintf("%s:%d %s", d.Range.Filename, d.Range.Start.Line, d.Address)
	}
	return fmt.Sprintf("%s: %s: %s (%s)", d.Severity, d.Summary, d.Detail, where)
}

// validate runs terraform validate in dir and returns its diagnostics but
// the dev override's warning.
func (h *harness) validate(dir string) ([]diagnostic, error) {
	// validate -json exits non-zero for an invalid configuration and still
	// prints its verdict, so the output is read either way.
	out, runErr := h.run(dir, nil, "validate", "-json", "-no-color")
	var verdict struct {
		Valid       bool         `json:"valid"`
		Diagnostics []diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(out, &verdict); err != nil {
		if runErr != nil {
			return nil, runErr
		}
		return nil, fmt.Errorf("terraform validate -json printed no verdict: %v\n%s", err, out)
	}
	var diags []diagnostic
	for _, d := range verdict.Diagnostics {
		if d.Severity == "warning" && d.Summary == overrideWarning {
			continue
		}
		diags = append(diags, d)
	}
	if !verdict.Valid && len(diags) == 0 {
		return nil, fmt.Errorf("terraform validate found the configuration invalid without saying why: %s", out)
	}
	return diags, nil
}

// copyConfig copies the Terraform files of src (not its subdirectories)
// into a new temporary directory, so that nothing terraform writes lands in
// the checkout.
func copyConfig(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !isConfigFile(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func isConfigFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfvars")
}
