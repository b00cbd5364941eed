package ecs_test

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// payOnceWaitedOn pays the instance's one unpaid order as soon as the
// simulator sees a provider wait on it (GetOrderDetail), as a user paying
// in the console while the apply runs would.
func payOnceWaitedOn(t *testing.T, mock *acctest.Mock, instanceID string) {
	t.Helper()
	var unpaid []ecsmock.Order
	for _, o := range mock.Orders(instanceID) {
		if o.PaymentStatus == "Unpaid" {
			unpaid = append(unpaid, o)
		}
	}
	if len(unpaid) != 1 {
		t.Fatalf("orders = %+v, want one unpaid", mock.Orders(instanceID))
	}
	orders := unpaid
	waits := mock.CountCalls("GetOrderDetail")
	go func() {
		deadline := time.Now().Add(time.Minute)
		for mock.CountCalls("GetOrderDetail") == waits && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if err := mock.PayOrder(orders[0].OrderId); err != nil {
			t.Errorf("paying order %s: %v", orders[0].OrderId, err)
		}
	}()
}

// TestAccECSInstanceNetworkSpec_unpaidCreateResumes: a create whose order
// nobody pays times out and leaves no state; the next apply finds that
// order among the instance's open orders and waits on it (paid meanwhile)
// instead of sending the change again.
func TestAccECSInstanceNetworkSpec_unpaidCreateResumes(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	config := func(timeout string) string {
		return testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 15), acctest.Bool("auto_pay", false)),
			"timeouts {\n  create = \""+timeout+"\"\n}")
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("2s"),
				ExpectError: wrappedPattern(`(?s)Order not paid.*Order [0-9]+ for instance i-prepaid-vpc was still unpaid`),
			},
			{
				PreConfig: func() { payOnceWaitedOn(t, mock, id) },
				Config:    config("1m"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstance(mock, id, bandwidthIs(15, 10)), checkOrders(mock, id, 1), checkModifyCalls(mock, 1),
					checkOrderIDInState(mock, id)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_unpaidRestoreResumes: a destroy whose
// restore order nobody pays times out and keeps the resource; the next
// destroy waits on that order (paid meanwhile) instead of sending the
// restore again.
func TestAccECSInstanceNetworkSpec_unpaidRestoreResumes(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	config := func(autoPay bool, timeout string) string {
		return testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 3), acctest.Bool("auto_pay", autoPay),
			acctest.Bool("restore_on_destroy", true)), "timeouts {\n  delete = \""+timeout+"\"\n}")
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkInstance(mock, id, bandwidthIs(5, 10)), checkOrders(mock, id, 2), checkModifyCalls(mock, 2)),
		Steps: []resource.TestStep{
			// A downgrade, paid by itself (a refund); the restore is then
			// an upgrade, left for payment in the console.
			{Config: config(true, "2s")},
			{Config: config(false, "2s")},
			{
				// Past the five minutes a subscription takes no change after a downgrade.
				PreConfig:   func() { mock.AdvanceClock(6 * time.Minute) },
				Config:      config(false, "2s"),
				Destroy:     true,
				ExpectError: wrappedPattern(`(?s)Order not paid.*Order [0-9]+ for instance i-prepaid-vpc was still unpaid`),
			},
			{Config: config(false, "1m")},
			{
				PreConfig: func() { payOnceWaitedOn(t, mock, id) },
				Config:    config(false, "1m"),
				Destroy:   true,
			},
		},
	})
}

// TestAccECSInstanceNetworkSpec_foreignUnpaidOrder: an unpaid order of
// another kind (an upgrade left open in the console) blocks a downgrade:
// the apply names it and sends nothing.
func TestAccECSInstanceNetworkSpec_foreignUnpaidOrder(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-prepaid-vpc"
	var foreign string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccConfig(mock, spec(id))},
			{
				PreConfig: func() {
					foreign = placeOpenOrder(t, mock, id, 20)
				},
				Config:      testAccConfig(mock, spec(id, acctest.Int("internet_max_bandwidth_out", 3))),
				ExpectError: wrappedPattern(`(?s)An unpaid order blocks the change.*Order [0-9]+ \(Upgrade\) for instance i-prepaid-vpc.*would be Downgrade.*Pay it`),
			},
		},
	})
	if n := mock.CountCalls(modifyAction); n != 1 {
		t.Errorf("%s calls = %d, want only the one that placed order %s", modifyAction, n, foreign)
	}
}

// placeOpenOrder places an unpaid change of the instance's outbound
// bandwidth to out, out of band of the provider, as the console would, and
// returns its order.
func placeOpenOrder(t *testing.T, mock *acctest.Mock, instanceID string, out int) string {
	t.Helper()
	client, err := ecs.NewClientWithAccessKey(acctest.Region, acctest.AccessKey, acctest.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	req := ecs.CreateModifyInstanceNetworkSpecRequest()
	req.Scheme, req.Domain = "http", mock.Endpoint
	req.InstanceId = instanceID
	req.InternetMaxBandwidthOut = requests.NewInteger(out)
	req.AutoPay = requests.NewBoolean(false)
	resp, err := client.ModifyInstanceNetworkSpec(req)
	if err != nil || resp.OrderId == "" {
		t.Fatalf("placing an open order: %v (order %q)", err, resp.OrderId)
	}
	return resp.OrderId
}
