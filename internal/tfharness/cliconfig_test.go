package tfharness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHCLString(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"/home/dev/repo/.demo/bin", `"/home/dev/repo/.demo/bin"`},
		{`C:\Users\dev\.demo\bin`, `"C:\\Users\\dev\\.demo\\bin"`},
		{`/tmp/a "quoted" dir`, `"/tmp/a \"quoted\" dir"`},
		{"/tmp/${HOME}/%{x}", `"/tmp/$${HOME}/%%{x}"`},
		{"/tmp/line\nbreak", `"/tmp/line\nbreak"`},
	}
	for _, tt := range tests {
		if got := HCLString(tt.in); got != tt.want {
			t.Errorf("HCLString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCLIConfig(t *testing.T) {
	tests := []struct {
		binDir, want string
	}{
		{"/repo/.demo/bin", `provider_installation {
  dev_overrides {
    "registry.terraform.io/ecsnet/aliyun" = "/repo/.demo/bin"
  }
}
`},
		{`/tmp/a "b"/bin`, `provider_installation {
  dev_overrides {
    "registry.terraform.io/ecsnet/aliyun" = "/tmp/a \"b\"/bin"
  }
}
`},
	}
	for _, tt := range tests {
		got := CLIConfig(tt.binDir)
		if got != tt.want {
			t.Errorf("CLIConfig(%q) =\n%s\nwant\n%s", tt.binDir, got, tt.want)
		}
		if strings.Contains(got, "direct") || strings.Contains(got, "mirror") {
			t.Errorf("the CLI configuration names an installation method that could download: %s", got)
		}
	}
}

func TestWriteCLIConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "terraform.rc")
	if err := WriteCLIConfig(path, "/repo/.demo/bin"); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(path)
	if err != nil || string(body) != CLIConfig("/repo/.demo/bin") {
		t.Errorf("written %q, %v; want CLIConfig's text", body, err)
	}
}
