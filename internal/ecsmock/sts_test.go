package ecsmock

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

const (
	deployerArn    = "acs:ram::1000000000000005:role/deployer"
	ackProviderArn = "acs:ram::1000000000000005:oidc-provider/ack"
)

func (f *fixture) sts(key, secret, token string) *sts.Client {
	f.t.Helper()
	var (
		c   *sts.Client
		err error
	)
	if token == "" {
		c, err = sts.NewClientWithAccessKey("cn-hangzhou", key, secret)
	} else {
		c, err = sts.NewClientWithStsToken("cn-hangzhou", key, secret, token)
	}
	if err != nil {
		f.t.Fatalf("sts client: %v", err)
	}
	return c
}

// assumeRoleRequest is an AssumeRole call; zero fields are left out.
type assumeRoleRequest struct {
	RoleArn, SessionName, Policy, ExternalId, Duration string
}

func (f *fixture) assumeRoleAs(key, secret, token string, a assumeRoleRequest) (*sts.AssumeRoleResponse, error) {
	f.t.Helper()
	req := sts.CreateAssumeRoleRequest()
	f.target(req.RpcRequest)
	req.RoleArn = a.RoleArn
	req.RoleSessionName = a.SessionName
	req.Policy = a.Policy
	req.ExternalId = a.ExternalId
	req.DurationSeconds = requests.Integer(a.Duration)
	return f.sts(key, secret, token).AssumeRole(req)
}

// mustAssume assumes a role with the first account's key and returns the
// credentials.
func (f *fixture) mustAssume(a assumeRoleRequest) sts.Credentials {
	f.t.Helper()
	resp, err := f.assumeRoleAs(key1, secret1, "", a)
	if err != nil {
		f.t.Fatalf("AssumeRole(%+v): %v", a, err)
	}
	return resp.Credentials
}

func (f *fixture) describeWith(c *ecs.Client, instanceID string) (*ecs.DescribeInstancesResponse, error) {
	req := ecsDescribeRequest(instanceID)
	f.target(req.RpcRequest)
	return c.DescribeInstances(req)
}

func (f *fixture) stsECS(c sts.Credentials) *ecs.Client {
	f.t.Helper()
	e, err := ecs.NewClientWithStsToken("cn-hangzhou", c.AccessKeyId, c.AccessKeySecret, c.SecurityToken)
	if err != nil {
		f.t.Fatalf("ecs client: %v", err)
	}
	return e
}

func TestAssumeRoleActsInTheRoleAccount(t *testing.T) {
	f := newFixture(t, nil)
	before := f.srv.Now()
	resp, err := f.assumeRoleAs(key1, secret1, "", assumeRoleRequest{RoleArn: deployerArn, SessionName: "terraform", Duration: "900"})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	c := resp.Credentials
	if !strings.HasPrefix(c.AccessKeyId, "STS.") || c.AccessKeySecret == "" || c.SecurityToken == "" {
		t.Fatalf("credentials = %+v, want an STS. key, a secret and a token", c)
	}
	exp, err := time.Parse("2006-01-02T15:04:05Z", c.Expiration)
	if err != nil {
		t.Fatalf("Expiration %q: %v", c.Expiration, err)
	}
	if d := exp.Sub(before); d < 899*time.Second || d > 902*time.Second {
		t.Errorf("Expiration %s is %s after the call, want 900s", c.Expiration, d)
	}
	if resp.AssumedRoleUser.Arn != deployerArn+"/terraform" || !strings.HasSuffix(resp.AssumedRoleUser.AssumedRoleId, ":terraform") || resp.RequestId == "" {
		t.Errorf("AssumedRoleUser = %+v, RequestId %q", resp.AssumedRoleUser, resp.RequestId)
	}

	e := f.stsECS(c)
	got, err := f.describeWith(e, "i-target-postpaid")
	if err != nil || len(got.Instances.Instance) != 1 {
		t.Fatalf("DescribeInstances of the role account's instance: %v, %+v", err, got)
	}
	got, err = f.describeWith(e, "i-postpaid-vpc")
	if err != nil || len(got.Instances.Instance) != 0 {
		t.Fatalf("DescribeInstances of the caller account's instance through the role: %v, %d instances, want none", err, len(got.Instances.Instance))
	}
	mod := ecs.CreateModifyInstanceNetworkSpecRequest()
	f.target(mod.RpcRequest)
	mod.InstanceId = "i-target-postpaid"
	mod.InternetMaxBandwidthOut = "8"
	if _, err := e.ModifyInstanceNetworkSpec(mod); err != nil {
		t.Fatalf("ModifyInstanceNetworkSpec with the temporary key: %v", err)
	}
	if pc := f.stateInstance("i-target-postpaid").PendingChanges; len(pc) != 1 || pc[0].InternetMaxBandwidthOut != 8 {
		t.Errorf("i-target-postpaid pending changes = %+v, want one to 8", pc)
	}
	calls := f.srv.Calls()
	last := calls[len(calls)-1]
	if last.Action != "ModifyInstanceNetworkSpec" || last.AccessKeyId != c.AccessKeyId || last.HttpStatus != 200 {
		t.Errorf("recorded call = %+v, want ModifyInstanceNetworkSpec 200 by %s", last, c.AccessKeyId)
	}
	if calls[0].Action != "AssumeRole" || calls[0].AccessKeyId != key1 {
		t.Errorf("first recorded call = %+v, want AssumeRole by %s", calls[0], key1)
	}
}

