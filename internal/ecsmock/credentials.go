package ecsmock

import "net/http"

// credential resolves the AccessKeyId a call presents, with the
// SecurityToken it carries (empty when none), to the account the call acts
// in and the secret its signature is made with. Every signature verifier
// goes through it, so that permanent and temporary keys are judged the same
// way whatever the signature version. Callers hold s.mu.
//
//nolint:unparam // securityToken decides once the world holds temporary (STS) credentials.
func (s *Server) credential(accessKeyID, securityToken string) (*Account, string, *apiError) {
	acct := s.world.account(accessKeyID)
	if acct == nil {
		return nil, "", newAPIError(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}
	return acct, acct.AccessKeySecret, nil
}
