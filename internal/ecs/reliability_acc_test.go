package ecs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecs"
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
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	mock := acctest.StartMock(t)
	// Temporary credentials of the target account's role, as a user gets them.
	const id = "i-target-prepaid"
	accessKey, secret, token := assumeRole(t, mock, "acs:ram::"+targetAccountID+":role/deployer")
	// The credentials come from the environment, as they should: the test
	// framework itself logs each step's configuration at TRACE.
	t.Setenv("ALICLOUD_ACCESS_KEY", accessKey)
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
			Check: resource.ComposeAggregateTestCheckFunc(checkInstance(mock, id, bandwidthIs(12, 10)), stateKeeps(secret, token)),
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

// targetAccountID is the simulator's account whose roles the first
// account may assume.
const targetAccountID = "1000000000000005"

// assumeRole gets temporary credentials for a role from the simulator's
// STS with the first account's keys.
func assumeRole(t *testing.T, mock *acctest.Mock, roleArn string) (accessKey, secret, token string) {
	t.Helper()
	client, err := sts.NewClientWithAccessKey(acctest.Region, acctest.AccessKey, acctest.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	client.Domain = mock.Endpoint
	req := sts.CreateAssumeRoleRequest()
	req.Scheme = "http"
	req.RoleArn = roleArn
	req.RoleSessionName = "acctest"
	resp, err := client.AssumeRole(req)
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	c := resp.Credentials
	if c.AccessKeyId == "" || c.AccessKeySecret == "" || c.SecurityToken == "" {
		t.Fatalf("AssumeRole gave incomplete credentials: %+v", resp)
	}
	return c.AccessKeyId, c.AccessKeySecret, c.SecurityToken
}

var out20 = []acctest.Attr{acctest.Int("internet_max_bandwidth_out", 20)}

// deadEndpointConfig is the provider block pointing the ECS API at
// endpoint, with the simulator's keys and any further settings (HCL).
func deadEndpointConfig(endpoint, settings string, attrs []acctest.Attr, blocks ...string) string {
	return acctest.ConfigCompose(fmt.Sprintf(`
provider "aliyun" {
  region     = %q
  access_key = %q
  secret_key = %q
  protocol   = "HTTP"
  %s

  endpoints {
    ecs = %q
    bss = %q
  }
}
`, acctest.Region, acctest.AccessKey, acctest.SecretKey, settings, endpoint, endpoint),
		acctest.ResourceConfig(resourceType, "test", spec("i-prepaid-vpc", attrs...), blocks...))
}

// TestAccECSInstanceNetworkSpec_wrongSecretFailsPlan: a wrong secret
// fails the plan of a new resource as an error naming secret_key, after
// one refused call, and nothing is written.
func TestAccECSInstanceNetworkSpec_wrongSecretFailsPlan(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ConfigCompose(mock.ProviderConfigFor(acctest.AccessKey, "not-the-secret"),
				acctest.ResourceConfig(resourceType, "test", spec(id, acctest.Int("internet_max_bandwidth_out", 20)))),
			PlanOnly:    true,
			ExpectError: wrappedPattern(`(?s)Error: Wrong secret_key.*Credentials in use: static access key \(the provider block\)\..*DescribeInstances answered SignatureDoesNotMatch`),
		}},
	})
	calls := mock.Calls()
	if len(calls) == 0 {
		t.Fatal("the plan made no call: the refusal did not come from the API")
	}
	for _, c := range calls {
		if c.Action != "DescribeInstances" || c.Code != "SignatureDoesNotMatch" {
			t.Errorf("call %s answered %q, want only refused DescribeInstances calls", c.Action, c.Code)
		}
	}
	if n := mock.CountCalls("DescribeInstances"); n > 1 {
		t.Errorf("DescribeInstances calls = %d: a refused secret was retried", n)
	}
}

