package ecs_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

const (
	resourceType = "aliyun_ecs_instance_network_spec"
	resourceName = resourceType + ".test"
	modifyAction = "ModifyInstanceNetworkSpec"
)

// testAccConfig is the provider block for mock plus one resource "test".
func testAccConfig(mock *acctest.Mock, attrs []acctest.Attr, blocks ...string) string {
	return acctest.ConfigCompose(mock.ProviderConfig(), acctest.ResourceConfig(resourceType, "test", attrs, blocks...))
}

func spec(instanceID string, more ...acctest.Attr) []acctest.Attr {
	return append([]acctest.Attr{acctest.String("instance_id", instanceID)}, more...)
}

func expectState(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(resourceName, tfjsonpath.New(attr), v)
}

// checkInstance checks the simulator's view of an instance.
func checkInstance(mock *acctest.Mock, id string, check func(ecsmock.Instance) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		inst, ok := mock.Instance(id)
		if !ok {
			return fmt.Errorf("instance %s is not in the simulator", id)
		}
		return check(inst)
	}
}

func bandwidthIs(out, in int) func(ecsmock.Instance) error {
	return func(inst ecsmock.Instance) error {
		if inst.InternetMaxBandwidthOut != out || inst.InternetMaxBandwidthIn != in {
			return fmt.Errorf("instance %s has out %d in %d, want out %d in %d",
				inst.InstanceId, inst.InternetMaxBandwidthOut, inst.InternetMaxBandwidthIn, out, in)
		}
		return nil
	}
}

// checkCalls checks how many ModifyInstanceNetworkSpec calls and orders
// the simulator has seen.
func checkCalls(mock *acctest.Mock, instanceID string, modifies, orders int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := mock.CountCalls(modifyAction); n != modifies {
			return fmt.Errorf("%s calls = %d, want %d", modifyAction, n, modifies)
		}
		if n := len(mock.Orders(instanceID)); n != orders {
			return fmt.Errorf("orders for %s = %d, want %d", instanceID, n, orders)
		}
		return nil
	}
}

// checkOrderIDInState checks that order_id is the simulator's last order
// for the instance and that it is Paid.
func checkOrderIDInState(mock *acctest.Mock, instanceID string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		orders := mock.Orders(instanceID)
		if len(orders) == 0 {
			return fmt.Errorf("no order for %s", instanceID)
		}
		last := orders[len(orders)-1]
		if last.PaymentStatus != "Paid" {
			return fmt.Errorf("order %s is %s, want Paid", last.OrderId, last.PaymentStatus)
		}
		return resource.TestCheckResourceAttr(resourceName, "order_id", last.OrderId)(s)
	}
}

// wrappedPattern matches pattern in Terraform's output, where a space may
// have become a line break.
func wrappedPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

var emptyPlanAfterApply = resource.ConfigPlanChecks{
	PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
}

