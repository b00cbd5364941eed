package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
)

// resourceBlock is a resource that makes Terraform configure the provider.
const resourceBlock = `
resource "aliyun_ecs_instance_network_spec" "test" {
  instance_id = "i-postpaid-vpc"
}
`

// clearProviderEnv hides the environment a developer's machine may have,
// so that only what a test sets is seen.
func clearProviderEnv(t *testing.T) {
	for _, k := range []string{
		"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION", "ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID",
		"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_SHARED_CREDENTIALS_FILE",
		"ALIBABA_CLOUD_ENDPOINT_ECS", "ALIBABA_CLOUD_ENDPOINT_BSS",
		"ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_CREDENTIALS_URI",
		"ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_SECURITY_TOKEN",
		"ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA", "ALICLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_ACCOUNT_TYPE",
		"CLIENT_READ_TIMEOUT", "CLIENT_CONNECT_TIMEOUT", "MAX_RETRY_TIMEOUT", "ALIBABA_CLOUD_ENDPOINT_STS",
		"ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME",
		"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "ALIBABA_CLOUD_EXTERNAL_ID", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
	} {
		t.Setenv(k, "")
	}
	// Nothing for the SDK's default chain to find on this machine.
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	t.Setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")
}

func noCalls(t *testing.T, mock *acctest.Mock) {
	t.Helper()
	if calls := mock.Calls(); len(calls) != 0 {
		t.Errorf("the simulator received %d calls (first %s), want none", len(calls), calls[0].Action)
	}
}

func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// TestAccProvider_configErrors: each broken provider configuration fails
// at plan with an error on the attribute, before any API call.
func TestAccProvider_configErrors(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	endpoints := fmt.Sprintf("endpoints {\n ecs = %q\n bss = %q\n}", mock.Endpoint, mock.Endpoint)
	tests := []struct {
		name     string
		provider string
		want     string
	}{
		{"missing region", `access_key = "mock-access-key"
  secret_key = "mock-secret"
  protocol = "HTTP"
  ` + endpoints, `(?s)Missing region.*ALICLOUD_REGION`},
		{"missing secret key", `region = "cn-hangzhou"
  access_key = "mock-access-key"
  protocol = "HTTP"
  ` + endpoints, `(?s)Missing secret key.*secret_key`},
		{"missing credentials", `region = "cn-hangzhou"
  protocol = "HTTP"
  ` + endpoints, `(?s)Missing credentials.*access_key`},
		{"bad protocol", `region = "cn-hangzhou"
  access_key = "mock-access-key"
  secret_key = "mock-secret"
  protocol = "FTP"
  ` + endpoints, `(?s)protocol.*value must be one of`},
		{"endpoint with a scheme", `region = "cn-hangzhou"
  access_key = "mock-access-key"
  secret_key = "mock-secret"
  protocol = "HTTP"
  endpoints {
    ecs = "http://127.0.0.1:8642"
  }`, `(?s)endpoints.ecs.*must be host\[:port\] without a scheme`},
	}
	t.Setenv("HOME", t.TempDir())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("provider \"aliyun\" {\n  %s\n}\n%s", tt.provider, resourceBlock),
					PlanOnly:    true,
					ExpectError: wrapped(tt.want),
				}},
			})
		})
	}
	noCalls(t, mock)
}

