package ecsmock

func (s *Server) getOrderDetail(req *request) (any, *apiError) {
	id := req.params["OrderId"]
	if id == "" {
		return nil, missingParameter("OrderId")
	}
	o := req.account.order(id)
	if o == nil {
		return nil, errOrderNotFound(id)
	}
	resp := orderListResponse{RequestId: req.requestID, Success: true, Code: "Success", Message: "Successful!"}
	resp.Data.HostName = "business.aliyuncs.com"
	resp.Data.PageNum, resp.Data.PageSize, resp.Data.TotalCount = 1, 20, 1
	resp.Data.OrderList.Order = []bssOrder{o.bssView()}
	return resp, nil
}
