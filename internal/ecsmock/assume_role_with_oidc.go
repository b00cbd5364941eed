package ecsmock

import (
	"net/http"
	"slices"
	"strings"
)

type oidcTokenInfo struct {
	Subject          string
	Issuer           string
	ClientIds        string
	ExpirationTime   string
	IssuanceTime     string
	VerificationInfo string
}

type assumeRoleWithOIDCResponse struct {
	assumeRoleResponse
	OIDCTokenInfo oidcTokenInfo
}

// assumeRoleWithOIDC serves AssumeRoleWithOIDC, which is not signed: the
// OIDC token is the credential.
func (s *Server) assumeRoleWithOIDC(req *request) (any, *apiError) {
	providerArn := req.params["OIDCProviderArn"]
	if providerArn == "" {
		return nil, missingParameter("OIDCProviderArn")
	}
	m := oidcProviderArnPattern.FindStringSubmatch(providerArn)
	if m == nil {
		return nil, newAPIError(http.StatusBadRequest, "InvalidParameter.OIDCProviderArn",
			"The parameter OIDCProviderArn is wrongly formed: want acs:ram::<AccountId>:oidc-provider/<name>.")
	}
	role, roleAcct, opts, aerr := s.sessionRequest(req)
	if aerr != nil {
		return nil, aerr
	}
	var provider *OIDCProvider
	if acct := s.world.accountByID(m[1]); acct != nil {
		provider = acct.oidcProvider(m[2])
	}
	if provider == nil {
		return nil, newAPIError(http.StatusUnauthorized, "AuthenticationFail.NoPermission", "No such OIDC Provider registered: %s.", providerArn)
	}
	claims, aerr := checkOIDCToken(provider, req.params["OIDCToken"], req.now)
	if aerr != nil {
		return nil, aerr
	}
	if !slices.Contains(role.TrustedOIDCProviders, providerArn) {
		return nil, newAPIError(http.StatusUnauthorized, "AuthenticationFail.NoPermission",
			"There is no permission: role %s does not trust OIDC provider %s.", roleArn(roleAcct.AccountId, role.RoleName), providerArn)
	}
	if aerr := opts.checkDuration(role); aerr != nil {
		return nil, aerr
	}
	return assumeRoleWithOIDCResponse{
		assumeRoleResponse: s.startSession(req, roleAcct, role, opts),
		OIDCTokenInfo: oidcTokenInfo{
			Subject:          claims.Subject,
			Issuer:           claims.Issuer,
			ClientIds:        strings.Join(claims.Audience, ","),
			ExpirationTime:   claims.Expires.Format(timestampLayout),
			IssuanceTime:     claims.IssuedAt.Format(timestampLayout),
			VerificationInfo: "Success",
		},
	}, nil
}