// TestAccProvider_testHooks: the benchmark's hooks are read when the
// provider is configured: a bad value fails the plan, naming the
// variable and its values, before any API call; the baselines' values
// run a change as the defaults do.
func TestAccProvider_testHooks(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	provider := fmt.Sprintf(`provider "aliyun" {
  region     = %q
  access_key = %q
  secret_key = %q
  protocol   = "HTTP"
  endpoints {
    ecs = %q
    bss = %q
  }
}
`, acctest.Region, acctest.AccessKey, acctest.SecretKey, mock.Endpoint, mock.Endpoint)
	for _, tt := range []struct{ name, env, value, want string }{
		{"bad schedule", "ALIYUN_POLL_SCHEDULE", "fixed:often", `(?s)Invalid ALIYUN_POLL_SCHEDULE.*"adaptive" or "fixed:" and a positive duration such as "fixed:1s".*unset it`},
		{"bad batching", "ALIYUN_READ_BATCHING", "false", `(?s)Invalid ALIYUN_READ_BATCHING.*want "on" or "off"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      provider + resourceBlock,
					PlanOnly:    true,
					ExpectError: wrapped(tt.want),
				}},
			})
		})
	}
	noCalls(t, mock)

	t.Run("the baselines", func(t *testing.T) {
		t.Setenv("ALIYUN_POLL_SCHEDULE", "fixed:1s")
		t.Setenv("ALIYUN_READ_BATCHING", "off")
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: provider + `
resource "aliyun_ecs_instance_network_spec" "test" {
  instance_id                = "i-postpaid-vpc"
  internet_max_bandwidth_out = 20
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("aliyun_ecs_instance_network_spec.test", tfjsonpath.New("internet_max_bandwidth_out"), knownvalue.Int64Exact(20)),
				},
			}},
		})
	})
}

// TestAccProvider_environment: the whole configuration from the
// environment, the way the aliyun/alicloud provider reads it.
func TestAccProvider_environment(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	t.Setenv("ALICLOUD_REGION", acctest.Region)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", acctest.AccessKey)
	t.Setenv("ALICLOUD_SECRET_KEY", acctest.SecretKey)
	t.Setenv("ALIBABA_CLOUD_ENDPOINT_ECS", mock.Endpoint)
	t.Setenv("ALIBABA_CLOUD_ENDPOINT_BSS", mock.Endpoint)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: "provider \"aliyun\" {\n  protocol = \"HTTP\"\n}\n" + resourceBlock,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("aliyun_ecs_instance_network_spec.test", tfjsonpath.New("public_ip_address"), knownvalue.StringExact("47.0.0.1")),
			},
		}},
	})
}

// TestAccProvider_profile: keys and region from an Alibaba Cloud CLI
// configuration file.
func TestAccProvider_profile(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	file := filepath.Join(t.TempDir(), "config.json")
	content := fmt.Sprintf(`{"current": "other", "profiles": [
  {"name": "other", "mode": "AK", "access_key_id": "nobody", "access_key_secret": "nothing"},
  {"name": "mock", "mode": "AK", "access_key_id": %q, "access_key_secret": %q, "region_id": %q}]}`,
		acctest.AccessKey, acctest.SecretKey, acctest.Region)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "aliyun" {
  profile                 = "mock"
  shared_credentials_file = %q
  protocol                = "HTTP"
  endpoints {
    ecs = %q
    bss = %q
  }
}
%s`, file, mock.Endpoint, mock.Endpoint, resourceBlock),
			Check: func(*terraform.State) error {
				for _, c := range mock.Calls() {
					if c.AccessKeyId != acctest.AccessKey {
						return fmt.Errorf("%s signed with %q, want the profile's key", c.Action, c.AccessKeyId)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccProvider_wrongSecret: a refused signature fails the plan, naming
// the secret key, after one refused read: no retry and no apply.
func TestAccProvider_wrongSecret(t *testing.T) {
	mock := acctest.StartMock(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      mock.ProviderConfigFor(acctest.AccessKey, "not-the-secret") + resourceBlock,
			ExpectError: wrapped(`(?s)Wrong secret_key.*Check secret_key.*SignatureDoesNotMatch`),
		}},
	})
	calls := mock.Calls()
	if len(calls) != 1 {
		t.Errorf("the simulator received %d calls, want 1 (the plan's read, not retried)", len(calls))
	}
	for _, c := range calls {
		if c.Action != "DescribeInstances" || c.Code != "SignatureDoesNotMatch" {
			t.Errorf("call %s answered %q, want DescribeInstances refused with SignatureDoesNotMatch", c.Action, c.Code)
		}
	}
}
