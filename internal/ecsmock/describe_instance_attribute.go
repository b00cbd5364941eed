package ecsmock

// Response shapes: field names and JSON types as the SDK's ecs package
// declares them.
type (
	describeInstanceAttributeResponse struct {
		RequestId string
		instanceAttributeView
	}
	// instanceAttributeView is what DescribeInstances shows of an
	// instance, and IoOptimized as the SDK's
	// DescribeInstanceAttributeResponse has it: a string.
	instanceAttributeView struct {
		instanceView
		IoOptimized string
	}
)

func (s *Server) describeInstanceAttribute(req *request) (any, *apiError) {
	if !req.params.has("InstanceId") {
		return nil, missingParameter("InstanceId")
	}
	in, aerr := req.findInstance(req.params["InstanceId"])
	if aerr != nil {
		return nil, aerr
	}
	return describeInstanceAttributeResponse{
		RequestId: req.requestID,
		instanceAttributeView: instanceAttributeView{
			instanceView: in.view(req.account, req.now),
			IoOptimized:  "optimized",
		},
	}, nil
}
