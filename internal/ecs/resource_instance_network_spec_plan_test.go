package ecs_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
)

// writeActions are the calls that change something in the cloud.
var writeActions = []string{modifyAction, "AllocatePublicIpAddress"}

// readOnlyActions are the calls a plan may make.
var readOnlyActions = map[string]bool{"DescribeInstances": true, "DescribeBandwidthLimitation": true}

// windowAt is a temporary_upgrade block of two hours starting in hours
// from now (negative: in the past), raising out to out.
func windowAt(hours, out int) string {
	start := time.Now().UTC().Truncate(time.Hour).Add(time.Duration(hours) * time.Hour)
	return windowBlock(start, 2*time.Hour, out)
}

// windowBlock is a temporary_upgrade block from start, lasting d.
func windowBlock(start time.Time, d time.Duration, out int) string {
	return fmt.Sprintf(`temporary_upgrade {
  internet_max_bandwidth_out = %d
  start_time                 = %q
  end_time                   = %q
}`, out, start.Format("2006-01-02T15:04Z"), start.Add(d).Format("2006-01-02T15Z"))
}

// testAccPlanRefused checks that the configuration fails at plan with an
// error matching want, the simulator having received read-only calls only.
func testAccPlanRefused(t *testing.T, config func(*acctest.Mock) string, want string) {
	t.Helper()
	mock := acctest.StartMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(mock), PlanOnly: true, ExpectError: wrappedPattern(want)},
		},
	})
	for _, c := range mock.Calls() {
		if !readOnlyActions[c.Action] {
			t.Errorf("the plan made a %s call", c.Action)
		}
	}
	for _, a := range writeActions {
		if n := mock.CountCalls(a); n != 0 {
			t.Errorf("%s calls = %d, want 0", a, n)
		}
	}
	if mock.CountCalls("DescribeInstances") == 0 {
		t.Error("the plan never read the instance: the refusal was not decided from its facts")
	}
}

func testAccPlanConfig(instanceID string, attrs ...acctest.Attr) func(*acctest.Mock) string {
	return func(mock *acctest.Mock) string { return testAccConfig(mock, spec(instanceID, attrs...)) }
}

func testAccPlanWindowConfig(instanceID, window string) func(*acctest.Mock) string {
	return func(mock *acctest.Mock) string { return testAccConfig(mock, spec(instanceID), window) }
}

func TestAccECSInstanceNetworkSpec_planBandwidthRange(t *testing.T) {
	// DescribeBandwidthLimitation gives a subscription with bandwidth 1-5
	// to lower it within.
	testAccPlanRefused(t, testAccPlanConfig("i-prepaid-vpc", acctest.Int("internet_max_bandwidth_out", 0)),
		`(?s)Bandwidth cannot be lowered.*internet_max_bandwidth_out.*DescribeBandwidthLimitation allows lowering it to 1-5 Mbit/s.*DecreasedBandwidthNotAllowed`)
}

func TestAccECSInstanceNetworkSpec_planClassicNotStopped(t *testing.T) {
	testAccPlanRefused(t, testAccPlanConfig("i-classic-running", acctest.Int("internet_max_bandwidth_out", 5)),
		`(?s)Instance state does not allow this change.*internet_max_bandwidth_out.*classic network and Running.*only while it is Stopped.*InvalidInstanceStatus`)
}

func TestAccECSInstanceNetworkSpec_planEIPBound(t *testing.T) {
	testAccPlanRefused(t, testAccPlanConfig("i-vpc-eip", acctest.Int("internet_max_bandwidth_out", 5)),
		`(?s)The bandwidth belongs to the bound EIP.*internet_max_bandwidth_out.*Elastic IP 47.0.1.1.*InvalidInstance.InstanceNotSupported`)
}

func TestAccECSInstanceNetworkSpec_planEIPBoundWindow(t *testing.T) {
	testAccPlanRefused(t, testAccPlanWindowConfig("i-vpc-eip", windowAt(24, 5)),
		`(?s)Temporary upgrade denied: an EIP is bound.*Remove the temporary_upgrade block.*BandwidthUpgradeDenied.EipBoundInstance`)
}

