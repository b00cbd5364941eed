package ecs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// checkOrders checks how many orders the simulator holds for the instance.
func checkOrders(mock *acctest.Mock, instanceID string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if orders := mock.Orders(instanceID); len(orders) != want {
			return fmt.Errorf("orders for %s = %d, want %d: %+v", instanceID, len(orders), want, orders)
		}
		return nil
	}
}

func checkModifyCalls(mock *acctest.Mock, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := mock.CountCalls(modifyAction); n != want {
			return fmt.Errorf("%s calls = %d, want %d", modifyAction, n, want)
		}
		return nil
	}
}

// TestAccECSInstanceNetworkSpec_faultyAPI: with 30% of all calls throttled
// and 10% failing with 503, two changes converge with one order each.
func TestAccECSInstanceNetworkSpec_faultyAPI(t *testing.T) {
	mock := acctest.StartMock(t)
	for _, rule := range []ecsmock.FaultRule{
		{Action: "*", Kind: ecsmock.FaultError, Code: "Throttling", Probability: 0.3, Seed: 4},
		{Action: "*", Kind: ecsmock.FaultError, Code: "ServiceUnavailable", Probability: 0.1, Seed: 5},
	} {
		if err := mock.AddFault(rule); err != nil {
			t.Fatal(err)
		}
	}
	const id = "i-prepaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 10))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(10, 10)), checkOrders(mock, id, 1), checkOrderIDInState(mock, id)),
			},
			{
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 20))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(20, 10)), checkOrders(mock, id, 2), checkOrderIDInState(mock, id)),
				ConfigStateChecks: []statecheck.StateCheck{expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(20))},
			},
		},
	})
	fired := 0
	for _, f := range mock.Faults() {
		fired += f.Fired
	}
	if fired == 0 {
		t.Error("no fault fired: the test proved nothing")
	}
}

// TestAccECSInstanceNetworkSpec_droppedAnswer: the API places the order,
// the answer is lost; the retry with the same ClientToken gets the first
// answer back, and there is one order.
func TestAccECSInstanceNetworkSpec_droppedAnswer(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id))},
			{
				PreConfig: func() {
					if err := mock.AddFault(ecsmock.FaultRule{Action: modifyAction, Kind: ecsmock.FaultDrop, Count: 1}); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 30))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(30, 10)), checkOrders(mock, id, 1), checkModifyCalls(mock, 2),
					checkOrderIDInState(mock, id)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_interruptedApply: an apply that ends while
// the change settles leaves the order in private state; the next apply
// waits on it without sending the change again.
func TestAccECSInstanceNetworkSpec_interruptedApply(t *testing.T) {
	mock := acctest.StartMockWith(t, ecsmock.Config{Settle: 4 * time.Second})
	const id = "i-prepaid-vpc"
	change := func(timeout string) string {
		return testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 40)), fmt.Sprintf("timeouts {\n  update = %q\n}", timeout))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id))},
			{
				Config:      change("1s"),
				ExpectError: wrappedPattern(`(?s)Timed out waiting.*instance i-prepaid-vpc to show out 40 Mbit/s.*apply again`),
			},
			{
				Config: change("1m"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(40, 10)), checkOrders(mock, id, 1), checkModifyCalls(mock, 1),
					checkOrderIDInState(mock, id)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_unpaidOrderNamed: an order nobody pays
// ends the apply with its id; once paid through the simulator, the next
// apply finishes on it without a new order or a new call.
func TestAccECSInstanceNetworkSpec_unpaidOrderNamed(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	config := testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 15), acctest.Bool("auto_pay", false)),
		"timeouts {\n  update = \"2s\"\n}")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id))},
			{
				Config:      config,
				ExpectError: wrappedPattern(`(?s)Order not paid.*Order [0-9]+ for instance i-prepaid-vpc was still unpaid.*resumes waiting on this order`),
			},
			{
				PreConfig: func() {
					orders := mock.Orders(id)
					if len(orders) != 1 || orders[0].PaymentStatus != "Unpaid" {
						t.Fatalf("orders = %+v, want one unpaid", orders)
					}
					if err := mock.PayOrder(orders[0].OrderId); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(15, 10)), checkOrders(mock, id, 1), checkModifyCalls(mock, 1),
					checkOrderIDInState(mock, id)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_otherAccount: another account's instance
// is not found and not modified.
func TestAccECSInstanceNetworkSpec_otherAccount(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-other-account"
	before, ok := mock.Instance(id)
	if !ok {
		t.Fatalf("no %s in the simulator's world", id)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", before.InternetMaxBandwidthOut+7))),
			ExpectError: wrappedPattern(`(?s)Instance not found.*i-other-account`),
		}},
	})
	if n := mock.CountCalls(modifyAction); n != 0 {
		t.Errorf("%s calls = %d, want none", modifyAction, n)
	}
	after, _ := mock.Instance(id)
	if after.InternetMaxBandwidthOut != before.InternetMaxBandwidthOut || len(mock.Orders(id)) != 0 {
		t.Errorf("the other account's instance changed: out %d -> %d, orders %d",
			before.InternetMaxBandwidthOut, after.InternetMaxBandwidthOut, len(mock.Orders(id)))
	}
}

// TestAccECSInstanceNetworkSpec_traceLogKeepsSecrets: the TRACE log of
// the test framework, Terraform and the provider over a full apply with STS
// credentials (one call's answer lost and retried) holds the API calls but
// neither the secret key, the token nor a signed URL.
func TestAccECSInstanceNetworkSpec_traceLogKeepsSecrets(t *testing.T) {
	const (
		secret = "mock-secret"
		token  = "sts-token-must-not-leak-7f3a"
	)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	// The credentials come from the environment, as they should: the test
	// framework itself logs each step's configuration at TRACE.
	t.Setenv("ALICLOUD_ACCESS_KEY", acctest.AccessKey)
	t.Setenv("ALICLOUD_SECRET_KEY", secret)
	t.Setenv("ALICLOUD_SECURITY_TOKEN", token)
	provider := fmt.Sprintf(`
provider "aliyun" {
  region   = %q
  protocol = "HTTP"

  endpoints {
    ecs = %q
    bss = %q
  }
}
`, acctest.Region, mock.Endpoint, mock.Endpoint)
	if err := mock.AddFault(ecsmock.FaultRule{Action: modifyAction, Kind: ecsmock.FaultDrop, Count: 1}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ConfigCompose(provider,
				acctest.ResourceConfig(resourceType, "test", spec(id, acctest.Int("internet_max_bandwidth_out", 12)))),
			Check: checkInstance(mock, id, bandwidthIs(12, 10)),
		}},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	// The log must hold the provider's API calls, or its silence about
	// secrets proves nothing.
	for _, want := range []string{"aliyun.api: API call succeeded", "action=ModifyInstanceNetworkSpec", "request_id=", "retryable=true"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log lacks %q: it does not hold the provider's API calls", want)
		}
	}
	for _, leak := range []string{secret, token, "Signature=", "SecurityToken=", "SignatureNonce="} {
		if i := strings.Index(log, leak); i >= 0 {
			t.Errorf("the TRACE log holds %q: ...%s...", leak, log[max(0, i-200):min(len(log), i+100)])
		}
	}
}
