package ecsmock

// cancelOrderResponse is the answer's shape, as the SDK's bssopenapi
// package declares it.
type cancelOrderResponse struct {
	RequestId string
	Success   bool
	Code      string
	Message   string
	Data      struct {
		OrderId string
		HostId  string
	}
}

func (s *Server) cancelOrder(req *request) (any, *apiError) {
	id := req.params["OrderId"]
	if id == "" {
		return nil, missingParameter("OrderId")
	}
	o := req.account.order(id)
	if o == nil {
		return nil, errOrderNotFound(id)
	}
	if o.PaymentStatus != orderUnpaid {
		return nil, errOrderNotUnpaid(o)
	}
	s.cancel(req.account, o)
	resp := cancelOrderResponse{RequestId: req.requestID, Success: true, Code: "Success", Message: "Successful!"}
	resp.Data.OrderId = o.OrderId
	resp.Data.HostId = "business.aliyuncs.com"
	return resp, nil
}