func TestAccECSInstanceNetworkSpec_planWindowBelowCurrent(t *testing.T) {
	testAccPlanRefused(t, testAccPlanWindowConfig("i-prepaid-vpc", windowAt(24, 3)),
		`(?s)Temporary bandwidth lower than the current one.*internet_max_bandwidth_out.*has 5 Mbit/s outbound, the window asks 3.*InvalidBandwidth.ValueNotSupported`)
}

func TestAccECSInstanceNetworkSpec_planWindowStarted(t *testing.T) {
	// The simulator's clock is two days ahead of this machine's: the
	// window is ahead by the local clock, started by the cloud's.
	mock := acctest.StartMock(t)
	mock.AdvanceClock(48 * time.Hour)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      testAccConfig(mock, spec("i-prepaid-vpc"), windowBlock(time.Now().UTC().Add(24*time.Hour), 48*time.Hour, 20)),
			PlanOnly:    true,
			ExpectError: wrappedPattern(`(?s)Temporary upgrade starts in the past.*start_time.*is not ahead of now.*by the cloud's clock`),
		}},
	})
	for _, a := range writeActions {
		if n := mock.CountCalls(a); n != 0 {
			t.Errorf("%s calls = %d, want 0", a, n)
		}
	}
}

func TestAccECSInstanceNetworkSpec_planWindowWithoutBandwidth(t *testing.T) {
	testAccPlanRefused(t, testAccPlanWindowConfig("i-prepaid-noip", windowAt(24, 5)),
		`(?s)Invalid bandwidth request.*has no outbound bandwidth.*InvalidParameter.Bandwidth`)
}

func TestAccECSInstanceNetworkSpec_planChargeTypeViolation(t *testing.T) {
	testAccPlanRefused(t, testAccPlanConfig("i-prepaid-vpc", acctest.String("internet_charge_type", "PayByTraffic")),
		`(?s)Not allowed for the instance's billing method.*internet_charge_type.*subscription \(PrePaid\) billed PayByBandwidth.*from PayByTraffic to PayByBandwidth only, not back.*ChargeTypeViolation`)
}

func TestAccECSInstanceNetworkSpec_planChargeTypeWindow(t *testing.T) {
	testAccPlanRefused(t, testAccPlanWindowConfig("i-postpaid-vpc", windowAt(24, 20)),
		`(?s)Not allowed for the instance's billing method.*temporary bandwidth upgrades are for subscription instances only.*ChargeTypeViolation`)
}

func TestAccECSInstanceNetworkSpec_planExpired(t *testing.T) {
	testAccPlanRefused(t, testAccPlanConfig("i-prepaid-expired", acctest.Int("internet_max_bandwidth_out", 10)),
		`(?s)Instance expired or account in arrears.*instance_id.*subscription that has expired \(expiry 2020-01-01T00:00Z\).*Renew.*InstanceExpiredOrInArrears`)
}

func TestAccECSInstanceNetworkSpec_planArrears(t *testing.T) {
	testAccPlanRefused(t, func(mock *acctest.Mock) string {
		return acctest.ConfigCompose(mock.ProviderConfigFor("mock-arrears-key", "mock-arrears-secret"),
			acctest.ResourceConfig(resourceType, "test", spec("i-arrears-postpaid", acctest.Int("internet_max_bandwidth_out", 10))))
	}, `(?s)Instance expired or account in arrears.*instance_id.*the account has overdue payments.*InstanceExpiredOrInArrears`)
}

func TestAccECSInstanceNetworkSpec_planInboundWithoutAddress(t *testing.T) {
	testAccPlanRefused(t, testAccPlanConfig("i-postpaid-noip", acctest.Int("internet_max_bandwidth_in", 20)),
		`(?s)Operation denied for a VPC instance.*internet_max_bandwidth_in.*no public IP or EIP.*OperationDenied`)
}

