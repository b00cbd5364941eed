package ecs

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// placeUnpaid leaves an unpaid order for c on the instance, as an apply
// that died after its call would.
func placeUnpaid(t *testing.T, client *conns.Client, id string, c change) (string, instanceFacts) {
	t.Helper()
	inst, err := findInstance(t.Context(), client, id)
	if err != nil {
		t.Fatal(err)
	}
	cur := factsOf(inst)
	c.AutoPay = false
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	res, _ := sendChange(ctx, client, cur, c, "", nil)
	if res.OrderID == "" {
		t.Fatalf("no order placed for %+v", c)
	}
	return res.OrderID, cur
}

// beginRun begins the change c from from as beginChange does, with the
// given prior order_id and pending change.
func beginRun(ctx context.Context, client *conns.Client, c change, from instanceFacts, lastOrderID *string, pending *pendingChange) (*changeRun, error) {
	run := &changeRun{instanceID: from.InstanceID, change: c, from: from}
	return run, run.begin(ctx, client, pending, lastOrderID)
}

func TestBeginChange(t *testing.T) {
	const prepaid = "i-prepaid-vpc"
	t.Run("an open order of the change's kind is waited on", func(t *testing.T) {
		t.Parallel()
		client, srv := simClient(t)
		orderID, cur := placeUnpaid(t, client, prepaid, change{Out: i64(10)})
		srv.ResetCalls()
		run, err := beginRun(t.Context(), client, change{Out: i64(10), AutoPay: true}, cur, nil, nil)
		if err != nil || run.orderID != orderID {
			t.Fatalf("begin: order %q, err %v; want order %s", run.orderID, err, orderID)
		}
		if err := srv.PayOrder(orderID); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		res, diags := run.apply(ctx, client, nil)
		if diags.HasError() || res.OrderID != orderID || res.Instance.Out != 10 {
			t.Fatalf("apply: %+v, %v", res, diags)
		}
		if n := countCalls(srv, "ModifyInstanceNetworkSpec"); n != 0 {
			t.Errorf("ModifyInstanceNetworkSpec calls = %d, want none", n)
		}
		if n := len(simOrders(srv, prepaid)); n != 1 {
			t.Errorf("orders = %d, want 1", n)
		}
	})
	t.Run("an open order of another kind is reported", func(t *testing.T) {
		t.Parallel()
		client, srv := simClient(t)
		orderID, cur := placeUnpaid(t, client, prepaid, change{Out: i64(10)})
		srv.ResetCalls()
		_, err := beginRun(t.Context(), client, change{Out: i64(3), AutoPay: true}, cur, nil, nil)
		var open *openOrderError
		if !errors.As(err, &open) || open.OrderID != orderID || open.OrderType != "Upgrade" || open.Want != "Downgrade" {
			t.Fatalf("err = %v, want the open Upgrade order %s reported", err, orderID)
		}
		d := diagnose(err)
		for _, want := range []string{orderID, "Upgrade", "Downgrade", "Pay it", "cancel it"} {
			if !strings.Contains(d.Detail(), want) {
				t.Errorf("detail %q lacks %q", d.Detail(), want)
			}
		}
		if n := countCalls(srv, "ModifyInstanceNetworkSpec"); n != 0 {
			t.Errorf("ModifyInstanceNetworkSpec calls = %d, want none", n)
		}
	})
	t.Run("a create's token comes from the change and the instance's newest order", func(t *testing.T) {
		t.Parallel()
		client, srv := simClient(t)
		orderID, _ := placeUnpaid(t, client, prepaid, change{Out: i64(10)})
		if err := srv.PayOrder(orderID); err != nil {
			t.Fatal(err)
		}
		cur := instanceFacts{InstanceID: prepaid, networkSpec: networkSpec{Out: 10, In: 10, ChargeType: chargePayByBandwidth}, InstanceChargeType: instancePrePaid}
		c := change{Out: i64(5), AutoPay: true}
		run, err := beginRun(t.Context(), client, c, cur, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := changeToken(orderID, c.fingerprint(prepaid, cur.networkSpec)); run.token != want || run.orderID != "" {
			t.Errorf("token %q, order %q; want token %q and nothing to resume", run.token, run.orderID, want)
		}
		again, err := beginRun(t.Context(), client, c, cur, nil, nil)
		if err != nil || again.token != run.token {
			t.Errorf("a second begin of the same change: token %q, %v; want %q", again.token, err, run.token)
		}
	})
	t.Run("a create that died while its order settled sends the same request again", func(t *testing.T) {
		t.Parallel()
		client, srv := simClientWith(t, ecsmock.Config{Settle: 3 * time.Second, PayDelay: 20 * time.Millisecond})
		inst, err := findInstance(t.Context(), client, prepaid)
		if err != nil {
			t.Fatal(err)
		}
		cur, c := factsOf(inst), change{Out: i64(10), AutoPay: true}
		first, err := beginRun(t.Context(), client, c, cur, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		short, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		died, _ := first.apply(short, client, nil)
		cancel()
		if orders := simOrders(srv, prepaid); died.OrderID == "" || len(orders) != 1 || orders[0].PaymentStatus != "Paid" {
			t.Fatalf("first create: order %q, orders %+v; want one paid, still settling", died.OrderID, orders)
		}
		again, err := beginRun(t.Context(), client, c, cur, nil, nil)
		if err != nil || again.token != first.token || again.orderID != "" {
			t.Fatalf("second begin: token %q, order %q, %v; want the first token %q", again.token, again.orderID, err, first.token)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		res, diags := again.apply(ctx, client, nil)
		if diags.HasError() || res.OrderID != died.OrderID || res.Instance.Out != 10 {
			t.Fatalf("second create: order %q, %v; want order %s and out 10", res.OrderID, diags, died.OrderID)
		}
		if n := len(simOrders(srv, prepaid)); n != 1 {
			t.Errorf("orders = %d, want 1", n)
		}
	})
	t.Run("an update's token comes from the change and the state's order_id", func(t *testing.T) {
		t.Parallel()
		client, _ := simClient(t)
		cur := instanceFacts{InstanceID: prepaid, networkSpec: networkSpec{Out: 5, In: 10, ChargeType: chargePayByBandwidth}, InstanceChargeType: instancePrePaid}
		c := change{Out: i64(12), AutoPay: true}
		last := "4242"
		run, err := beginRun(t.Context(), client, c, cur, &last, nil)
		if want := changeToken(last, c.fingerprint(prepaid, cur.networkSpec)); err != nil || run.token != want {
			t.Errorf("token %q, %v; want %q", run.token, err, want)
		}
	})
	t.Run("a change recorded by an earlier apply resumes without a look", func(t *testing.T) {
		t.Parallel()
		client, srv := simClient(t)
		cur := instanceFacts{InstanceID: prepaid, networkSpec: networkSpec{Out: 5, In: 10, ChargeType: chargePayByBandwidth}, InstanceChargeType: instancePrePaid}
		c := change{Out: i64(12), AutoPay: true}
		pending := &pendingChange{Fingerprint: c.fingerprint(prepaid, cur.networkSpec), ClientToken: "t-1", OrderID: "77"}
		run, err := beginRun(t.Context(), client, c, cur, nil, pending)
		if err != nil || run.orderID != "77" || run.token != "t-1" {
			t.Errorf("run %+v, %v; want order 77 with token t-1", run, err)
		}
		if n := countCalls(srv, "QueryOrders"); n != 0 {
			t.Errorf("QueryOrders calls = %d, want none", n)
		}
	})
	t.Run("a pay-as-you-go instance places no order: no look, a new token each time", func(t *testing.T) {
		t.Parallel()
		client, srv := simClient(t)
		cur := instanceFacts{InstanceID: "i-postpaid-vpc", networkSpec: networkSpec{Out: 5, In: 10, ChargeType: chargePayByTraffic}, InstanceChargeType: instancePostPaid}
		c := change{Out: i64(12), AutoPay: true}
		a, errA := beginRun(t.Context(), client, c, cur, nil, nil)
		b, errB := beginRun(t.Context(), client, c, cur, nil, nil)
		if errA != nil || errB != nil || a.token == "" || a.token == b.token {
			t.Errorf("tokens %q, %q (%v, %v); want two different ones", a.token, b.token, errA, errB)
		}
		if n := countCalls(srv, "QueryOrders"); n != 0 {
			t.Errorf("QueryOrders calls = %d, want none", n)
		}
	})
}

// TestChangeRunUnpaidOrderRefusal: an order that appears between the look
// and the call (InvalidInstance.UnpaidOrder) is waited on when it matches.
func TestChangeRunUnpaidOrderRefusal(t *testing.T) {
	const id = "i-prepaid-vpc"
	client, srv := simClient(t)
	orderID, cur := placeUnpaid(t, client, id, change{Out: i64(10)})
	srv.ResetCalls()
	run := &changeRun{instanceID: id, change: change{Out: i64(10), AutoPay: true}, from: cur, token: newClientToken()}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	// The order is paid once the provider has looked at the open orders
	// after the refusal: the simulator logs a call after answering it, so
	// the look saw the order unpaid, as an order placed by someone else
	// between the look and the call would be.
	go func() {
		for countCalls(srv, "QueryOrders") == 0 && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		_ = srv.PayOrder(orderID)
	}()
	res, diags := run.apply(ctx, client, nil)
	if diags.HasError() || res.OrderID != orderID || run.orderID != orderID {
		t.Fatalf("apply: order %q (run %q), %v; want order %s", res.OrderID, run.orderID, diags, orderID)
	}
	if n := len(simOrders(srv, id)); n != 1 {
		t.Errorf("orders = %d, want 1", n)
	}
	calls := srv.Calls()
	if n := countCalls(srv, "ModifyInstanceNetworkSpec"); n != 1 || calls[0].Code != codeUnpaidOrder {
		t.Errorf("ModifyInstanceNetworkSpec calls = %d, first %+v; want the one refused", n, calls[0])
	}
	if len(calls) < 2 || calls[1].Action != "QueryOrders" {
		t.Errorf("calls %+v; want the refusal followed by a look at the open orders", calls)
	}
}

// TestWaitSpecAppliedRival: an instance that settled on a third value ends
// the wait within a few checks, naming that value.
func TestWaitSpecAppliedRival(t *testing.T) {
	const id = "i-postpaid-vpc"
	client, srv := simClient(t)
	inst, err := findInstance(t.Context(), client, id)
	if err != nil {
		t.Fatal(err)
	}
	from := factsOf(inst)
	// The rival's change, seen through.
	if _, err := sendChange(t.Context(), client, from, change{Out: i64(30), AutoPay: true}, "", nil); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	started := time.Now()
	w := sharedOf(client).waiter(sharedOf(client).clock.Now())
	_, _, err = waitSpecApplied(t.Context(), client, id, change{Out: i64(20)}, from, w)
	var rival *rivalChangeError
	if !errors.As(err, &rival) || rival.Found != "out 30 Mbit/s, in 10 Mbit/s, PayByTraffic, public IP 47.0.0.1, status Running" ||
		rival.Attribute != "internet_max_bandwidth_out" {
		t.Fatalf("err = %v, want the rival's out 30 found", err)
	}
	if n := countCalls(srv, "DescribeInstances"); n > rivalPolls+1 {
		t.Errorf("DescribeInstances calls = %d, want at most %d", n, rivalPolls+1)
	}
	if waited := time.Since(started); waited > 5*time.Second {
		t.Errorf("waited %s", waited)
	}
	d := diagnose(err)
	for _, want := range []string{"Another change won", "out 30 Mbit/s", "another Terraform workspace", "Nothing of this change is left pending"} {
		if !strings.Contains(d.Summary()+d.Detail(), want) {
			t.Errorf("diagnostic %q: %q lacks %q", d.Summary(), d.Detail(), want)
		}
	}
}

func TestRivalSettled(t *testing.T) {
	origin := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return origin.Add(d) }
	tests := []struct {
		name        string
		first, now  time.Duration
		seen        int
		expected    time.Duration
		wantSettled bool
	}{
		{"seen once", 2 * time.Second, 10 * time.Second, 1, 0, false},
		{"seen twice, not yet as long as the change was in flight", 2 * time.Second, 3 * time.Second, 2, 0, false},
		{"seen twice, as long as the change was in flight", 2 * time.Second, 4 * time.Second, 2, 0, true},
		{"seen at once, twice", 0, 250 * time.Millisecond, 2, 0, true},
		{"not yet as long as such a change takes to show", 500 * time.Millisecond, 2 * time.Second, 3, 2 * time.Second, false},
		{"as long as such a change takes to show", 500 * time.Millisecond, 2500 * time.Millisecond, 3, 2 * time.Second, true},
		{"a long wait needs at most rivalMaxStay", 10 * time.Minute, 10*time.Minute + rivalMaxStay, 3, 0, true},
		{"a long wait, not yet rivalMaxStay", 10 * time.Minute, 10*time.Minute + rivalMaxStay - time.Second, 3, 0, false},
	}
	for _, tt := range tests {
		if got := rivalSettled(origin, at(tt.first), at(tt.now), tt.seen, tt.expected); got != tt.wantSettled {
			t.Errorf("%s: settled = %v, want %v", tt.name, got, tt.wantSettled)
		}
	}
}

// TestApplyChangeQueuedBehindAnother: a change accepted while another one
// is settling shows after it; the other's value, seen on the way for less
// than such a change takes to show, does not end the wait.
func TestApplyChangeQueuedBehindAnother(t *testing.T) {
	const id = "i-postpaid-vpc"
	client, _ := simClientWith(t, ecsmock.Config{Settle: time.Second, PayDelay: 20 * time.Millisecond})
	inst, err := findInstance(t.Context(), client, id)
	if err != nil {
		t.Fatal(err)
	}
	from := factsOf(inst)
	rival := make(chan error, 1)
	go func() {
		_, err := sendChange(t.Context(), client, from, change{Out: i64(20), AutoPay: true}, "", nil)
		rival <- err
	}()
	time.Sleep(600 * time.Millisecond)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	res, err := sendChange(ctx, client, from, change{Out: i64(30), AutoPay: true}, "", nil)
	if err != nil || res.Instance.Out != 30 {
		t.Fatalf("the queued change: %+v, %v; want out 30", res.Instance, err)
	}
	if err := <-rival; err != nil {
		t.Logf("the first change's wait: %v", err)
	}
}
