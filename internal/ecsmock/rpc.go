package ecsmock

import (
	"encoding/json"
	"net/http"
	"time"
)

// request is one authenticated API call being handled.
type request struct {
	params    params
	account   *Account
	requestID string
	now       time.Time
}

type action func(s *Server, req *request) (any, *apiError)

// actions routes by Version, then Action.
var actions = map[string]map[string]action{
	ecsVersion: {
		"DescribeInstances":           (*Server).describeInstances,
		"DescribeInstanceAttribute":   (*Server).describeInstanceAttribute,
		"DescribeBandwidthLimitation": (*Server).describeBandwidthLimitation,
		"ModifyInstanceNetworkSpec":   (*Server).modifyInstanceNetworkSpec,
		"AllocatePublicIpAddress":     (*Server).allocatePublicIPAddress,
	},
	bssVersion: {
		"GetOrderDetail": (*Server).getOrderDetail,
		"CancelOrder":    (*Server).cancelOrder,
	},
}

// serveAPI handles one RPC call: protocol checks, the action, the record of
// the call, the log line.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	requestID := newRequestID()
	status, body, call := s.handleAPI(r, requestID)
	s.logger.Printf("%s key=%s instance=%s status=%d code=%s request=%s",
		call.Action, call.AccessKeyId, call.InstanceId, call.HttpStatus, call.Code, call.RequestId)
	writeJSON(w, status, body)
}

func (s *Server) handleAPI(r *http.Request, requestID string) (int, any, Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catchUp()
	p, err := readParams(r)
	if p == nil {
		p = params{}
	}
	call := Call{
		Time:        s.now(),
		Action:      p["Action"],
		AccessKeyId: p["AccessKeyId"],
		InstanceId:  callInstanceID(p),
		RequestId:   requestID,
	}
	var (
		result any
		aerr   *apiError
	)
	if err != nil {
		aerr = newAPIError(http.StatusBadRequest, "InvalidParameter", "The request body could not be read: %v", err)
	} else {
		result, aerr = s.dispatch(r.Method, p, requestID)
	}
	status := http.StatusOK
	body := result
	if aerr != nil {
		status = aerr.Status
		call.Code = aerr.Code
		body = errorResponse(aerr, requestID, r.Host)
	}
	call.HttpStatus = status
	s.calls = append(s.calls, call)
	s.afterChange()
	return status, body, call
}

func (s *Server) dispatch(method string, p params, requestID string) (any, *apiError) {
	if method != http.MethodGet && method != http.MethodPost {
		return nil, newAPIError(http.StatusMethodNotAllowed, "UnsupportedHTTPMethod", "The HTTP method %s is not supported; use GET or POST.", method)
	}
	for _, name := range []string{"Action", "Version"} {
		if !p.has(name) {
			return nil, missingParameter(name)
		}
	}
	byAction, ok := actions[p["Version"]]
	if !ok {
		return nil, newAPIError(http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
	}
	handle, ok := byAction[p["Action"]]
	if !ok {
		return nil, newAPIError(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
	}
	acct, aerr := s.authenticate(method, p, time.Now())
	if aerr != nil {
		return nil, aerr
	}
	return handle(s, &request{params: p, account: acct, requestID: requestID, now: s.now()})
}

// callInstanceID names the instance a call is about, for the record: its
// InstanceId, the ResourceId of DescribeBandwidthLimitation, or the only id
// of a DescribeInstances InstanceIds list.
func callInstanceID(p params) string {
	if id := p["InstanceId"]; id != "" {
		return id
	}
	if id := p["ResourceId"]; id != "" {
		return id
	}
	var ids []string
	if json.Unmarshal([]byte(p["InstanceIds"]), &ids) == nil && len(ids) == 1 {
		return ids[0]
	}
	return ""
}
