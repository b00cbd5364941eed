package ecsmock

import (
	"encoding/json"
	"net/http"
	"path"
	"strings"
)

const maxPolicySize = 1024

// ramServices names, by API version, the service prefix of RAM actions
// ("ecs:ModifyInstanceNetworkSpec").
var ramServices = map[string]string{ecsVersion: "ecs", bssVersion: "bssapi", stsVersion: "sts"}

// policyDocument is a session policy: the statements that narrow what a
// temporary key may do.
type policyDocument struct {
	Version   string
	Statement []policyStatement
}

type policyStatement struct {
	Effect string
	Action stringList
}

// stringList reads a policy field that is a string or a list of them.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*l = stringList{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// parsePolicy applies the size and grammar checks of AssumeRole's Policy.
func parsePolicy(policy string) (policyDocument, *apiError) {
	if len(policy) > maxPolicySize {
		return policyDocument{}, newAPIError(http.StatusBadRequest, "InvalidParameter.PolicySize", "The size of Policy must be smaller than %d bytes.", maxPolicySize)
	}
	grammar := newAPIError(http.StatusBadRequest, "InvalidParameter.PolicyGrammar",
		"The parameter Policy has not passed grammar check: want a JSON document with Version and a non-empty Statement list, each statement with Effect Allow or Deny and an Action.")
	var doc policyDocument
	if json.Unmarshal([]byte(policy), &doc) != nil || doc.Version == "" || len(doc.Statement) == 0 {
		return doc, grammar
	}
	for _, st := range doc.Statement {
		if (st.Effect != "Allow" && st.Effect != "Deny") || len(st.Action) == 0 {
			return doc, grammar
		}
	}
	return doc, nil
}

// allows tells whether the policy lets a session call action
// ("ecs:DescribeInstances"): some Allow statement matches it and no Deny
// statement does. Actions match case-insensitively, '*' standing for any
// characters; resources and conditions are not modelled.
func (d policyDocument) allows(action string) bool {
	allowed := false
	for _, st := range d.Statement {
		for _, pattern := range st.Action {
			if ok, _ := path.Match(strings.ToLower(pattern), strings.ToLower(action)); !ok {
				continue
			}
			if st.Effect == "Deny" {
				return false
			}
			allowed = true
		}
	}
	return allowed
}

// authorize refuses a temporary key's call that its session policy does
// not allow. GetCallerIdentity needs no permission, as on the real cloud.
func (s *Server) authorize(req *request) *apiError {
	version, action := req.params["Version"], req.params["Action"]
	if req.securityToken == "" || (version == stsVersion && action == "GetCallerIdentity") {
		return nil
	}
	sess, _, aerr := s.session(req.securityToken)
	if aerr != nil || sess.Policy == "" {
		return aerr
	}
	doc, aerr := parsePolicy(sess.Policy)
	if aerr != nil {
		return aerr
	}
	ramAction := ramServices[version] + ":" + action
	if doc.allows(ramAction) {
		return nil
	}
	if version == stsVersion {
		return newAPIError(http.StatusForbidden, "NoPermission", "You are not authorized to do this action: the session policy does not allow %s.", ramAction)
	}
	return newAPIError(http.StatusForbidden, "Forbidden.RAM",
		"User not authorized to operate on the specified resource, or this API doesn't support RAM: the session policy does not allow %s.", ramAction)
}
