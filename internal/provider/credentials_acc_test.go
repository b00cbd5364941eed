package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// TestAccProvider_ramRoleArnProfile: a CLI profile of mode RamRoleArn
// assumes its role, with the profile's external ID, through the
// configured STS endpoint.
func TestAccProvider_ramRoleArnProfile(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	file := filepath.Join(t.TempDir(), "config.json")
	content := fmt.Sprintf(`{"current": "partner", "profiles": [{"name": "partner", "mode": "RamRoleArn",
  "access_key_id": %q, "access_key_secret": %q, "ram_role_arn": %q, "external_id": "mock-external-id", "region_id": %q}]}`,
		acctest.AccessKey, acctest.SecretKey, partnerRole, acctest.Region)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"aliyun\" {\n  shared_credentials_file = %q\n\n  endpoints {\n%s  }\n}\n", file, mock.EndpointsBlock()) +
				targetResources,
			Check: resource.ComposeTestCheckFunc(
				bandwidthIs(mock, targetInstance, 12),
				assumedCalls(mock, "AssumeRole", acctest.AccessKey),
			),
		}},
	})
}

// TestAccProvider_credentialsURI: temporary credentials served by a
// credentials service (here, a session of the second account's role that
// the test obtained from the simulator) sign every call.
func TestAccProvider_credentialsURI(t *testing.T) {
	clearProviderEnv(t)
	mock := acctest.StartMock(t)
	sts, err := conns.New(conns.Config{
		Region:      acctest.Region,
		Credentials: credentials.NewStaticAKCredentialsProvider(acctest.AccessKey, acctest.SecretKey),
		Roles:       []conns.Role{{RoleArn: targetRole, SessionName: "sidecar"}},
		STSEndpoint: mock.Endpoint,
	})
	if err != nil {
		t.Fatal(err)
	}
	session, err := sts.Credentials().GetCredentials()
	if err != nil {
		t.Fatal(err)
	}
	var served atomic.Int32
	sidecar := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		_ = json.NewEncoder(w).Encode(map[string]string{
			"Code": "Success", "AccessKeyId": session.AccessKeyId, "AccessKeySecret": session.AccessKeySecret,
			"SecurityToken": session.SecurityToken, "Expiration": mock.Now().Add(50 * time.Minute).UTC().Format(time.RFC3339),
		})
	}))
	t.Cleanup(sidecar.Close)
	mock.ResetCalls()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWith(mock, false, fmt.Sprintf("  credentials_uri = %q\n", sidecar.URL)) + targetResources,
			Check: resource.ComposeTestCheckFunc(
				bandwidthIs(mock, targetInstance, 12),
				func(*terraform.State) error {
					if served.Load() == 0 {
						return fmt.Errorf("the credentials URI was never asked")
					}
					for _, c := range mock.Calls() {
						if c.AccessKeyId != session.AccessKeyId {
							return fmt.Errorf("%s signed with %q, want the URI's temporary key", c.Action, c.AccessKeyId)
						}
					}
					return nil
				},
			),
		}},
	})
}
