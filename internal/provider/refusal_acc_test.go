package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
)

// refusedPlan is a plan of a new resource, which reads the instance with
// the provider's credentials.
var refusedPlan = acctest.ResourceConfig("aliyun_ecs_instance_network_spec", "test",
	[]acctest.Attr{acctest.String("instance_id", "i-prepaid-vpc"), acctest.Int("internet_max_bandwidth_out", 20)})

// TestAccProvider_refusedEnvironmentKeys: a secret from the environment
// that the API refuses fails the plan, naming the variable it came from.
func TestAccProvider_refusedEnvironmentKeys(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", acctest.AccessKey)
	t.Setenv("ALICLOUD_SECRET_KEY", "not-the-secret")
	mock := acctest.StartMock(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"aliyun\" {\n  region = %q\n\n  endpoints {\n%s  }\n}\n", acctest.Region, mock.EndpointsBlock()) +
				refusedPlan,
			PlanOnly:    true,
			ExpectError: wrapped(`(?s)Wrong secret_key.*` + regexp.QuoteMeta("Credentials in use: static access key (ALICLOUD_ACCESS_KEY).")),
		}},
	})
	if n := mock.CountCalls("DescribeInstances"); n != 1 {
		t.Errorf("DescribeInstances calls = %d, want the one refused", n)
	}
}

// TestAccProvider_refusedProfileKeys: an unknown access key from a CLI
// profile fails the plan, naming the profile, its mode and its file.
func TestAccProvider_refusedProfileKeys(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	file := filepath.Join(t.TempDir(), "config.json")
	content := fmt.Sprintf(`{"current": "ops", "profiles": [{"name": "ops", "mode": "AK",
  "access_key_id": "LTAI-no-such-key", "access_key_secret": "whatever", "region_id": %q}]}`, acctest.Region)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"aliyun\" {\n  shared_credentials_file = %q\n\n  endpoints {\n%s  }\n}\n", file, mock.EndpointsBlock()) +
				refusedPlan,
			PlanOnly:    true,
			ExpectError: wrapped(`(?s)Unknown access_key.*` + regexp.QuoteMeta(fmt.Sprintf(`Credentials in use: profile "ops" (AK) of %s.`, file))),
		}},
	})
}