func TestAccECSInstanceNetworkSpec_basic(t *testing.T) {
	mock := acctest.StartMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The instance already has this spec: nothing is written.
				Config: testAccConfig(mock, spec("i-postpaid-vpc",
					acctest.Int("internet_max_bandwidth_out", 5), acctest.Int("internet_max_bandwidth_in", 10))),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("id", knownvalue.StringExact("i-postpaid-vpc")),
					expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(5)),
					expectState("internet_max_bandwidth_in", knownvalue.Int64Exact(10)),
					expectState("internet_charge_type", knownvalue.StringExact("PayByTraffic")),
					expectState("instance_charge_type", knownvalue.StringExact("PostPaid")),
					expectState("instance_network_type", knownvalue.StringExact("vpc")),
					expectState("public_ip_address", knownvalue.StringExact("47.0.0.1")),
					expectState("order_id", knownvalue.Null()),
					expectState("auto_pay", knownvalue.Bool(true)),
					expectState("allocate_public_ip", knownvalue.Bool(false)),
					expectState("restore_on_destroy", knownvalue.Bool(false)),
				},
				Check:            checkCalls(mock, "i-postpaid-vpc", 0, 0),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
			{
				// Leaving the bandwidths out keeps what the instance has.
				Config:           testAccConfig(mock, spec("i-postpaid-vpc")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkCalls(mock, "i-postpaid-vpc", 0, 0),
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_updatePrepaid(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			// restore_on_destroy is false: destroy leaves the last spec.
			checkInstance(mock, id, bandwidthIs(8, 10)),
			checkCalls(mock, id, 3, 3),
		),
		Steps: []resource.TestStep{
			{
				// Create raises the bandwidth: one order, paid, in effect.
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 10))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(10, 10)),
					checkCalls(mock, id, 1, 1),
					checkOrderIDInState(mock, id),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(10)),
					expectState("public_ip_address", knownvalue.StringExact("47.0.0.2")),
				},
				ConfigPlanChecks: emptyPlanAfterApply,
			},
			{
				// Update up: the plan does not know the new order yet.
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 20))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("order_id")),
						plancheck.ExpectKnownValue(resourceName, tfjsonpath.New("public_ip_address"), knownvalue.StringExact("47.0.0.2")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(20, 10)),
					checkCalls(mock, id, 2, 2),
					checkOrderIDInState(mock, id),
				),
			},
			{
				// Update down: a refund order, also awaited.
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 8))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(8, 10)),
					checkCalls(mock, id, 3, 3),
					checkOrderIDInState(mock, id),
				),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_updatePostpaid(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-postpaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Pay-as-you-go changes place no order.
				Config: testAccConfig(mock, spec(id,
					acctest.Int("internet_max_bandwidth_out", 50), acctest.Int("internet_max_bandwidth_in", 100))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(50, 100)),
					checkCalls(mock, id, 1, 0),
				),
				ConfigStateChecks: []statecheck.StateCheck{expectState("order_id", knownvalue.Null())},
				ConfigPlanChecks:  emptyPlanAfterApply,
			},
			{
				Config: testAccConfig(mock, spec(id,
					acctest.Int("internet_max_bandwidth_out", 1), acctest.Int("internet_max_bandwidth_in", 100))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(1, 100)),
					checkCalls(mock, id, 2, 0),
				),
				ConfigStateChecks: []statecheck.StateCheck{expectState("order_id", knownvalue.Null())},
				ConfigPlanChecks:  emptyPlanAfterApply,
			},
			{
				// Only auto_pay changes: nothing is sent.
				Config: testAccConfig(mock, spec(id,
					acctest.Int("internet_max_bandwidth_out", 1), acctest.Int("internet_max_bandwidth_in", 100),
					acctest.Bool("auto_pay", false))),
				Check:            checkCalls(mock, id, 2, 0),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_chargeType(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A subscription billed by traffic moves to PayByBandwidth,
				// the one way the API allows it.
				PreConfig: func() {
					if err := mock.UpdateInstance(id, func(inst *ecsmock.Instance) { inst.InternetChargeType = "PayByTraffic" }); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccConfig(mock, spec(id, acctest.String("internet_charge_type", "PayByBandwidth"))),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, func(inst ecsmock.Instance) error {
						if inst.InternetChargeType != "PayByBandwidth" {
							return fmt.Errorf("charge type %s, want PayByBandwidth", inst.InternetChargeType)
						}
						return nil
					}),
					checkCalls(mock, id, 1, 1),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("internet_charge_type", knownvalue.StringExact("PayByBandwidth")),
					expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(5)),
				},
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_publicIP(t *testing.T) {
	mock := acctest.StartMock(t)
	ipPattern := regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A subscription instance gets a public IP with its first bandwidth.
				Config: testAccConfig(mock, spec("i-prepaid-noip", acctest.Int("internet_max_bandwidth_out", 3))),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("public_ip_address", knownvalue.StringRegexp(ipPattern)),
				},
				Check:            checkInstance(mock, "i-prepaid-noip", bandwidthIs(3, 10)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
			{
				// A pay-as-you-go instance only when asked.
				Config: acctest.ConfigCompose(mock.ProviderConfig(),
					acctest.ResourceConfig(resourceType, "test", spec("i-prepaid-noip", acctest.Int("internet_max_bandwidth_out", 3))),
					acctest.ResourceConfig(resourceType, "postpaid", spec("i-postpaid-noip",
						acctest.Int("internet_max_bandwidth_out", 4), acctest.Bool("allocate_public_ip", true)))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceType+".postpaid", tfjsonpath.New("public_ip_address"), knownvalue.StringRegexp(ipPattern)),
				},
				Check:            checkInstance(mock, "i-postpaid-noip", bandwidthIs(4, 10)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_import(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	config := testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 12)))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:            config,
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateId:     id,
				ImportStateVerify: true,
				// The order of a past change is not something an instance tells.
				ImportStateVerifyIgnore: []string{"order_id"},
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_disappears(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-postpaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 6))),
				Check: func(*terraform.State) error {
					return mock.RemoveInstance(id)
				},
				// The refresh drops the resource with a warning; the plan to
				// manage the configured instance again then fails on it.
				ExpectError: wrappedPattern(`(?s)Instance not found.*No instance i-postpaid-vpc exists.*cannot be managed`),
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_restoreOnDestroy(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkInstance(mock, id, bandwidthIs(5, 10)),
			// The upgrade, then the restoring downgrade.
			checkCalls(mock, id, 2, 2),
		),
		Steps: []resource.TestStep{
			{
				Config: testAccConfig(mock, spec(id,
					acctest.Int("internet_max_bandwidth_out", 15), acctest.Int("internet_max_bandwidth_in", 30),
					acctest.Bool("restore_on_destroy", true))),
				Check:            checkInstance(mock, id, bandwidthIs(15, 30)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

func TestAccECSInstanceNetworkSpec_temporaryUpgrade(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	start := mock.Now().UTC().Truncate(time.Hour).Add(2 * time.Hour)
	config := testAccConfig(mock, spec(id), windowBlock(start, 3*time.Hour, 20))
	expectWindow := func(status string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("temporary_upgrade").AtSliceIndex(0).AtMapKey("status"),
			knownvalue.StringExact(status))
	}
	windowOrder := func(s *terraform.State) error {
		orders := mock.Orders(id)
		if len(orders) != 1 || orders[0].OrderType != "TemporaryUpgrade" {
			return fmt.Errorf("orders = %+v, want one TemporaryUpgrade", orders)
		}
		return resource.TestCheckResourceAttr(resourceName, "temporary_upgrade.0.order_id", orders[0].OrderId)(s)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Booked for later: the order is paid, the bandwidth not yet
				// there, and the state holds the permanent 5.
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(5, 10)),
					checkCalls(mock, id, 1, 1),
					windowOrder,
					resource.TestCheckNoResourceAttr(resourceName, "order_id"),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(5)),
					expectWindow("Booked"),
				},
				ConfigPlanChecks: emptyPlanAfterApply,
			},
			{
				// Inside the window: the instance has 20, the state still
				// the permanent 5.
				PreConfig: func() { mock.AdvanceClock(3 * time.Hour) },
				Config:    config,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(20, 10)),
					checkCalls(mock, id, 1, 1),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(5)),
					expectWindow("Active"),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// After the window: back to 5, the block Ended, nothing planned.
				PreConfig: func() { mock.AdvanceClock(3 * time.Hour) },
				Config:    config,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(5, 10)),
					checkCalls(mock, id, 1, 1),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(5)),
					expectWindow("Ended"),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Edited into another window that has ended: nothing sent,
				// no order, and the block says so.
				Config: testAccConfig(mock, spec(id), windowBlock(start, 4*time.Hour, 20)),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(5, 10)),
					checkCalls(mock, id, 1, 1),
					resource.TestCheckNoResourceAttr(resourceName, "temporary_upgrade.0.order_id"),
				),
				ConfigStateChecks: []statecheck.StateCheck{expectWindow("Ended")},
				ConfigPlanChecks:  emptyPlanAfterApply,
			},
			{
				// The block removed and out raised: the plan shows 5 -> 20,
				// and the apply places one Upgrade order.
				Config: testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 20))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						expectPlannedChange("internet_max_bandwidth_out", 5, 20),
						plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("order_id")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(20, 10)),
					checkCalls(mock, id, 2, 2),
					func(*terraform.State) error {
						if o := mock.Orders(id)[1]; o.OrderType != "Upgrade" {
							return fmt.Errorf("second order is %s, want Upgrade", o.OrderType)
						}
						return nil
					},
					checkOrderIDInState(mock, id),
				),
			},
		},
	})
}