// TestAccECSInstanceNetworkSpec_missingPermissionFailsPlan: a RAM
// permission the credentials lack fails the plan, naming the action to
// grant.
func TestAccECSInstanceNetworkSpec_missingPermissionFailsPlan(t *testing.T) {
	mock := acctest.StartMock(t)
	if err := mock.AddFault(ecsmock.FaultRule{Action: "DescribeBandwidthLimitation", Kind: ecsmock.FaultError, Code: "Forbidden.RAM", HttpStatus: 403}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      testAccConfig(mock, spec("i-prepaid-vpc", acctest.Int("internet_max_bandwidth_out", 20))),
			PlanOnly:    true,
			ExpectError: wrappedPattern(`(?s)Error: Permission denied: grant ecs:DescribeBandwidthLimitation.*Forbidden.RAM`),
		}},
	})
	if n := mock.CountCalls(modifyAction); n != 0 {
		t.Errorf("%s calls = %d, want none", modifyAction, n)
	}
}

// TestAccECSInstanceNetworkSpec_unresolvableEndpoint: an endpoint whose
// name does not resolve fails the plan of a new resource at once, and the
// refresh of an existing one, naming the endpoint and what to check.
func TestAccECSInstanceNetworkSpec_unresolvableEndpoint(t *testing.T) {
	mock := acctest.StartMock(t)
	const host = "ecs.cn-hangzhuo.invalid"
	want := wrappedPattern(`(?s)API endpoint does not resolve.*the host name of endpoint ` + host + ` does not resolve.*endpoints block.*region`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      deadEndpointConfig(host, "", out20, "timeouts {\n  create = \"20s\"\n}"),
				PlanOnly:    true,
				ExpectError: want,
			},
			{Config: testAccConfig(mock, spec("i-prepaid-vpc"))},
			{
				Config:      deadEndpointConfig(host, "", out20, "timeouts {\n  update = \"20s\"\n}"),
				ExpectError: want,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_closedPortEndpoint: an endpoint where
// nothing listens fails the plan after a bounded time of retries, naming
// the endpoint.
func TestAccECSInstanceNetworkSpec_closedPortEndpoint(t *testing.T) {
	endpoint := ecs.ClosedPort(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:   deadEndpointConfig(endpoint, "", out20),
			PlanOnly: true,
			ExpectError: wrappedPattern(`(?s)API endpoint refuses connections.*endpoint ` + regexp.QuoteMeta(endpoint) +
				` refused every connection \([0-9]+ attempts in [0-9.]+s\).*port`),
		}},
	})
}

// TestAccECSInstanceNetworkSpec_silentEndpoint: an endpoint that takes
// connections and never answers fails the plan after two read timeouts
// (short ones here), naming the endpoint.
func TestAccECSInstanceNetworkSpec_silentEndpoint(t *testing.T) {
	endpoint := ecs.SilentListener(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:   deadEndpointConfig(endpoint, "client_read_timeout = 1000", out20),
			PlanOnly: true,
			ExpectError: wrappedPattern(`(?s)API endpoint does not answer.*endpoint ` + regexp.QuoteMeta(endpoint) +
				` took the request and sent no answer \(2 attempts in [0-9.]+s\).*protocol`),
		}},
	})
}

