package ecsmock

import (
	"slices"
	"strconv"
	"time"
)

// Paging limits of QueryOrders.
const (
	defaultOrderPageSize = 20
	maxOrderPageSize     = 100
)

// queryOrders lists the account's orders, newest first, filtered by
// PaymentStatus and by CreateTime (CreateTimeStart inclusive,
// CreateTimeEnd exclusive), one page at a time.
func (s *Server) queryOrders(req *request) (any, *apiError) {
	p := req.params
	status := p["PaymentStatus"]
	switch status {
	case "", orderUnpaid, orderPaid, orderCancelled:
	default:
		return nil, badRequest("InvalidParameter", "The specified PaymentStatus %q is not valid: Unpaid, Paid or Cancelled is expected.", status)
	}
	var bounds [2]*time.Time
	for i, name := range []string{"CreateTimeStart", "CreateTimeEnd"} {
		if !p.has(name) {
			continue
		}
		t, err := time.Parse(bssTimeLayout, p[name])
		if err != nil || t.Format(bssTimeLayout) != p[name] {
			return nil, badRequest("InvalidParameter", "The specified %s %q is not a UTC time of the form yyyy-MM-ddTHH:mm:ssZ.", name, p[name])
		}
		bounds[i] = &t
	}
	pageNum, aerr := intParam(p, "PageNum", 1, 1<<30)
	if aerr != nil {
		return nil, aerr
	}
	pageSize, aerr := intParam(p, "PageSize", defaultOrderPageSize, maxOrderPageSize)
	if aerr != nil {
		return nil, aerr
	}

	var matched []*Order
	for i := range req.account.Orders {
		o := &req.account.Orders[i]
		if (status == "" || o.PaymentStatus == status) &&
			(bounds[0] == nil || !o.CreateTime.Before(*bounds[0])) &&
			(bounds[1] == nil || o.CreateTime.Before(*bounds[1])) {
			matched = append(matched, o)
		}
	}
	// Newest first; orders placed in the same instant by id, which grows.
	slices.SortStableFunc(matched, func(a, b *Order) int {
		if c := b.CreateTime.Compare(a.CreateTime); c != 0 {
			return c
		}
		an, _ := strconv.ParseInt(a.OrderId, 10, 64)
		bn, _ := strconv.ParseInt(b.OrderId, 10, 64)
		return int(bn - an)
	})

	resp := orderListResponse{RequestId: req.requestID, Success: true, Code: "Success", Message: "Successful!"}
	resp.Data.HostName = "business.aliyuncs.com"
	resp.Data.PageNum, resp.Data.PageSize, resp.Data.TotalCount = pageNum, pageSize, len(matched)
	resp.Data.OrderList.Order = []bssOrder{}
	if from := (pageNum - 1) * pageSize; from < len(matched) {
		for _, o := range matched[from:min(from+pageSize, len(matched))] {
			resp.Data.OrderList.Order = append(resp.Data.OrderList.Order, o.bssView())
		}
	}
	return resp, nil
}
