package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
)

// TestAccProvider_unknownKey: an access key the API does not know fails
// the plan, naming the credential, after one refused read: no retry and no
// apply.
func TestAccProvider_unknownKey(t *testing.T) {
	mock := acctest.StartMock(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      mock.ProviderConfigFor("no-such-key", acctest.SecretKey) + resourceBlock,
			ExpectError: wrapped(`(?s)Unknown access_key.*Check access_key.*InvalidAccessKeyId.NotFound`),
		}},
	})
	calls := mock.Calls()
	if len(calls) != 1 {
		t.Errorf("the simulator received %d calls, want 1 (the plan's read, not retried)", len(calls))
	}
	for _, c := range calls {
		if c.Code != "InvalidAccessKeyId.NotFound" {
			t.Errorf("call %s answered %q, want InvalidAccessKeyId.NotFound", c.Action, c.Code)
		}
	}
}
