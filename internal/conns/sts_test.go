package conns

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
)

// fakeSTS answers AssumeRole and AssumeRoleWithOIDC with numbered
// temporary credentials valid for lifetime, by the Date it sends.
type fakeSTS struct {
	mu       sync.Mutex
	calls    []url.Values
	lifetime time.Duration
	refuse   string // an error code to answer instead
	date     time.Time
}

func (f *fakeSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	f.calls = append(f.calls, r.Form)
	n, refuse, date := len(f.calls), f.refuse, f.date
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Date", date.UTC().Format(http.TimeFormat))
	if refuse != "" {
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(map[string]string{"Code": refuse, "Message": "refused by the test", "RequestId": "r"})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"RequestId": "r",
		"Credentials": map[string]string{
			"AccessKeyId":     fmt.Sprintf("STS.key-%d", n),
			"AccessKeySecret": "secret",
			"SecurityToken":   fmt.Sprintf("token-%d", n),
			"Expiration":      date.Add(f.lifetime).UTC().Format(time.RFC3339),
		},
	})
}

func (f *fakeSTS) Calls() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls...)
}

func newSTSClient(t *testing.T, f *fakeSTS, clock *clocktest.Fake, source credentials.CredentialsProvider, roles ...Role) *Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := New(Config{
		Region: "cn-hangzhou", Credentials: source, Roles: roles, Scheme: SchemeHTTP,
		STSEndpoint: strings.TrimPrefix(srv.URL, "http://"), Clock: clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAssumeRole(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &fakeSTS{lifetime: 900 * time.Second, date: start}
	clock := clocktest.NewStill(start)
	c := newSTSClient(t, f, clock, credentials.NewStaticAKCredentialsProvider("ak-a", "secret-a"), Role{
		RoleArn: "acs:ram::2:role/deployer", SessionName: "terraform", ExternalID: "ext-1", Policy: `{"Version":"1"}`,
		Duration: 900 * time.Second, Source: "assume_role",
	})

	cc, err := c.Credentials().GetCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if cc.AccessKeyId != "STS.key-1" || cc.SecurityToken != "token-1" {
		t.Fatalf("credentials = %s / %s, want the assumed ones", cc.AccessKeyId, cc.SecurityToken)
	}
	calls := f.Calls()
	if len(calls) != 1 {
		t.Fatalf("%d STS calls, want 1", len(calls))
	}
	for k, want := range map[string]string{
		"Action": "AssumeRole", "Version": "2015-04-01", "AccessKeyId": "ak-a", "RoleArn": "acs:ram::2:role/deployer",
		"RoleSessionName": "terraform", "ExternalId": "ext-1", "Policy": `{"Version":"1"}`, "DurationSeconds": "900",
	} {
		if got := calls[0].Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}

	// Renewed a quarter of the lifetime before it ends, not before.
	clock.Advance(600 * time.Second)
	if cc, _ := c.Credentials().GetCredentials(); cc.AccessKeyId != "STS.key-1" || len(f.Calls()) != 1 {
		t.Fatalf("renewed too early: %s after %d calls", cc.AccessKeyId, len(f.Calls()))
	}
	clock.Advance(80 * time.Second)
	if cc, _ := c.Credentials().GetCredentials(); cc.AccessKeyId != "STS.key-2" || len(f.Calls()) != 2 {
		t.Fatalf("not renewed before expiry: %s after %d calls", cc.AccessKeyId, len(f.Calls()))
	}

	// A failed renewal keeps credentials that are still valid, and fails
	// once they have expired.
	f.mu.Lock()
	f.refuse = "ServiceUnavailable"
	f.mu.Unlock()
	clock.Advance(700 * time.Second)
	if cc, err := c.Credentials().GetCredentials(); err != nil || cc.AccessKeyId != "STS.key-2" {
		t.Fatalf("valid credentials dropped on a failed renewal: %v, %v", cc, err)
	}
	clock.Advance(300 * time.Second)
	if _, err := c.Credentials().GetCredentials(); err == nil {
		t.Fatal("expired credentials were kept")
	}
}

// The lifetime counts from STS's Date, so a local clock an hour behind
// neither keeps credentials past their expiry nor renews at every call.
func TestAssumeRoleLifetimeByServerDate(t *testing.T) {
	server := time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC)
	f := &fakeSTS{lifetime: time.Hour, date: server}
	clock := clocktest.NewStill(server.Add(-time.Hour))
	c := newSTSClient(t, f, clock, credentials.NewStaticAKCredentialsProvider("ak", "sk"), Role{RoleArn: "acs:ram::2:role/r"})
	for range 3 {
		if _, err := c.Credentials().GetCredentials(); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(50 * time.Minute)
	_, _ = c.Credentials().GetCredentials()
	if n := len(f.Calls()); n != 1 {
		t.Fatalf("%d STS calls within the session, want 1", n)
	}
	clock.Advance(6 * time.Minute)
	_, _ = c.Credentials().GetCredentials()
	if n := len(f.Calls()); n != 2 {
		t.Fatalf("%d STS calls 4 minutes before expiry, want 2", n)
	}
}

func TestAssumeRoleRefused(t *testing.T) {
	f := &fakeSTS{lifetime: time.Hour, date: time.Now(), refuse: "NoPermission"}
	clock := clocktest.NewStill(time.Now())
	c := newSTSClient(t, f, clock, credentials.NewStaticAKCredentialsProvider("ak", "sk"),
		Role{RoleArn: "acs:ram::2:role/other", Source: "the test"})
	_, err := c.Credentials().GetCredentials()
	var roleErr *RoleError
	if !errors.As(err, &roleErr) || roleErr.Index != 0 || roleErr.Role.RoleArn != "acs:ram::2:role/other" {
		t.Fatalf("err = %v, want a RoleError for the role", err)
	}
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) || se.ErrorCode() != "NoPermission" || se.HttpStatus() != http.StatusForbidden {
		t.Fatalf("err = %v, want the API's NoPermission", err)
	}
	if !strings.Contains(err.Error(), "the test") {
		t.Errorf("error %q does not name where the role was configured", err)
	}
}

func TestAssumeRoleWithOIDCThenAssumeRole(t *testing.T) {
	now := time.Now()
	f := &fakeSTS{lifetime: time.Hour, date: now}
	clock := clocktest.NewStill(now)
	tokens := 0
	c := newSTSClient(t, f, clock, nil,
		Role{OIDCProviderArn: "acs:ram::2:oidc-provider/ack", RoleArn: "acs:ram::2:role/pod", SessionName: "terraform",
			OIDCToken: func() (string, error) { tokens++; return "jwt", nil }},
		Role{RoleArn: "acs:ram::3:role/deployer", SessionName: "terraform"},
	)
	cc, err := c.Credentials().GetCredentials()
	if err != nil {
		t.Fatal(err)
	}
	calls := f.Calls()
	if len(calls) != 2 || tokens != 1 {
		t.Fatalf("%d STS calls, %d token reads; want 2 and 1", len(calls), tokens)
	}
	oidc, assume := calls[0], calls[1]
	if oidc.Get("Action") != "AssumeRoleWithOIDC" || oidc.Get("OIDCToken") != "jwt" || oidc.Get("AccessKeyId") != "" ||
		oidc.Get("OIDCProviderArn") != "acs:ram::2:oidc-provider/ack" {
		t.Errorf("OIDC call = %v", oidc)
	}
	if assume.Get("Action") != "AssumeRole" || assume.Get("AccessKeyId") != "STS.key-1" || assume.Get("SecurityToken") != "token-1" {
		t.Errorf("AssumeRole call is not signed with the OIDC session: %v", assume)
	}
	if cc.AccessKeyId != "STS.key-2" {
		t.Errorf("credentials = %s, want the last role's", cc.AccessKeyId)
	}
}

func TestAssumeRoleSharedByConcurrentRequests(t *testing.T) {
	now := time.Now()
	f := &fakeSTS{lifetime: time.Hour, date: now}
	c := newSTSClient(t, f, clocktest.NewStill(now), credentials.NewStaticAKCredentialsProvider("ak", "sk"), Role{RoleArn: "acs:ram::2:role/r"})
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Credentials().GetCredentials(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := len(f.Calls()); n != 1 {
		t.Fatalf("%d STS calls for 16 concurrent requests, want 1", n)
	}
}

// TestExpireSession: a session the API refused as expired is assumed
// again, the roles of a chain with it; a refusal of credentials already
// renewed since does not renew them again; without a role there is
// nothing to renew.
func TestExpireSession(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &fakeSTS{lifetime: time.Hour, date: start}
	c := newSTSClient(t, f, clocktest.NewStill(start), credentials.NewStaticAKCredentialsProvider("ak-a", "secret-a"),
		Role{RoleArn: "acs:ram::2:role/hop", SessionName: "terraform"},
		Role{RoleArn: "acs:ram::3:role/deployer", SessionName: "terraform"})
	key := func() string {
		t.Helper()
		cc, err := c.Credentials().GetCredentials()
		if err != nil {
			t.Fatal(err)
		}
		return cc.AccessKeyId
	}
	if got := key(); got != "STS.key-2" {
		t.Fatalf("credentials %s, want the second role's", got)
	}
	refused := c.SessionGeneration()
	if !c.ExpireSession(refused) {
		t.Fatal("ExpireSession = false with roles assumed")
	}
	if got := key(); got != "STS.key-4" || len(f.Calls()) != 4 {
		t.Fatalf("credentials %s after %d STS calls, want both roles assumed again (STS.key-4 after 4)", got, len(f.Calls()))
	}
	// A second call refused with the first session finds it renewed.
	c.ExpireSession(refused)
	if got := key(); got != "STS.key-4" || len(f.Calls()) != 4 {
		t.Fatalf("credentials %s after %d STS calls, want the renewed ones kept", got, len(f.Calls()))
	}

	static, err := New(Config{Region: "cn-hangzhou", Credentials: credentials.NewStaticSTSCredentialsProvider("STS.a", "s", "tok")})
	if err != nil {
		t.Fatal(err)
	}
	if static.ExpireSession(static.SessionGeneration()) {
		t.Fatal("ExpireSession = true for a static token, which nothing can renew")
	}
}
