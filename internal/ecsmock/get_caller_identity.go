package ecsmock

import (
	"strings"
)

type callerIdentityResponse struct {
	RequestId    string
	IdentityType string
	AccountId    string
	Arn          string
	PrincipalId  string
	UserId       string `json:",omitempty"`
	RoleId       string `json:",omitempty"`
}

// getCallerIdentity serves GetCallerIdentity: an account's own key is the
// account itself; a temporary key is the role session it came from.
func (s *Server) getCallerIdentity(req *request) (any, *apiError) {
	acct := req.account
	if req.securityToken == "" {
		return callerIdentityResponse{
			RequestId: req.requestID, IdentityType: "Account", AccountId: acct.AccountId,
			Arn: "acs:ram::" + acct.AccountId + ":root", PrincipalId: acct.AccountId, UserId: acct.AccountId,
		}, nil
	}
	sess, _, aerr := s.session(req.securityToken)
	if aerr != nil {
		return nil, aerr
	}
	id := roleID(acct.AccountId, sess.RoleName)
	return callerIdentityResponse{
		RequestId: req.requestID, IdentityType: "AssumedRoleUser", AccountId: acct.AccountId,
		Arn:         "acs:ram::" + acct.AccountId + ":assumed-role/" + strings.ToLower(sess.RoleName) + "/" + sess.RoleSessionName,
		PrincipalId: id + ":" + sess.RoleSessionName, RoleId: id,
	}, nil
}
