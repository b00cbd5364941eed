package ecsmock

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

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