func TestAssumeRoleRefusals(t *testing.T) {
	f := newFixture(t, nil)
	longPolicy := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}],"Padding":"` + strings.Repeat("x", 1024) + `"}`
	for _, tc := range []struct {
		name        string
		key, secret string
		req         assumeRoleRequest
		code        string
		status      int
	}{
		{"no RoleArn", key1, secret1, assumeRoleRequest{SessionName: "s1"}, "MissingParameter", 400},
		{"no RoleSessionName", key1, secret1, assumeRoleRequest{RoleArn: deployerArn}, "MissingParameter", 400},
		{"RoleArn of a user", key1, secret1, assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:user/deployer", SessionName: "s1"}, "InvalidParameter.RoleArn", 400},
		{"RoleArn with a short account id", key1, secret1, assumeRoleRequest{RoleArn: "acs:ram::1005:role/deployer", SessionName: "s1"}, "InvalidParameter.RoleArn", 400},
		{"session name too short", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s"}, "InvalidParameter.RoleSessionName", 400},
		{"session name with a space", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "my session"}, "InvalidParameter.RoleSessionName", 400},
		{"duration below 900", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Duration: "899"}, "InvalidParameter.DurationSeconds", 400},
		{"duration above the role's maximum", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Duration: "3601"}, "InvalidParameter.DurationSeconds", 400},
		{"policy not JSON", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Policy: "allow all"}, "InvalidParameter.PolicyGrammar", 400},
		{"policy without statements", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Policy: `{"Version":"1","Statement":[]}`}, "InvalidParameter.PolicyGrammar", 400},
		{"policy statement without Effect", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Policy: `{"Version":"1","Statement":[{"Action":"ecs:*"}]}`}, "InvalidParameter.PolicyGrammar", 400},
		{"policy statement without Action", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Policy: `{"Version":"1","Statement":[{"Effect":"Allow"}]}`}, "InvalidParameter.PolicyGrammar", 400},
		{"policy too large", key1, secret1, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Policy: longPolicy}, "InvalidParameter.PolicySize", 400},
		{"unknown role", key1, secret1, assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/nobody", SessionName: "s1"}, "EntityNotExist.Role", 404},
		{"unknown account", key1, secret1, assumeRoleRequest{RoleArn: "acs:ram::1999999999999999:role/deployer", SessionName: "s1"}, "EntityNotExist.Role", 404},
		{"untrusted account", key2, secret2, assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1"}, "NoPermission", 403},
		{"the role's own account, not listed", "mock-target-key", "mock-target-secret", assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1"}, "NoPermission", 403},
		{"ExternalId missing", key1, secret1, assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/partner", SessionName: "s1"}, "NoPermission", 403},
		{"ExternalId wrong", key1, secret1, assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/partner", SessionName: "s1", ExternalId: "guess"}, "NoPermission", 403},
		{"bad signature", key1, "wrong", assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1"}, "SignatureDoesNotMatch", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.assumeRoleAs(tc.key, tc.secret, "", tc.req)
			wantAPIError(t, err, tc.code, tc.status)
		})
	}
}

func TestAssumeRoleAccepts(t *testing.T) {
	f := newFixture(t, nil)
	for _, tc := range []struct {
		name string
		req  assumeRoleRequest
		want time.Duration
	}{
		{"default duration", assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1"}, time.Hour},
		{"role name in another case", assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/Deployer", SessionName: "s1"}, time.Hour},
		{"right ExternalId", assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/partner", SessionName: "s1", ExternalId: "mock-external-id"}, time.Hour},
		{"long session on a role that allows it", assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/long-deployer", SessionName: "nightly@ci", Duration: "43200"}, 12 * time.Hour},
		{"a valid session policy", assumeRoleRequest{RoleArn: deployerArn, SessionName: "s1", Policy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}`}, time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.srv.Now()
			c := f.mustAssume(tc.req)
			exp, err := time.Parse("2006-01-02T15:04:05Z", c.Expiration)
			if err != nil {
				t.Fatal(err)
			}
			if d := exp.Sub(before); d < tc.want-time.Second || d > tc.want+2*time.Second {
				t.Errorf("session lasts %s, want %s", d, tc.want)
			}
		})
	}
}