// expectPlannedChange checks that the plan changes attr from before (the
// refreshed state) to after.
func expectPlannedChange(attr string, before, after int64) plancheck.PlanCheck {
	return plannedChange{attr, before, after}
}

type plannedChange struct {
	attr          string
	before, after int64
}

func (c plannedChange) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != resourceName {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		if fmt.Sprint(before[c.attr]) != fmt.Sprint(c.before) || fmt.Sprint(after[c.attr]) != fmt.Sprint(c.after) {
			resp.Error = fmt.Errorf("%s planned %v -> %v, want %d -> %d", c.attr, before[c.attr], after[c.attr], c.before, c.after)
		}
		return
	}
	resp.Error = fmt.Errorf("no change planned for %s", resourceName)
}

func TestAccECSInstanceNetworkSpec_unpaidOrderResumes(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	config := testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 30), acctest.Bool("auto_pay", false)),
		`timeouts {
  update = "3s"
}`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id))},
			{
				// Nobody pays: the apply ends at the timeout naming the order.
				Config:      config,
				ExpectError: wrappedPattern(`(?s)Order not paid.*still unpaid`),
			},
			{
				// The next apply resumes on the same order, paid meanwhile.
				PreConfig: func() {
					orders := mock.Orders(id)
					if len(orders) != 1 || orders[0].PaymentStatus != "Unpaid" {
						t.Fatalf("orders = %+v, want one unpaid", orders)
					}
					go func() {
						time.Sleep(500 * time.Millisecond)
						if err := mock.PayOrder(orders[0].OrderId); err != nil {
							t.Errorf("paying: %v", err)
						}
					}()
				},
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(30, 10)),
					func(*terraform.State) error {
						if n := len(mock.Orders(id)); n != 1 {
							return fmt.Errorf("orders = %d, want the one order", n)
						}
						return nil
					},
					checkOrderIDInState(mock, id),
				),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_planTimeRejections checks that each bad
