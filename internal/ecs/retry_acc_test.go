package ecs_test

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// TestAccECSInstanceNetworkSpec_maxRetryTimeout: with every
// DescribeInstances throttled, max_retry_timeout = 2 ends the apply's
// retries after about two seconds, not at the create timeout, with an
// error that names max_retry_timeout and the API's answer; nothing is
// changed. (The plan only warns that it could not check the change.)
func TestAccECSInstanceNetworkSpec_maxRetryTimeout(t *testing.T) {
	mock := acctest.StartMock(t)
	if err := mock.AddFault(ecsmock.FaultRule{Action: "DescribeInstances", Kind: ecsmock.FaultError, Code: "Throttling.User"}); err != nil {
		t.Fatal(err)
	}
	provider := acctest.ConfigCompose(mock.ProviderConfig())
	provider = provider[:len(provider)-2] + "\n  max_retry_timeout = 2\n}\n"
	started := time.Now()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acctest.ConfigCompose(provider, acctest.ResourceConfig(resourceType, "test", spec("i-prepaid-vpc", acctest.Int("internet_max_bandwidth_out", 20)))),
			ExpectError: wrappedPattern(`(?s)Error: API throttled.*stopped retrying after \d+ attempts in [0-9.]+s because the provider's max_retry_timeout is 2s.*DescribeInstances answered Throttling.User`),
		}},
	})
	if n := mock.CountCalls(modifyAction); n != 0 {
		t.Errorf("%s calls = %d, want none", modifyAction, n)
	}
	if n := mock.CountCalls("DescribeInstances"); n < 2 {
		t.Errorf("DescribeInstances calls = %d: the throttled call was not retried", n)
	}
	if took := time.Since(started); took > time.Minute {
		t.Errorf("the plan took %s: max_retry_timeout did not end the retries", took)
	}
}