func TestTemporaryCredentialRefusals(t *testing.T) {
	f := newFixture(t, nil)
	a := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "sa", Duration: "900"})
	b := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "sb", Duration: "3600"})
	for _, tc := range []struct {
		name               string
		key, secret, token string
		code               string
		status             int
	}{
		{"no token", a.AccessKeyId, a.AccessKeySecret, "", "MissingSecurityToken", 400},
		{"another session's token", a.AccessKeyId, a.AccessKeySecret, b.SecurityToken, "InvalidSecurityToken.MismatchWithAccessKey", 400},
		{"a token with an account's own key", key1, secret1, a.SecurityToken, "InvalidSecurityToken.MismatchWithAccessKey", 400},
		{"a token not issued here", a.AccessKeyId, a.AccessKeySecret, "CAIS" + strings.Repeat("x", 40), "InvalidSecurityToken.Malformed", 400},
		{"a tampered token", a.AccessKeyId, a.AccessKeySecret, tamper(a.SecurityToken), "InvalidSecurityToken.Malformed", 400},
		{"wrong secret", a.AccessKeyId, "wrong", a.SecurityToken, "SignatureDoesNotMatch", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ecs.NewClientWithStsToken("cn-hangzhou", tc.key, tc.secret, tc.token)
			if tc.token == "" {
				e, err = ecs.NewClientWithAccessKey("cn-hangzhou", tc.key, tc.secret)
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.describeWith(e, "i-target-postpaid")
			wantAPIError(t, err, tc.code, tc.status)
		})
	}

	t.Run("expiry on the simulated clock", func(t *testing.T) {
		if _, err := f.describeWith(f.stsECS(a), "i-target-postpaid"); err != nil {
			t.Fatalf("before expiry: %v", err)
		}
		f.srv.AdvanceClock(901 * time.Second)
		_, err := f.describeWith(f.stsECS(a), "i-target-postpaid")
		wantAPIError(t, err, "InvalidSecurityToken.Expired", 400)
		if !strings.Contains(err.Error(), a.Expiration) {
			t.Errorf("the refusal %q does not say until when the token was valid (%s)", err, a.Expiration)
		}
		if _, err := f.describeWith(f.stsECS(b), "i-target-postpaid"); err != nil {
			t.Errorf("the hour-long session expired with the 15-minute one: %v", err)
		}
		calls := f.srv.Calls()
		if last := calls[len(calls)-1]; last.AccessKeyId != b.AccessKeyId {
			t.Errorf("last call recorded with key %q, want %q", last.AccessKeyId, b.AccessKeyId)
		}
	})
}