// input fails at plan, on its attribute, with nothing sent to the API.
func TestAccECSInstanceNetworkSpec_planTimeRejections(t *testing.T) {
	tests := []struct {
		name  string
		attrs []acctest.Attr
		block string
		want  string
	}{
		{"out below 0", []acctest.Attr{acctest.Int("internet_max_bandwidth_out", -1)}, "",
			`(?s)internet_max_bandwidth_out.*value must be at least 0, got: -1`},
		{"in 0", []acctest.Attr{acctest.Int("internet_max_bandwidth_in", 0)}, "",
			`(?s)internet_max_bandwidth_in.*value must be at least 1, got: 0`},
		{"in above 200", []acctest.Attr{acctest.Int("internet_max_bandwidth_in", 201)}, "",
			`(?s)Inbound bandwidth not supported.*internet_max_bandwidth_in = 201 is above 200 Mbit/s`},
		{"unknown charge type", []acctest.Attr{acctest.String("internet_charge_type", "PayByMonth")}, "",
			`(?s)internet_charge_type.*value must be one of`},
		{"start in the end's format", nil, `temporary_upgrade {
  internet_max_bandwidth_out = 10
  start_time                 = "2030-01-01T10Z"
  end_time                   = "2030-01-01T12Z"
}`, `(?s)Invalid time format.*start_time.*yyyy-MM-ddThh:mmZ`},
		{"malformed end", nil, `temporary_upgrade {
  internet_max_bandwidth_out = 10
  start_time                 = "2030-01-01T10:00Z"
  end_time                   = "tomorrow"
}`, `(?s)Invalid time format.*end_time.*yyyy-MM-ddThhZ`},
		{"end without start", nil, `temporary_upgrade {
  internet_max_bandwidth_out = 10
  end_time                   = "2030-01-01T12Z"
}`, `(?s)"start_time" is required`},
		{"end before start", nil, `temporary_upgrade {
  internet_max_bandwidth_out = 10
  start_time                 = "2030-01-01T10:00Z"
  end_time                   = "2030-01-01T09Z"
}`, `(?s)End of window not after its start.*end_time`},
		{"window without bandwidth", nil, `temporary_upgrade {
  start_time = "2030-01-01T10:00Z"
  end_time   = "2030-01-01T12Z"
}`, `(?s)internet_max_bandwidth_out.*internet_max_bandwidth_in`},
		{"two windows", nil, windowBlock(time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC), 2*time.Hour, 10) + "\n" +
			windowBlock(time.Date(2030, 1, 2, 10, 0, 0, 0, time.UTC), 2*time.Hour, 10),
			`(?s)temporary_upgrade.*at most 1`},
		{"public IP without bandwidth", []acctest.Attr{acctest.Int("internet_max_bandwidth_out", 0), acctest.Bool("allocate_public_ip", true)}, "",
			`(?s)Public IP without outbound bandwidth.*allocate_public_ip`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mock := acctest.StartMock(t)
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:      testAccConfig(mock, spec("i-postpaid-noip", tt.attrs...), tt.block),
						PlanOnly:    true,
						ExpectError: wrappedPattern(tt.want),
					},
				},
			})
			if calls := mock.Calls(); len(calls) != 0 {
				t.Errorf("the simulator received %d calls (first %s), want none", len(calls), calls[0].Action)
			}
		})
	}
}

