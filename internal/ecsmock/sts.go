package ecsmock

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	stsVersion         = "2015-04-01"
	minSessionDuration = 900
)

var roleSessionNamePattern = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)

type assumedRoleUser struct {
	Arn           string
	AssumedRoleId string
}

type assumeRoleResponse struct {
	RequestId       string
	AssumedRoleUser assumedRoleUser
	Credentials     stsCredentials
}

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

type callerIdentityResponse struct {
	RequestId    string
	IdentityType string
	AccountId    string
	Arn          string
	PrincipalId  string
	UserId       string `json:",omitempty"`
	RoleId       string `json:",omitempty"`
}

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

// sessionOptions are the checked parameters common to the AssumeRole
// actions.
type sessionOptions struct {
	sessionName string
	duration    int
	policy      string
}

// sessionRequest checks the parameters AssumeRole and AssumeRoleWithOIDC
// share, in the order STS checks them, and finds the role.
func (s *Server) sessionRequest(req *request) (*Role, *Account, sessionOptions, *apiError) {
	p := req.params
	for _, name := range []string{"RoleArn", "RoleSessionName"} {
		if !p.has(name) {
			return nil, nil, sessionOptions{}, missingParameter(name)
		}
	}
	m := roleArnPattern.FindStringSubmatch(p["RoleArn"])
	if m == nil {
		return nil, nil, sessionOptions{}, newAPIError(http.StatusBadRequest, "InvalidParameter.RoleArn",
			"The parameter RoleArn is wrongly formed: want acs:ram::<AccountId>:role/<RoleName>.")
	}
	if !roleSessionNamePattern.MatchString(p["RoleSessionName"]) {
		return nil, nil, sessionOptions{}, newAPIError(http.StatusBadRequest, "InvalidParameter.RoleSessionName",
			"The parameter RoleSessionName is wrongly formed: 2-64 letters, digits, '.', '@', '-' or '_'.")
	}
	opts := sessionOptions{sessionName: p["RoleSessionName"], duration: defaultMaxSessionDuration}
	if raw, ok := p["DurationSeconds"]; ok && raw != "" {
		d, err := strconv.Atoi(raw)
		if err != nil || d < minSessionDuration {
			return nil, nil, sessionOptions{}, newAPIError(http.StatusBadRequest, "InvalidParameter.DurationSeconds",
				"The Min/Max value of DurationSeconds is 15min/the role's MaxSessionDuration; %q is not a number of seconds from %d.", raw, minSessionDuration)
		}
		opts.duration = d
	}
	if opts.policy = p["Policy"]; opts.policy != "" {
		if _, aerr := parsePolicy(opts.policy); aerr != nil {
			return nil, nil, sessionOptions{}, aerr
		}
	}
	var role *Role
	acct := s.world.accountByID(m[1])
	if acct != nil {
		role = acct.role(m[2])
	}
	if role == nil {
		return nil, nil, sessionOptions{}, newAPIError(http.StatusNotFound, "EntityNotExist.Role", "The specified Role not exists: %s.", p["RoleArn"])
	}
	return role, acct, opts, nil
}

func (o sessionOptions) checkDuration(role *Role) *apiError {
	if o.duration > role.MaxSessionDuration {
		return newAPIError(http.StatusBadRequest, "InvalidParameter.DurationSeconds",
			"The Min/Max value of DurationSeconds is 15min/%ds, the role's MaxSessionDuration; %d is too long.", role.MaxSessionDuration, o.duration)
	}
	return nil
}

func (s *Server) startSession(req *request, acct *Account, role *Role, o sessionOptions) assumeRoleResponse {
	creds := issue(acct, session{
		RoleName:        role.RoleName,
		RoleSessionName: o.sessionName,
		Policy:          o.policy,
		Expiration:      req.now.Add(time.Duration(o.duration) * time.Second).Unix(),
	})
	return assumeRoleResponse{
		RequestId: req.requestID,
		AssumedRoleUser: assumedRoleUser{
			Arn:           roleArn(acct.AccountId, role.RoleName) + "/" + o.sessionName,
			AssumedRoleId: roleID(acct.AccountId, role.RoleName) + ":" + o.sessionName,
		},
		Credentials: creds,
	}
}
