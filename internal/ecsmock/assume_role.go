package ecsmock

import (
	"net/http"
	"slices"
)

// assumeRole serves AssumeRole: the caller's account must be trusted by the
// role, and the role's ExternalId, if any, sent.
func (s *Server) assumeRole(req *request) (any, *apiError) {
	role, roleAcct, opts, aerr := s.sessionRequest(req)
	if aerr != nil {
		return nil, aerr
	}
	if !slices.Contains(role.TrustedAccountIds, req.account.AccountId) {
		return nil, newAPIError(http.StatusForbidden, "NoPermission",
			"No permission to perform sts:AssumeRole on role %s: its trust policy does not name account %s.", roleArn(roleAcct.AccountId, role.RoleName), req.account.AccountId)
	}
	if role.ExternalId != "" && req.params["ExternalId"] != role.ExternalId {
		return nil, newAPIError(http.StatusForbidden, "NoPermission",
			"No permission to perform sts:AssumeRole on role %s: its trust policy requires an ExternalId that the request does not match.", roleArn(roleAcct.AccountId, role.RoleName))
	}
	if aerr := opts.checkDuration(role); aerr != nil {
		return nil, aerr
	}
	return s.startSession(req, roleAcct, role, opts), nil
}
