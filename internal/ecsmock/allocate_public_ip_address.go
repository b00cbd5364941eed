package ecsmock

import (
	"net/http"
)

type allocatePublicIPAddressResponse struct {
	RequestId string
	IpAddress string
}

// allocatePublicIPAddress gives an instance with public bandwidth a public
// IP address at once.
func (s *Server) allocatePublicIPAddress(req *request) (any, *apiError) {
	if !req.params.has("InstanceId") {
		return nil, missingParameter("InstanceId")
	}
	in, aerr := req.findInstance(req.params["InstanceId"])
	if aerr != nil {
		return nil, aerr
	}
	if in.Status != statusRunning && in.Status != statusStopped {
		return nil, forbidden("IncorrectInstanceStatus", "The current status of the resource does not support this operation.")
	}
	if in.InstanceNetworkType == networkVpc && in.EipAddress.IpAddress != "" {
		return nil, badRequest("OperationDenied", "Specified operation is denied as your instance is in VPC.")
	}
	if len(in.PublicIpAddress.IpAddress) > 0 {
		return nil, newAPIError(http.StatusForbidden, "AllocatedAlready", "There is an IpAddress allocated already for the specified instance.")
	}
	if in.committed().InternetMaxBandwidthOut == 0 {
		return nil, badRequest("InvalidParameter.Bandwidth", "The InternetMaxBandwidthOut of the instance is 0 Mbit/s; raise it with ModifyInstanceNetworkSpec first.")
	}
	ip, ok := s.world.allocateIP(in.RegionId)
	if !ok {
		return nil, badRequest("InsufficientPublicIp", "Ip address not found")
	}
	in.PublicIpAddress.IpAddress = []string{ip}
	s.dirty = true
	return allocatePublicIPAddressResponse{RequestId: req.requestID, IpAddress: ip}, nil
}
