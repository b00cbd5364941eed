package ecsmock

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Response shapes of the Describe actions: field names and JSON types as
// the SDK's ecs package declares them.
type (
	ipAddressList struct {
		IpAddress []string
	}
	eipAddressView struct {
		AllocationId         string
		IpAddress            string
		Bandwidth            int
		InternetChargeType   string
		IsSupportUnassociate bool
	}
	lockReason struct {
		LockReason string
		LockMsg    string
	}
	operationLocks struct {
		LockReason []lockReason
	}
	vpcAttributes struct {
		VpcId            string
		VSwitchId        string
		NatIpAddress     string
		PrivateIpAddress ipAddressList
	}
	instanceView struct {
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
		Cpu                     int
		Memory                  int
	}
	describeInstancesResponse struct {
		RequestId  string
		TotalCount int
		PageNumber int
		PageSize   int
		NextToken  string
		Instances  struct{ Instance []instanceView }
	}
)

const (
	defaultPageSize = 10
	maxPageSize     = 100
	maxInstanceIDs  = 100
)

// view renders an instance the way DescribeInstances shows it.
func (in *Instance) view(acct *Account, now time.Time) instanceView {
	v := instanceView{
		InstanceId:              in.InstanceId,
		InstanceName:            in.InstanceName,
		HostName:                in.InstanceId,
		RegionId:                in.RegionId,
		ZoneId:                  in.ZoneId,
		InstanceType:            in.InstanceType,
		Status:                  in.Status,
		InstanceChargeType:      in.InstanceChargeType,
		InternetChargeType:      in.InternetChargeType,
		InternetMaxBandwidthOut: in.InternetMaxBandwidthOut,
		InternetMaxBandwidthIn:  in.InternetMaxBandwidthIn,
		InstanceNetworkType:     in.InstanceNetworkType,
		PublicIpAddress:         ipAddressList{IpAddress: append([]string{}, in.PublicIpAddress.IpAddress...)},
		InnerIpAddress:          ipAddressList{IpAddress: []string{}},
		EipAddress: eipAddressView{
			AllocationId: in.EipAddress.AllocationId,
			IpAddress:    in.EipAddress.IpAddress,
		},
		VpcAttributes:  vpcAttributes{PrivateIpAddress: ipAddressList{IpAddress: []string{}}},
		OperationLocks: operationLocks{LockReason: []lockReason{}},
		CreationTime:   "2024-01-01T00:00Z",
		ExpiredTime:    in.ExpiredTime,
		Cpu:            2,
		Memory:         8192,
	}
	if in.EipAddress.IpAddress != "" {
		v.EipAddress.Bandwidth = 5
		v.EipAddress.InternetChargeType = netPayByTraffic
		v.EipAddress.IsSupportUnassociate = true
	}
	if in.InstanceNetworkType == networkVpc {
		v.VpcAttributes.VpcId = "vpc-" + in.InstanceId
		v.VpcAttributes.VSwitchId = "vsw-" + in.InstanceId
		v.VpcAttributes.PrivateIpAddress.IpAddress = []string{"172.16.0.1"}
	} else {
		v.InnerIpAddress.IpAddress = []string{"10.0.0.1"}
	}
	// A lapsed subscription, or a pay-as-you-go instance of an account in
	// arrears, carries the financial lock the real API shows.
	if in.expired(now) || (acct.InArrears && in.InstanceChargeType == chargePostPaid) {
		v.OperationLocks.LockReason = append(v.OperationLocks.LockReason, lockReason{LockReason: "financial"})
	}
	return v
}

func (s *Server) describeInstances(req *request) (any, *apiError) {
	p := req.params
	if !p.has("RegionId") {
		return nil, missingParameter("RegionId")
	}
	var ids []string
	if p.has("InstanceIds") {
		if err := json.Unmarshal([]byte(p["InstanceIds"]), &ids); err != nil || len(ids) > maxInstanceIDs {
			return nil, newAPIError(http.StatusBadRequest, "InvalidInstanceIds.Malformed",
				"The specified parameter InstanceIds is not a JSON array of at most %d instance ids.", maxInstanceIDs)
		}
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var matched []instanceView
	for i := range req.account.Instances {
		in := &req.account.Instances[i]
		switch {
		case in.RegionId != p["RegionId"],
			len(ids) > 0 && !want[in.InstanceId],
			p.has("Status") && in.Status != p["Status"],
			p.has("InstanceChargeType") && in.InstanceChargeType != p["InstanceChargeType"],
			p.has("InternetChargeType") && in.InternetChargeType != p["InternetChargeType"],
			p.has("InstanceNetworkType") && in.InstanceNetworkType != p["InstanceNetworkType"]:
			continue
		}
		matched = append(matched, in.view(req.account, req.now))
	}

	resp := describeInstancesResponse{RequestId: req.requestID, TotalCount: len(matched)}
	var start, size int
	if p.has("NextToken") || p.has("MaxResults") {
		var err *apiError
		if size, err = intParam(p, "MaxResults", defaultPageSize, maxPageSize); err != nil {
			return nil, err
		}
		if p.has("NextToken") {
			n, perr := strconv.Atoi(p["NextToken"])
			if perr != nil || n < 0 || n > len(matched) {
				return nil, newAPIError(http.StatusBadRequest, "InvalidParameter.NextToken", "The specified NextToken is not valid.")
			}
			start = n
		}
		if start+size < len(matched) {
			resp.NextToken = strconv.Itoa(start + size)
		}
		resp.PageNumber = start/size + 1
	} else {
		page, err := intParam(p, "PageNumber", 1, 1<<30)
		if err != nil {
			return nil, err
		}
		if size, err = intParam(p, "PageSize", defaultPageSize, maxPageSize); err != nil {
			return nil, err
		}
		start = (page - 1) * size
		resp.PageNumber = page
	}
	resp.PageSize = size
	end := min(start+size, len(matched))
	start = min(start, end)
	resp.Instances.Instance = append([]instanceView{}, matched[start:end]...)
	return resp, nil
}