// tamper changes the session a token carries while keeping its MAC.
func tamper(token string) string {
	body, mac, _ := strings.Cut(token, ".")
	return body[:len(body)-2] + "AA." + mac
}

func TestChainedAssumeRole(t *testing.T) {
	w := DefaultWorld()
	target := &w.Accounts[len(w.Accounts)-1]
	target.Roles = append(target.Roles, Role{RoleName: "auditor", TrustedAccountIds: []string{targetAccountID}})
	f := newFixture(t, &w)
	first := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "hop1"})
	resp, err := f.assumeRoleAs(first.AccessKeyId, first.AccessKeySecret, first.SecurityToken,
		assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/auditor", SessionName: "hop2"})
	if err != nil {
		t.Fatalf("AssumeRole with temporary credentials: %v", err)
	}
	if resp.AssumedRoleUser.Arn != "acs:ram::1000000000000005:role/auditor/hop2" {
		t.Errorf("AssumedRoleUser.Arn = %q", resp.AssumedRoleUser.Arn)
	}
	// The session acts as the role's account, which deployer does not trust.
	_, err = f.assumeRoleAs(first.AccessKeyId, first.AccessKeySecret, first.SecurityToken, assumeRoleRequest{RoleArn: deployerArn, SessionName: "hop2"})
	wantAPIError(t, err, "NoPermission", 403)
}

func TestGetCallerIdentity(t *testing.T) {
	f := newFixture(t, nil)
	call := func(key, secret, token string) *sts.GetCallerIdentityResponse {
		t.Helper()
		req := sts.CreateGetCallerIdentityRequest()
		f.target(req.RpcRequest)
		resp, err := f.sts(key, secret, token).GetCallerIdentity(req)
		if err != nil {
			t.Fatalf("GetCallerIdentity: %v", err)
		}
		return resp
	}
	own := call(key1, secret1, "")
	if own.IdentityType != "Account" || own.AccountId != "1000000000000001" || own.Arn != "acs:ram::1000000000000001:root" || own.PrincipalId != own.AccountId || own.RequestId == "" {
		t.Errorf("identity of an account's key = %+v", own)
	}
	c := f.mustAssume(assumeRoleRequest{RoleArn: "acs:ram::1000000000000005:role/Deployer", SessionName: "tf"})
	assumed := call(c.AccessKeyId, c.AccessKeySecret, c.SecurityToken)
	if assumed.IdentityType != "AssumedRoleUser" || assumed.AccountId != "1000000000000005" ||
		assumed.Arn != "acs:ram::1000000000000005:assumed-role/deployer/tf" || assumed.RoleId == "" || assumed.PrincipalId != assumed.RoleId+":tf" {
		t.Errorf("identity of a temporary key = %+v", assumed)
	}

	f.srv.AdvanceClock(time.Hour + time.Second)
	req := sts.CreateGetCallerIdentityRequest()
	f.target(req.RpcRequest)
	_, err := f.sts(c.AccessKeyId, c.AccessKeySecret, c.SecurityToken).GetCallerIdentity(req)
	wantAPIError(t, err, "InvalidSecurityToken.Expired", 400)
}

// oidcCall sends AssumeRoleWithOIDC as the SDK's OIDC credential provider
// does: no AccessKeyId, no signature.
func (f *fixture) oidcCall(t *testing.T, p map[string]string) (int, map[string]any) {
	t.Helper()
	form := url.Values{"Action": {"AssumeRoleWithOIDC"}, "Version": {stsVersion}, "Format": {"JSON"},
		"Timestamp": {time.Now().UTC().Format("2006-01-02T15:04:05Z")}}
	for k, v := range p {
		form.Set(k, v)
	}
	c := &rawClient{base: f.http.URL, method: http.MethodPost}
	status, body := c.sendUnsigned(t, form)
	return status, body
}

