package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// The built-in world's second account, reached through its roles.
const (
	targetRole      = "acs:ram::1000000000000005:role/deployer"
	partnerRole     = "acs:ram::1000000000000005:role/partner" // requires external ID mock-external-id
	oidcRole        = "acs:ram::1000000000000005:role/ack-deployer"
	oidcProvider    = "acs:ram::1000000000000005:oidc-provider/ack"
	targetInstance  = "i-target-postpaid"
	targetResources = `
resource "aliyun_ecs_instance_network_spec" "test" {
  instance_id                = "i-target-postpaid"
  internet_max_bandwidth_out = 12
}
`
)

// providerWith is the simulator's provider block (HTTPS, every endpoint
// the simulator's) with extra lines in it and, when keys is false, no keys.
func providerWith(mock *acctest.Mock, keys bool, extra string) string {
	creds := fmt.Sprintf("  access_key = %q\n  secret_key = %q\n", acctest.AccessKey, acctest.SecretKey)
	if !keys {
		creds = ""
	}
	return fmt.Sprintf("provider \"aliyun\" {\n  region = %q\n%s%s\n  endpoints {\n%s  }\n}\n", acctest.Region, creds, extra, mock.EndpointsBlock())
}

// assumedCalls checks that the role was assumed with source's key (or
// with no key, for OIDC) through action, and that every ECS and BSS call
// was signed with the temporary key it gave, so acted in the role's
// account.
func assumedCalls(mock *acctest.Mock, action, source string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var assumed, api int
		for _, c := range mock.Calls() {
			switch c.Action {
			case action:
				assumed++
				if c.AccessKeyId != source {
					return fmt.Errorf("%s signed with %q, want %q", action, c.AccessKeyId, source)
				}
				if c.Code != "" {
					return fmt.Errorf("%s answered %s", action, c.Code)
				}
			case "AssumeRole", "AssumeRoleWithOIDC", "GetCallerIdentity":
				return fmt.Errorf("unexpected %s", c.Action)
			default:
				api++
				if !strings.HasPrefix(c.AccessKeyId, "STS.") {
					return fmt.Errorf("%s signed with %q, want the role's temporary key", c.Action, c.AccessKeyId)
				}
			}
		}
		if assumed == 0 || api == 0 {
			return fmt.Errorf("%d %s and %d API calls, want both", assumed, action, api)
		}
		return nil
	}
}

func bandwidthIs(mock *acctest.Mock, id string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		inst, ok := mock.Instance(id)
		if !ok || inst.InternetMaxBandwidthOut != want {
			return fmt.Errorf("%s has outbound bandwidth %d (found %v), want %d", id, inst.InternetMaxBandwidthOut, ok, want)
		}
		return nil
	}
}

// TestAccProvider_assumeRoleCrossAccount: the first account's keys assume
// a role of the second account and change the second account's instance.
func TestAccProvider_assumeRoleCrossAccount(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWith(mock, true, fmt.Sprintf("  assume_role {\n    role_arn           = %q\n    session_name       = \"ci\"\n    session_expiration = 900\n  }\n", targetRole)) +
				targetResources,
			Check: resource.ComposeTestCheckFunc(
				bandwidthIs(mock, targetInstance, 12),
				assumedCalls(mock, "AssumeRole", acctest.AccessKey),
			),
		}},
	})
}

// TestAccProvider_assumeRoleWrongExternalID: a role refused for its
// external ID fails the plan, naming the role and the source, before any
// ECS call.
func TestAccProvider_assumeRoleWrongExternalID(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerWith(mock, true, fmt.Sprintf("  assume_role {\n    role_arn    = %q\n    external_id = \"not-the-id\"\n  }\n", partnerRole)) + targetResources,
			PlanOnly:    true,
			ExpectError: wrapped(`(?s)Cannot assume the role.*AssumeRole of the role ` + partnerRole + `.*failed.*static access key \(the provider block\)`),
		}},
	})
	for _, c := range mock.Calls() {
		if c.Action != "AssumeRole" || c.Code == "" {
			t.Errorf("call %s answered %q; want only refused AssumeRole calls", c.Action, c.Code)
		}
	}
}

// TestAccProvider_assumeRoleFromEnvironment: ALICLOUD_ASSUME_ROLE_ARN
// alone makes the provider assume the role; it is not ignored.
func TestAccProvider_assumeRoleFromEnvironment(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	t.Setenv("ALICLOUD_ASSUME_ROLE_ARN", targetRole)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWith(mock, true, "") + targetResources,
			Check: resource.ComposeTestCheckFunc(
				bandwidthIs(mock, targetInstance, 12),
				assumedCalls(mock, "AssumeRole", acctest.AccessKey),
			),
		}},
	})
}

// TestAccProvider_assumeRoleWithOIDC: no access key at all, a token file
// as ACK's RRSA writes it, and the role it may assume.
func TestAccProvider_assumeRoleWithOIDC(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	now := mock.Now()
	token := ecsmock.UnsignedOIDCToken(ecsmock.DefaultOIDCIssuer, "sts.aliyuncs.com", "system:serviceaccount:ci:terraform", now, now.Add(time.Hour))
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWith(mock, false, fmt.Sprintf("  assume_role_with_oidc {\n    oidc_provider_arn = %q\n    role_arn          = %q\n    oidc_token_file   = %q\n  }\n",
				oidcProvider, oidcRole, file)) + targetResources,
			Check: resource.ComposeTestCheckFunc(
				bandwidthIs(mock, targetInstance, 12),
				assumedCalls(mock, "AssumeRoleWithOIDC", ""),
			),
		}},
	})
}

// TestAccProvider_assumeRoleNeedsSTSEndpoint: with the ECS endpoint on
// this machine, a role is never assumed at the public STS endpoint.
func TestAccProvider_assumeRoleNeedsSTSEndpoint(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	config := strings.Replace(providerWith(mock, true, fmt.Sprintf("  assume_role {\n    role_arn = %q\n  }\n", targetRole)),
		fmt.Sprintf("    sts = %q\n", mock.Endpoint), "", 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config + targetResources,
			PlanOnly:    true,
			ExpectError: wrapped(`(?s)Missing STS endpoint.*endpoints.sts`),
		}},
	})
	noCalls(t, mock)
}