// TestAccECSInstanceNetworkSpec_apiRefusals checks that refusals only the
// API can make (the plan-time checks cannot see them) reach the user as the
// diagnostics diagnostics.go writes.
func TestAccECSInstanceNetworkSpec_apiRefusals(t *testing.T) {
	tests := []struct {
		name                 string
		accessKey, secretKey string
		attrs                []acctest.Attr
		want                 string
	}{
		{"subscription of an account in arrears", "mock-arrears-key", "mock-arrears-secret",
			spec("i-arrears-prepaid", acctest.Int("internet_max_bandwidth_out", 10)),
			`(?s)Account has an outstanding payment.*Account.Arrearage \(HTTP 400\).*RequestId`},
		{"balance too low for the order", "mock-poor-key", "mock-poor-secret",
			spec("i-poor-prepaid", acctest.Int("internet_max_bandwidth_out", 10)),
			`(?s)Not enough balance to pay the order.*InvalidAccountStatus.NotEnoughBalance \(HTTP 403\).*RequestId`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mock := acctest.StartMock(t)
			config := acctest.ConfigCompose(mock.ProviderConfigFor(tt.accessKey, tt.secretKey),
				acctest.ResourceConfig(resourceType, "test", tt.attrs))
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config, ExpectError: wrappedPattern(tt.want)},
				},
			})
			for _, o := range mock.Orders(tt.attrs[0].Value[1 : len(tt.attrs[0].Value)-1]) {
				t.Errorf("order %s placed by a refused change", o.OrderId)
			}
		})
	}
}