func TestAssumeRoleWithOIDC(t *testing.T) {
	f := newFixture(t, nil)
	now := f.srv.Now()
	token := UnsignedOIDCToken(DefaultOIDCIssuer, "sts.aliyuncs.com", "system:serviceaccount:ci:terraform", now, now.Add(time.Hour))
	status, body := f.oidcCall(t, map[string]string{
		"OIDCProviderArn": ackProviderArn, "RoleArn": "acs:ram::1000000000000005:role/ack-deployer",
		"OIDCToken": token, "RoleSessionName": "pod", "DurationSeconds": "1800",
	})
	if status != http.StatusOK {
		t.Fatalf("AssumeRoleWithOIDC: %d %v", status, body)
	}
	creds := body["Credentials"].(map[string]any)
	info := body["OIDCTokenInfo"].(map[string]any)
	if info["Subject"] != "system:serviceaccount:ci:terraform" || info["Issuer"] != DefaultOIDCIssuer || info["ClientIds"] != "sts.aliyuncs.com" {
		t.Errorf("OIDCTokenInfo = %v", info)
	}
	if user := body["AssumedRoleUser"].(map[string]any); user["Arn"] != "acs:ram::1000000000000005:role/ack-deployer/pod" {
		t.Errorf("AssumedRoleUser = %v", user)
	}
	e, err := ecs.NewClientWithStsToken("cn-hangzhou", creds["AccessKeyId"].(string), creds["AccessKeySecret"].(string), creds["SecurityToken"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f.describeWith(e, "i-target-prepaid"); err != nil || len(got.Instances.Instance) != 1 {
		t.Fatalf("DescribeInstances with the OIDC session: %v", err)
	}
	if c := f.srv.Calls()[0]; c.Action != "AssumeRoleWithOIDC" || c.AccessKeyId != "" || c.HttpStatus != 200 {
		t.Errorf("recorded OIDC call = %+v", c)
	}
}

func TestAssumeRoleWithOIDCRefusals(t *testing.T) {
	f := newFixture(t, nil)
	now := f.srv.Now()
	good := UnsignedOIDCToken(DefaultOIDCIssuer, "sts.aliyuncs.com", "sub", now, now.Add(time.Hour))
	ackRole := "acs:ram::1000000000000005:role/ack-deployer"
	for _, tc := range []struct {
		name   string
		edit   func(p map[string]string)
		code   string
		status int
	}{
		{"no provider", func(p map[string]string) { delete(p, "OIDCProviderArn") }, "MissingParameter", 400},
		{"malformed provider ARN", func(p map[string]string) { p["OIDCProviderArn"] = "acs:ram::1000000000000005:oidc/ack" }, "InvalidParameter.OIDCProviderArn", 400},
		{"malformed role ARN", func(p map[string]string) { p["RoleArn"] = "ack-deployer" }, "InvalidParameter.RoleArn", 400},
		{"unknown role", func(p map[string]string) { p["RoleArn"] = "acs:ram::1000000000000005:role/ghost" }, "EntityNotExist.Role", 404},
		{"unknown provider", func(p map[string]string) { p["OIDCProviderArn"] = "acs:ram::1000000000000005:oidc-provider/gke" }, "AuthenticationFail.NoPermission", 401},
		{"empty token", func(p map[string]string) { p["OIDCToken"] = "" }, "AuthenticationFail.OIDCToken.Invalid", 401},
		{"token in two parts", func(p map[string]string) { p["OIDCToken"] = "a.b" }, "AuthenticationFail.OIDCToken.Invalid", 401},
		{"token claims not JSON", func(p map[string]string) { p["OIDCToken"] = "a.bm90IGpzb24.c" }, "AuthenticationFail.OIDCToken.Invalid", 401},
		{"another issuer", func(p map[string]string) {
			p["OIDCToken"] = UnsignedOIDCToken("https://token.actions.githubusercontent.com", "sts.aliyuncs.com", "sub", now, now.Add(time.Hour))
		}, "AuthenticationFail.OIDCToken.IssuerNotMatch", 401},
		{"another audience", func(p map[string]string) {
			p["OIDCToken"] = UnsignedOIDCToken(DefaultOIDCIssuer, "kubernetes", "sub", now, now.Add(time.Hour))
		}, "AuthenticationFail.OIDCToken.AudienceNotMatch", 401},
		{"expired token", func(p map[string]string) {
			p["OIDCToken"] = UnsignedOIDCToken(DefaultOIDCIssuer, "sts.aliyuncs.com", "sub", now.Add(-2*time.Hour), now.Add(-time.Hour))
		}, "AuthenticationFail.OIDCToken.Expired", 401},
		{"role that does not trust the provider", func(p map[string]string) { p["RoleArn"] = deployerArn }, "AuthenticationFail.NoPermission", 401},
		{"duration above the role's maximum", func(p map[string]string) { p["DurationSeconds"] = "7200" }, "InvalidParameter.DurationSeconds", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := map[string]string{"OIDCProviderArn": ackProviderArn, "RoleArn": ackRole, "OIDCToken": good, "RoleSessionName": "pod"}
			tc.edit(p)
			status, body := f.oidcCall(t, p)
			if status != tc.status || body["Code"] != tc.code {
				t.Fatalf("answer = %d %v, want %d %s", status, body, tc.status, tc.code)
			}
		})
	}

	t.Run("token expiring on the simulated clock", func(t *testing.T) {
		f.srv.AdvanceClock(time.Hour)
		status, body := f.oidcCall(t, map[string]string{"OIDCProviderArn": ackProviderArn, "RoleArn": ackRole, "OIDCToken": good, "RoleSessionName": "pod"})
		if status != 401 || body["Code"] != "AuthenticationFail.OIDCToken.Expired" {
			t.Fatalf("answer = %d %v, want the token expired", status, body)
		}
	})
}

// TestAssumeRoleWithOIDCThroughSDK uses the SDK's STS client, which signs
// the call with whatever key it has: the simulator ignores that, as the
// real STS does for this action.
func TestAssumeRoleWithOIDCThroughSDK(t *testing.T) {
	f := newFixture(t, nil)
	now := f.srv.Now()
	req := sts.CreateAssumeRoleWithOIDCRequest()
	f.target(req.RpcRequest)
	req.OIDCProviderArn = ackProviderArn
	req.RoleArn = "acs:ram::1000000000000005:role/ack-deployer"
	req.OIDCToken = UnsignedOIDCToken(DefaultOIDCIssuer, "sts.aliyuncs.com", "sub", now, now.Add(time.Hour))
	req.RoleSessionName = "sdk"
	resp, err := f.sts("no-such-key", "no-such-secret", "").AssumeRoleWithOIDC(req)
	if err != nil {
		t.Fatalf("AssumeRoleWithOIDC: %v", err)
	}
	if !strings.HasPrefix(resp.Credentials.AccessKeyId, "STS.") || resp.OIDCTokenInfo.Issuer != DefaultOIDCIssuer {
		t.Errorf("response = %+v", resp)
	}
}

// TestTemporaryCredentialsSignV3 proves the V3 verifier judges temporary
// keys like version 1.0: through x-acs-security-token.
func TestTemporaryCredentialsSignV3(t *testing.T) {
	f := newFixture(t, nil)
	c := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "v3", Duration: "900"})
	describe := map[string]string{"RegionId": "cn-hangzhou", "InstanceIds": `["i-target-postpaid"]`}
	call := v3Call{version: ecsVersion, action: "DescribeInstances", form: describe, key: c.AccessKeyId, secret: c.AccessKeySecret, token: c.SecurityToken}
	status, body := call.send(t, f.http.URL)
	if status != http.StatusOK || len(body["Instances"].(map[string]any)["Instance"].([]any)) != 1 {
		t.Fatalf("DescribeInstances with a temporary key, V3: %d %v", status, body)
	}
	status, body = v3Call{version: stsVersion, action: "GetCallerIdentity", form: map[string]string{}, key: c.AccessKeyId, secret: c.AccessKeySecret, token: c.SecurityToken}.send(t, f.http.URL)
	if status != http.StatusOK || body["IdentityType"] != "AssumedRoleUser" || body["Arn"] != "acs:ram::1000000000000005:assumed-role/deployer/v3" {
		t.Fatalf("GetCallerIdentity, V3: %d %v", status, body)
	}

	noToken := call
	noToken.token = ""
	if status, body := noToken.send(t, f.http.URL); status != 400 || body["Code"] != "MissingSecurityToken" {
		t.Errorf("V3 without the token: %d %v", status, body)
	}
	f.srv.AdvanceClock(15 * time.Minute)
	if status, body := call.send(t, f.http.URL); status != 400 || body["Code"] != "InvalidSecurityToken.Expired" {
		t.Errorf("V3 after expiry: %d %v", status, body)
	}
	if calls := f.srv.Calls(); calls[len(calls)-1].AccessKeyId != c.AccessKeyId {
		t.Errorf("V3 call recorded with key %q, want %q", calls[len(calls)-1].AccessKeyId, c.AccessKeyId)
	}
}

