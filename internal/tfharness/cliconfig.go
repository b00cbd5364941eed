package tfharness

import (
	"fmt"
	"os"
	"strings"
)

// ProviderSource is the address the configurations require the provider by.
const ProviderSource = "registry.terraform.io/ecsnet/aliyun"

// CLIConfig renders a Terraform CLI configuration that takes the provider
// from binDir. It names no other installation method, so Terraform cannot
// download anything, and with dev_overrides no `terraform init` is needed.
func CLIConfig(binDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    %s = %s
  }
}
`, HCLString(ProviderSource), HCLString(binDir))
}

// WriteCLIConfig writes CLIConfig(binDir) to path.
func WriteCLIConfig(path, binDir string) error {
	return os.WriteFile(path, []byte(CLIConfig(binDir)), 0o644)
}

// HCLString quotes s as an HCL string literal: backslashes and quotes are
// escaped, and so are the template sequences "${" and "%{".
func HCLString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}
