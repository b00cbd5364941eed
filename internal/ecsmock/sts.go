package ecsmock

import (
	"net/http"
	"regexp"
	"strconv"
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