func TestAccECSInstanceNetworkSpec_planInstanceNotFound(t *testing.T) {
	testAccPlanRefused(t, testAccPlanConfig("i-does-not-exist", acctest.Int("internet_max_bandwidth_out", 5)),
		`(?s)Instance not found.*instance_id.*No instance i-does-not-exist exists in region cn-hangzhou.*cannot be managed`)
}

// TestAccECSInstanceNetworkSpec_planNoChangeNoCall checks that a plan that
// changes nothing, or nothing the API sees, makes no call beyond the
// refresh.
func TestAccECSInstanceNetworkSpec_planNoChangeNoCall(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	onlyRefreshes := func(*terraform.State) error {
		for _, c := range mock.Calls() {
			if c.Action != "DescribeInstances" {
				return fmt.Errorf("a %s call was made; only the refresh's DescribeInstances was expected", c.Action)
			}
		}
		if mock.CountCalls("DescribeInstances") == 0 {
			return fmt.Errorf("no refresh was made")
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 10)))},
			{
				PreConfig: mock.ResetCalls,
				Config:    testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 10))),
				PlanOnly:  true,
			},
			{
				// The PlanOnly step leaves no TestCheckFunc: check its calls here.
				PreConfig: func() {
					if err := onlyRefreshes(nil); err != nil {
						t.Error("no-op plan: " + err.Error())
					}
					mock.ResetCalls()
				},
				// auto_pay changes in state only.
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 10), acctest.Bool("auto_pay", false))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				Check: onlyRefreshes,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_planUnknownInstanceID checks that an
// instance_id unknown at plan skips the live checks (the plan succeeds),
// and that the apply still refuses the change before sending it: Terraform
// plans the resource again once the instance_id is known.
func TestAccECSInstanceNetworkSpec_planUnknownInstanceID(t *testing.T) {
	mock := acctest.StartMock(t)
	config := acctest.ConfigCompose(mock.ProviderConfig(), `
resource "terraform_data" "instance" {
  input = "i-vpc-eip"
}
`, acctest.ResourceConfig(resourceType, "test", []acctest.Attr{
		acctest.Raw("instance_id", "terraform_data.instance.output"),
		acctest.Int("internet_max_bandwidth_out", 5),
	}))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("instance_id")),
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate),
					},
				},
				ExpectError: wrappedPattern(`(?s)The bandwidth belongs to the bound EIP.*InvalidInstance.InstanceNotSupported`),
			},
		},
	})
	for _, a := range writeActions {
		if n := mock.CountCalls(a); n != 0 {
			t.Errorf("%s calls = %d, want 0", a, n)
		}
	}
}

// TestAccECSInstanceNetworkSpec_planReusesRefresh: the plan of a change to
// a managed resource judges by what its refresh just read: one
// DescribeInstances for refresh and plan together, and the range lookup
// still made; the apply's own plan, in a provider process of its own,
// reads no instance either.
func TestAccECSInstanceNetworkSpec_planReusesRefresh(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	var planReads, planRanges, applyReadsBeforeModify int
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 6)))},
			{
				PreConfig:          mock.ResetCalls,
				Config:             testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 8))),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					planReads, planRanges = mock.CountCalls("DescribeInstances"), mock.CountCalls("DescribeBandwidthLimitation")
					mock.ResetCalls()
				},
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 8))),
				Check: func(*terraform.State) error {
					for _, c := range mock.Calls() {
						if c.Action == modifyAction {
							break
						}
						if c.Action == "DescribeInstances" {
							applyReadsBeforeModify++
						}
					}
					return nil
				},
			},
		},
	})
	if planReads != 1 || planRanges == 0 {
		t.Errorf("terraform plan: DescribeInstances %d, DescribeBandwidthLimitation %d; want the refresh's one read and the range looked up",
			planReads, planRanges)
	}
	if applyReadsBeforeModify != 1 {
		t.Errorf("terraform apply: %d DescribeInstances before the change was sent, want the refresh's one", applyReadsBeforeModify)
	}
}
