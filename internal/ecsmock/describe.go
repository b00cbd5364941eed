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
	bandwidthView struct {
		InternetChargeType string
		Min                int
		Max                int
		Unit               string
	}
	describeBandwidthLimitationResponse struct {
		RequestId  string
		Bandwidths struct{ Bandwidth []bandwidthView }
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

// intParam reads an optional paging parameter: an integer within [1, hi].
func intParam(p params, name string, def, hi int) (int, *apiError) {
	if !p.has(name) {
		return def, nil
	}
	n, err := strconv.Atoi(p[name])
	if err != nil || n < 1 || n > hi {
		return 0, newAPIError(http.StatusBadRequest, "InvalidParameter",
			"The specified parameter %q is not valid: an integer from 1 to %d is expected.", name, hi)
	}
	return n, nil
}

// findInstance looks an instance up in the caller's account, within the
// request's region when it names one.
func (req *request) findInstance(id string) (*Instance, *apiError) {
	in := req.account.instance(id)
	if in == nil || (req.params.has("RegionId") && in.RegionId != req.params["RegionId"]) {
		return nil, newAPIError(http.StatusNotFound, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.")
	}
	return in, nil
}

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

// describeBandwidthLimitation gives the outbound bandwidth range for each
// Internet charge type. With ResourceId the range is the instance's own
// (its BandwidthLimits, else 0-100): Upgrade goes from the committed
// bandwidth up, Downgrade from the lowest the modify rules accept up to the
// committed one. A subscription on PayByBandwidth lists only that charge
// type, as it cannot go back to PayByTraffic; a charge type whose range is
// empty for the operation is left out.
func (s *Server) describeBandwidthLimitation(req *request) (any, *apiError) {
	p := req.params
	charge := p["InstanceChargeType"]
	if charge == "" {
		charge = chargePostPaid
	}
	if charge != chargePrePaid && charge != chargePostPaid {
		return nil, newAPIError(http.StatusBadRequest, "InvalidInstanceChargeType.ValueNotSupported", "The specified InstanceChargeType is not valid.")
	}
	op := p["OperationType"]
	if op == "" {
		op = "Create"
	}
	if op != "Create" && op != "Upgrade" && op != "Downgrade" {
		return nil, newAPIError(http.StatusBadRequest, "InvalidOperationType.ValueNotSupported", "The specified OperationType is not valid.")
	}
	types := []string{netPayByTraffic, netPayByBandwidth}
	resp := describeBandwidthLimitationResponse{RequestId: req.requestID}
	if !p.has("ResourceId") {
		for _, t := range types {
			resp.Bandwidths.Bandwidth = append(resp.Bandwidths.Bandwidth, bandwidthView{InternetChargeType: t, Min: 0, Max: maxBandwidthOut, Unit: "Mbps"})
		}
		return resp, nil
	}
	in, aerr := req.findInstance(p["ResourceId"])
	if aerr != nil {
		return nil, aerr
	}
	cur := in.committed()
	for _, t := range types {
		if in.InstanceChargeType == chargePrePaid && !canMoveChargeType(cur.InternetChargeType, t) {
			continue
		}
		lo, hi := in.outRange(t)
		switch op {
		case "Upgrade":
			lo = max(lo, cur.InternetMaxBandwidthOut)
		case "Downgrade":
			hi = min(hi, cur.InternetMaxBandwidthOut)
			if in.InstanceChargeType == chargePrePaid && hi > 0 {
				lo = max(lo, 1)
			}
		}
		if lo > hi {
			continue // nothing to upgrade or downgrade to under t
		}
		resp.Bandwidths.Bandwidth = append(resp.Bandwidths.Bandwidth, bandwidthView{InternetChargeType: t, Min: lo, Max: hi, Unit: "Mbps"})
	}
	return resp, nil
}
