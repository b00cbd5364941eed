package ecsmock

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

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
