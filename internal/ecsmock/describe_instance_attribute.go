package ecsmock

// Response shapes: field names and JSON types as the SDK's ecs package
// declares them.
type (
	describeInstanceAttributeResponse struct {
		RequestId string
		instanceAttributeView
	}
	// instanceAttributeView differs from instanceView where the SDK's
	// DescribeInstanceAttributeResponse does (IoOptimized is a string there).
	instanceAttributeView struct {
		InstanceId              string
		InstanceName            string
		HostName                string
		Description             string
		RegionId                string
		ZoneId                  string
		InstanceType            string
		Status                  string
		InstanceChargeType      string
		InternetChargeType      string
		InternetMaxBandwidthOut int
		InternetMaxBandwidthIn  int
		InstanceNetworkType     string
		PublicIpAddress         ipAddressList
		InnerIpAddress          ipAddressList
		EipAddress              eipAddressView
		VpcAttributes           vpcAttributes
		OperationLocks          operationLocks
		CreationTime            string
		ExpiredTime             string
		IoOptimized             string
		Cpu                     int
		Memory                  int
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
	v := in.view(req.account, req.now)
	return describeInstanceAttributeResponse{
		RequestId: req.requestID,
		instanceAttributeView: instanceAttributeView{
			InstanceId:              v.InstanceId,
			InstanceName:            v.InstanceName,
			HostName:                v.HostName,
			Description:             v.Description,
			RegionId:                v.RegionId,
			ZoneId:                  v.ZoneId,
			InstanceType:            v.InstanceType,
			Status:                  v.Status,
			InstanceChargeType:      v.InstanceChargeType,
			InternetChargeType:      v.InternetChargeType,
			InternetMaxBandwidthOut: v.InternetMaxBandwidthOut,
			InternetMaxBandwidthIn:  v.InternetMaxBandwidthIn,
			InstanceNetworkType:     v.InstanceNetworkType,
			PublicIpAddress:         v.PublicIpAddress,
			InnerIpAddress:          v.InnerIpAddress,
			EipAddress:              v.EipAddress,
			VpcAttributes:           v.VpcAttributes,
			OperationLocks:          v.OperationLocks,
			CreationTime:            v.CreationTime,
			ExpiredTime:             v.ExpiredTime,
			IoOptimized:             "optimized",
			Cpu:                     v.Cpu,
			Memory:                  v.Memory,
		},
	}, nil
}
