package ecsmock

import (
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

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
