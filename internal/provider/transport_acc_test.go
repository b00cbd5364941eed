package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
)

// TestAccProvider_httpsByDefault: with no protocol set, every request
// goes over TLS, verified against the simulator's certificate, as it would
// against a real endpoint's.
func TestAccProvider_httpsByDefault(t *testing.T) {
	mock := acctest.StartMock(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mock.ProviderConfig() + resourceBlock,
			Check:  connectionsCheck(mock, true),
		}},
	})
}

// TestAccProvider_plainHTTP: protocol = "HTTP" reaches a simulator on
// this machine without TLS.
func TestAccProvider_plainHTTP(t *testing.T) {
	mock := acctest.StartMock(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mock.HTTPProviderConfig() + resourceBlock,
			Check:  connectionsCheck(mock, false),
		}},
	})
}

func connectionsCheck(mock *acctest.Mock, wantTLS bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		tlsConns, plain := mock.Connections()
		if len(mock.Calls()) == 0 {
			return fmt.Errorf("the simulator received no calls")
		}
		if wantTLS && (tlsConns == 0 || plain != 0) {
			return fmt.Errorf("%d TLS and %d plain connections, want TLS only", tlsConns, plain)
		}
		if !wantTLS && (tlsConns != 0 || plain == 0) {
			return fmt.Errorf("%d TLS and %d plain connections, want plain HTTP only", tlsConns, plain)
		}
		return nil
	}
}
