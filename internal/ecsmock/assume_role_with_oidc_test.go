package ecsmock

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

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
