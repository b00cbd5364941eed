package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

func at(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("15:04:05.000", s, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestPrintCalls(t *testing.T) {
	var b strings.Builder
	printCalls(&b, []ecsmock.Call{
		{Time: at(t, "10:00:00.100"), Action: "DescribeInstances", InstanceId: "i-prepaid-vpc", HttpStatus: 200},
		{Time: at(t, "10:00:00.200"), Action: "ModifyInstanceNetworkSpec", InstanceId: "i-prepaid-vpc", HttpStatus: 200},
		{Time: at(t, "10:00:00.300"), Action: "GetOrderDetail", HttpStatus: 404, Code: "InvalidOrderId.NotFound"},
	})
	want := `  #  TIME          ACTION                     INSTANCE       HTTP  CODE
  1  10:00:00.100  DescribeInstances          i-prepaid-vpc  200   -
  2  10:00:00.200  ModifyInstanceNetworkSpec  i-prepaid-vpc  200   -
  3  10:00:00.300  GetOrderDetail             -              404   InvalidOrderId.NotFound
`
	if b.String() != want {
		t.Errorf("printCalls =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestPrintOrders(t *testing.T) {
	var b strings.Builder
	paid := at(t, "10:00:01.250")
	printOrders(&b, []ecsmock.Order{
		{OrderId: "208400000001", InstanceId: "i-prepaid-vpc", OrderType: "Upgrade", PaymentStatus: "Paid", PretaxAmount: 45, CreateTime: at(t, "10:00:00.250"), PaymentTime: &paid},
		{OrderId: "208400000002", InstanceId: "i-prepaid-vpc", PaymentStatus: "Unpaid", PretaxAmount: 7.5, CreateTime: at(t, "10:00:02.000")},
	})
	want := `  ORDER         TYPE     AMOUNT  STATUS  CREATED       PAID AFTER
  208400000001  Upgrade  45.00   Paid    10:00:00.250  1s
  208400000002  -        7.50    Unpaid  10:00:02.000  -
`
	if b.String() != want {
		t.Errorf("printOrders =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestPrintNothing(t *testing.T) {
	var b strings.Builder
	printCalls(&b, nil)
	printOrders(&b, nil)
	if got := b.String(); got != "  (none)\n  (none)\n" {
		t.Errorf("empty tables = %q", got)
	}
}