func stsAssumeRoleRequest(f *fixture, scheme string) *sts.AssumeRoleRequest {
	req := sts.CreateAssumeRoleRequest()
	req.Scheme, req.Domain = scheme, f.host
	req.RoleArn, req.RoleSessionName = deployerArn, "tls"
	return req
}

func ecsDescribeRequest(instanceID string) *ecs.DescribeInstancesRequest {
	req := ecs.CreateDescribeInstancesRequest()
	req.RegionId = "cn-hangzhou"
	req.InstanceIds = `["` + instanceID + `"]`
	return req
}

// TestSessionPolicy: a temporary key can do only what its session policy
// allows, Deny winning over Allow.
func TestSessionPolicy(t *testing.T) {
	f := newFixture(t, nil)
	readOnly := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "ro",
		Policy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*"],"Resource":"*"}]}`})
	noModify := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "nm",
		Policy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ECS:ModifyInstanceNetworkSpec","Resource":"*"}]}`})
	modify := func(c sts.Credentials) error {
		req := ecs.CreateModifyInstanceNetworkSpecRequest()
		f.target(req.RpcRequest)
		req.InstanceId, req.InternetMaxBandwidthOut = "i-target-postpaid", "6"
		_, err := f.stsECS(c).ModifyInstanceNetworkSpec(req)
		return err
	}
	for _, c := range []sts.Credentials{readOnly, noModify} {
		if _, err := f.describeWith(f.stsECS(c), "i-target-postpaid"); err != nil {
			t.Errorf("DescribeInstances allowed by the policy: %v", err)
		}
		wantAPIError(t, modify(c), "Forbidden.RAM", 403)
	}
	if n := len(f.stateInstance("i-target-postpaid").PendingChanges); n != 0 {
		t.Fatalf("a refused change left %d pending changes", n)
	}

	b, err := bssopenapi.NewClientWithStsToken("cn-hangzhou", readOnly.AccessKeyId, readOnly.AccessKeySecret, readOnly.SecurityToken)
	if err != nil {
		t.Fatal(err)
	}
	order := bssopenapi.CreateGetOrderDetailRequest()
	f.target(order.RpcRequest)
	order.OrderId = "1"
	_, err = b.GetOrderDetail(order)
	wantAPIError(t, err, "Forbidden.RAM", 403)

	_, err = f.assumeRoleAs(readOnly.AccessKeyId, readOnly.AccessKeySecret, readOnly.SecurityToken, assumeRoleRequest{RoleArn: deployerArn, SessionName: "hop"})
	wantAPIError(t, err, "NoPermission", 403)
	req := sts.CreateGetCallerIdentityRequest()
	f.target(req.RpcRequest)
	if _, err := f.sts(readOnly.AccessKeyId, readOnly.AccessKeySecret, readOnly.SecurityToken).GetCallerIdentity(req); err != nil {
		t.Errorf("GetCallerIdentity needs no permission: %v", err)
	}
	if err := modify(f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "full"})); err != nil {
		t.Errorf("a session without a policy may change the instance: %v", err)
	}
}
