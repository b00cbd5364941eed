package ecsmock

import (
	"errors"
	"net/http"
	"time"
)

// request is one authenticated API call being handled.
type request struct {
	params params
	// account is the account the call acts in: the key's, or for a
	// temporary key the role's; nil for an unsigned action.
	account *Account
	// securityToken is the token that came with a temporary key; empty for
	// an account's own key.
	securityToken string
	requestID     string
	now           time.Time
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
		"QueryOrders":    (*Server).queryOrders,
	},
	stsVersion: {
		"AssumeRole":         (*Server).assumeRole,
		"AssumeRoleWithOIDC": (*Server).assumeRoleWithOIDC,
		"GetCallerIdentity":  (*Server).getCallerIdentity,
	},
}

// unsigned are the actions that take no AccessKey: their own parameters
// are the credential, as on the real cloud.
var unsigned = map[string]bool{stsVersion + " AssumeRoleWithOIDC": true}

// serveAPI handles one RPC call: the injected faults, protocol checks, the
// action, the record of the call, the log line.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	// Every answer tells the simulated time, as the cloud's tell its own,
	// so that clients reading the clock from answers follow AdvanceClock.
	w.Header().Set("Date", s.Now().Format(http.TimeFormat))
	requestID := newRequestID()
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	p, err := readParams(r)
	if p == nil {
		p = params{}
	}
	if rule, call, ok := s.takeFault(p, requestID); ok {
		s.serveFault(w, r, p, err, requestID, rule, call)
		return
	}
	status, body := s.process(r, p, err, requestID, "")
	writeJSON(w, status, body)
}

// process handles a call that reached the API, records and logs it, and
// returns its answer. fault is the kind of the fault that let the call
// through to processing (delay, drop), or empty.
func (s *Server) process(r *http.Request, p params, perr error, requestID string, fault FaultKind) (int, any) {
	status, body, call := s.handleAPI(r, p, perr, requestID, fault)
	s.logCall(call)
	return status, body
}

// Bounds that keep memory in check under a flood of large calls.
const (
	// maxRequestBody is the largest RPC request body read; the API's
	// parameters need a few kilobytes.
	maxRequestBody = 1 << 20
	// maxRecordedValue is the longest value a recorded call keeps.
	maxRecordedValue = 128
)

func (s *Server) handleAPI(r *http.Request, p params, perr error, requestID string, fault FaultKind) (int, any, Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catchUp()
	call := newCall(p, requestID, s.now())
	var (
		result any
		aerr   *apiError
	)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(perr, &tooLarge):
		aerr = newAPIError(http.StatusRequestEntityTooLarge, "RequestBodyTooLarge", "The request body is larger than %d bytes.", tooLarge.Limit)
	case perr != nil:
		aerr = newAPIError(http.StatusBadRequest, "InvalidParameter", "The request body could not be read: %v", perr)
	default:
		result, aerr = s.dispatch(r, p, requestID)
	}
	status := http.StatusOK
	body := result
	if aerr != nil {
		status = aerr.Status
		call.Code = aerr.Code
		body = errorResponse(aerr, requestID, r.Host)
	}
	call.HttpStatus = status
	call.markFault(fault)
	s.recordCall(call)
	_ = s.afterChange()
	return status, body, call
}

// dispatch routes a call by Version and Action, verifies its signature (V3
// when it carries an ACS3 Authorization header, else version 1.0) and runs
// the action.
func (s *Server) dispatch(r *http.Request, p params, requestID string) (any, *apiError) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, newAPIError(http.StatusMethodNotAllowed, "UnsupportedHTTPMethod", "The HTTP method %s is not supported; use GET or POST.", r.Method)
	}
	v3 := isV3(r)
	for _, name := range [][2]string{{"Action", "x-acs-action"}, {"Version", "x-acs-version"}} {
		if !p.has(name[0]) && v3 {
			return nil, missingParameter(name[1])
		}
		if !p.has(name[0]) {
			return nil, missingParameter(name[0])
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
	req := &request{params: p, requestID: requestID, now: s.now()}
	if !unsigned[p["Version"]+" "+p["Action"]] {
		var (
			acct *Account
			aerr *apiError
		)
		if v3 {
			acct, aerr = s.authenticateV3(r, time.Now())
			req.securityToken = r.Header.Get("x-acs-security-token")
		} else {
			acct, aerr = s.authenticateV1(r.Method, p, time.Now())
			req.securityToken = p["SecurityToken"]
		}
		if aerr != nil {
			return nil, aerr
		}
		req.account = acct
		if aerr := s.authorize(req); aerr != nil {
			return nil, aerr
		}
	}
	return handle(s, req)
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