// TestAccECSInstanceNetworkSpec_instanceRangeAbove100: an instance whose
// own range reaches 200 Mbit/s takes 150 at plan and at apply, while an
// instance with the reference's range is refused 101 at plan, the error
// naming the range and where it came from.
func TestAccECSInstanceNetworkSpec_instanceRangeAbove100(t *testing.T) {
	mock := acctest.StartMock(t)
	const wide, narrow = "i-postpaid-vpc", "i-prepaid-vpc"
	err := mock.UpdateInstance(wide, func(in *ecsmock.Instance) {
		in.BandwidthLimits = []ecsmock.BandwidthLimit{{InternetChargeType: in.InternetChargeType, Min: 0, Max: 200}}
	})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccConfig(mock, spec(narrow, acctest.Int("internet_max_bandwidth_out", 101))),
				PlanOnly:    true,
				ExpectError: wrappedPattern(`(?s)Outbound bandwidth not supported.*For instance i-prepaid-vpc .*DescribeBandwidthLimitation allows raising it to 5-100 Mbit/s outbound; the plan asks 101`),
			},
			{
				Config: testAccConfig(mock, spec(wide, acctest.Int("internet_max_bandwidth_out", 150))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(resourceName, tfjsonpath.New("internet_max_bandwidth_out"), knownvalue.Int64Exact(150)),
				}},
				Check:             checkInstance(mock, wide, bandwidthIs(150, 10)),
				ConfigStateChecks: []statecheck.StateCheck{expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(150))},
			},
		},
	})
	if n := mock.CountCalls(modifyAction); n != 1 {
		t.Errorf("%s calls = %d, want the one of the 150 Mbit/s apply", modifyAction, n)
	}
}

// TestAccECSInstanceNetworkSpec_changeLockWaited: a change sent while
// the instance still refuses changes after the previous one
// (LastOrderProcessing) is retried until the lock ends, and the debug log
// says what the retries wait for.
func TestAccECSInstanceNetworkSpec_changeLockWaited(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "debug.log")
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	mock := acctest.StartMockWith(t, ecsmock.Config{ChangeLock: 3 * time.Second})
	const id = "i-postpaid-vpc"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 10)))},
			{
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 20)), "timeouts {\n  update = \"1m\"\n}"),
				Check:  checkInstance(mock, id, bandwidthIs(20, 10)),
			},
		},
	})
	locked := 0
	for _, c := range mock.Calls() {
		if c.Action == modifyAction && c.Code == "LastOrderProcessing" {
			locked++
		}
	}
	if locked == 0 {
		t.Fatal("no change met the lock: the test proved nothing")
	}
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if want := "waiting for the instance's previous order to finish processing"; !strings.Contains(string(raw), want) {
		t.Errorf("the debug log lacks %q", want)
	}
}

// stateKeeps checks that no value in the state holds any of secrets.
func stateKeeps(secrets ...string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for _, m := range st.Modules {
			for name, rs := range m.Resources {
				for attr, v := range rs.Primary.Attributes {
					for _, secret := range secrets {
						if strings.Contains(v, secret) {
							return fmt.Errorf("the state holds a credential in %s.%s", name, attr)
						}
					}
				}
			}
		}
		return nil
	}
}

// TestAccECSInstanceNetworkSpec_planJudgedByCommittedSpec: while another
// change to 24 Mbit/s settles on an instance still showing 5, a plan for
// 20 is judged as the API judges it, against the committed 24: a lowering
// it allows, not a false refusal of a raise.
func TestAccECSInstanceNetworkSpec_planJudgedByCommittedSpec(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-postpaid-vpc"
	later := time.Now().Add(time.Hour)
	err := mock.UpdateInstance(id, func(in *ecsmock.Instance) {
		in.PendingChanges = append(in.PendingChanges, ecsmock.PendingChange{
			InternetChargeType: in.InternetChargeType, InternetMaxBandwidthOut: 24,
			InternetMaxBandwidthIn: in.InternetMaxBandwidthIn, EffectiveTime: &later,
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:             testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 20))),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	// Each plan reads the instance once, then the range for a raise from
	// the shown 5 and, that range starting at 24, the range for a lowering.
	reads, ranges := mock.CountCalls("DescribeInstances"), mock.CountCalls("DescribeBandwidthLimitation")
	if reads == 0 || ranges != 2*reads {
		t.Errorf("DescribeInstances calls = %d, DescribeBandwidthLimitation calls = %d: want two range lookups per plan", reads, ranges)
	}
	if n := mock.CountCalls(modifyAction); n != 0 {
		t.Errorf("%s calls = %d, want none", modifyAction, n)
	}
}
