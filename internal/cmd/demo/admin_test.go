package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAdminReadsCallsAndState(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/_mock/calls":
			_, _ = w.Write([]byte(`[
{"Time":"2026-11-27T10:00:00.1Z","Action":"DescribeInstances","AccessKeyId":"mock-access-key","InstanceId":"i-prepaid-vpc","HttpStatus":200,"Code":"","RequestId":"r1"},
{"Time":"2026-11-27T10:00:00.2Z","Action":"ModifyInstanceNetworkSpec","AccessKeyId":"mock-access-key","InstanceId":"i-prepaid-vpc","HttpStatus":200,"Code":"","RequestId":"r2"},
{"Time":"2026-11-27T10:00:00.3Z","Action":"ModifyInstanceNetworkSpec","AccessKeyId":"mock-access-key","InstanceId":"i-postpaid-vpc","HttpStatus":400,"Code":"InvalidParameter.Bandwidth","RequestId":"r3"}]`))
		case "/_mock/state":
			_, _ = w.Write([]byte(`{"Accounts":[
{"AccessKeyId":"other","Instances":[{"InstanceId":"i-other","InternetMaxBandwidthOut":1}],"Orders":[{"OrderId":"o-9","InstanceId":"i-other","PaymentStatus":"Paid"}]},
{"AccessKeyId":"mock-access-key","Balance":1000.0,"Instances":[{"InstanceId":"i-prepaid-vpc","InstanceChargeType":"PrePaid","InternetChargeType":"PayByBandwidth","InternetMaxBandwidthOut":20,"InternetMaxBandwidthIn":10,"PublicIpAddress":{"IpAddress":["47.0.0.1"]}}],
 "Orders":[{"OrderId":"o-1","InstanceId":"i-prepaid-vpc","OrderType":"Upgrade","PaymentStatus":"Paid","PretaxAmount":45,"AutoPay":true,"CreateTime":"2026-11-27T10:00:00.2Z","PaymentTime":"2026-11-27T10:00:01.2Z"},{"OrderId":"o-2","InstanceId":"i-prepaid-vpc","PaymentStatus":"Unpaid"}]}]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	a := newAdmin(srv.URL)
	ctx := t.Context()

	calls, err := a.calls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 || calls[2].Code != "InvalidParameter.Bandwidth" || calls[1].HttpStatus != 200 {
		t.Errorf("calls = %+v", calls)
	}
	if got := countAction(calls, "ModifyInstanceNetworkSpec"); got != 2 {
		t.Errorf("countAction(ModifyInstanceNetworkSpec) = %d, want 2", got)
	}
	if got := countAction(calls, "GetOrderDetail"); got != 0 {
		t.Errorf("countAction(GetOrderDetail) = %d, want 0", got)
	}

	w, err := a.state(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inst, found := w.findInstance("i-prepaid-vpc")
	if !found || inst.InternetMaxBandwidthOut != 20 || inst.InstanceChargeType != "PrePaid" {
		t.Errorf("findInstance(i-prepaid-vpc) = %+v, %v", inst, found)
	}
	if _, found := w.findInstance("i-gone"); found {
		t.Error("findInstance(i-gone) found an instance")
	}
	orders := w.ordersFor("i-prepaid-vpc")
	if len(orders) != 2 || orders[0].OrderId != "o-1" || orders[1].PaymentStatus != "Unpaid" || orders[0].PaymentTime.Sub(orders[0].CreateTime) != time.Second {
		t.Errorf("ordersFor(i-prepaid-vpc) = %+v", orders)
	}
}

func TestAdminErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_mock/calls" {
			_, _ = w.Write([]byte(`not json`))
			return
		}
		http.Error(w, "forbidden", http.StatusForbidden)
	}))
	defer srv.Close()
	a := newAdmin(srv.URL)
	if _, err := a.state(t.Context()); err == nil || !strings.Contains(err.Error(), "HTTP 403") {
		t.Errorf("state on HTTP 403: err = %v", err)
	}
	if _, err := a.calls(t.Context()); err == nil || !strings.Contains(err.Error(), "decode") {
		t.Errorf("calls on a bad body: err = %v", err)
	}
}
