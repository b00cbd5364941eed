package ecsmock

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
)

// orderQuery is the subset of QueryOrders parameters a test sets; empty
// strings are left out.
type orderQuery struct {
	Status, Start, End, PageNum, PageSize string
}

func (f *fixture) queryOrders(key, secret string, q orderQuery) (*bssopenapi.QueryOrdersResponse, error) {
	f.t.Helper()
	req := bssopenapi.CreateQueryOrdersRequest()
	f.target(req.RpcRequest)
	req.PaymentStatus = q.Status
	req.CreateTimeStart = q.Start
	req.CreateTimeEnd = q.End
	req.PageNum = requests.Integer(q.PageNum)
	req.PageSize = requests.Integer(q.PageSize)
	return f.bss(key, secret).QueryOrders(req)
}

func TestQueryOrders(t *testing.T) {
	f := newFixture(t, nil)
	start := f.srv.now().UTC().Truncate(time.Second).Add(time.Second)
	f.srv.AdvanceClock(time.Second)
	// Three orders an hour and a half apart: two paid (their pay delay is an
	// hour), then one left unpaid, and one of another instance.
	first := f.mustModify("i-prepaid-vpc", spec{Out: "10"})
	f.srv.AdvanceClock(90 * time.Minute)
	second := f.mustModify("i-prepaid-vpc", spec{Out: "12"})
	f.srv.AdvanceClock(90 * time.Minute)
	unpaid := f.mustModify("i-prepaid-vpc", spec{Out: "20", AutoPay: "false"})
	other := f.mustModify("i-prepaid-stopped", spec{Out: "8", AutoPay: "false"})
	if _, err := f.modifyAs(key2, secret2, "i-other-account", spec{Out: "7"}); err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration) string { return start.Add(d).Format(bssTimeLayout) }

	tests := []struct {
		name  string
		q     orderQuery
		want  []string
		total int
	}{
		{"all, newest first", orderQuery{}, []string{other, unpaid, second, first}, 4},
		{"unpaid", orderQuery{Status: "Unpaid"}, []string{other, unpaid}, 2},
		{"paid", orderQuery{Status: "Paid"}, []string{second, first}, 2},
		{"cancelled", orderQuery{Status: "Cancelled"}, nil, 0},
		{"created from the second on", orderQuery{Start: at(time.Hour)}, []string{other, unpaid, second}, 3},
		{"created before the second", orderQuery{End: at(90 * time.Minute)}, []string{first}, 1},
		{"start inclusive, end exclusive", orderQuery{Start: at(90 * time.Minute), End: at(3 * time.Hour)}, []string{second}, 1},
		{"page 1 of 2", orderQuery{PageSize: "3"}, []string{other, unpaid, second}, 4},
		{"page 2 of 2", orderQuery{PageSize: "3", PageNum: "2"}, []string{first}, 4},
		{"past the last page", orderQuery{PageSize: "3", PageNum: "3"}, nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.queryOrders(key1, secret1, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range resp.Data.OrderList.Order {
				got = append(got, o.OrderId)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") || resp.Data.TotalCount != tt.total {
				t.Errorf("orders %v (total %d), want %v (total %d)", got, resp.Data.TotalCount, tt.want, tt.total)
			}
			if !resp.Success || resp.Code != "Success" {
				t.Errorf("Success %v, Code %q", resp.Success, resp.Code)
			}
		})
	}

	resp, err := f.queryOrders(key1, secret1, orderQuery{Status: "Unpaid", PageSize: "1"})
	if err != nil {
		t.Fatal(err)
	}
	o := resp.Data.OrderList.Order[0]
	if o.OrderId != other || o.InstanceIDs != "i-prepaid-stopped" || o.PaymentStatus != "Unpaid" || o.OrderType != "Upgrade" ||
		o.CreateTime != f.srv.now().UTC().Format(bssTimeLayout) || o.PaymentTime != "" || o.Region != "cn-hangzhou" {
		t.Errorf("order = %+v", o)
	}
	if resp.Data.PageNum != 1 || resp.Data.PageSize != 1 {
		t.Errorf("page %d size %d, want 1 and 1", resp.Data.PageNum, resp.Data.PageSize)
	}
}

func TestQueryOrdersRefusals(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name string
		q    orderQuery
	}{
		{"unknown status", orderQuery{Status: "Pending"}},
		{"start not in the API's format", orderQuery{Start: "2026-12-01T10:00Z"}},
		{"fractional seconds", orderQuery{End: "2026-12-01T10:00:00.5Z"}},
		{"page size too large", orderQuery{PageSize: "101"}},
		{"page number 0", orderQuery{PageNum: "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.queryOrders(key1, secret1, tt.q)
			wantAPIError(t, err, "InvalidParameter", http.StatusBadRequest)
		})
	}
}
