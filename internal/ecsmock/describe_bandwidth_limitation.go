package ecsmock

import (
	"net/http"
)

// Response shapes: field names and JSON types as the SDK's ecs package
// declares them.
type (
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
