package ecsmock

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAccountIdDerivedWhenAbsent(t *testing.T) {
	load := func() World {
		t.Helper()
		var w World
		if err := json.Unmarshal([]byte(designSeed), &w); err != nil {
			t.Fatal(err)
		}
		if err := w.normalize(); err != nil {
			t.Fatalf("normalize: %v", err)
		}
		return w
	}
	id := load().Accounts[0].AccountId
	if !isAccountID(id) {
		t.Fatalf("derived AccountId %q is not 16 digits", id)
	}
	if again := load().Accounts[0].AccountId; again != id {
		t.Errorf("derived AccountId changed between loads: %s, then %s", id, again)
	}
	if other := deriveAccountID("mock-access-key-2"); other == id {
		t.Errorf("two keys derive the same AccountId %s", id)
	}
}

func TestInvalidRAMWorlds(t *testing.T) {
	for _, tc := range []struct {
		name, account, want string
	}{
		{"short AccountId", `"AccountId":"12345"`, "not 16 digits"},
		{"key reserved for STS", `"AccessKeyId":"STS.mine"`, "reserved"},
		{"bad role name", `"Roles":[{"RoleName":"my role"}]`, "RoleName"},
		{"duplicate role, other case", `"Roles":[{"RoleName":"Deployer"},{"RoleName":"deployer"}]`, "twice"},
		{"session too long", `"Roles":[{"RoleName":"r","MaxSessionDuration":50000}]`, "MaxSessionDuration"},
		{"session too short", `"Roles":[{"RoleName":"r","MaxSessionDuration":900}]`, "MaxSessionDuration"},
		{"bad trusted account", `"Roles":[{"RoleName":"r","TrustedAccountIds":["me"]}]`, "TrustedAccountIds"},
		{"bad trusted provider", `"Roles":[{"RoleName":"r","TrustedOIDCProviders":["ack"]}]`, "TrustedOIDCProviders"},
		{"provider without name", `"OIDCProviders":[{"IssuerUrl":"https://x","ClientIds":["a"]}]`, "OIDCProviderName"},
		{"provider over http", `"OIDCProviders":[{"OIDCProviderName":"p","IssuerUrl":"http://x","ClientIds":["a"]}]`, "https://"},
		{"provider without audience", `"OIDCProviders":[{"OIDCProviderName":"p","IssuerUrl":"https://x"}]`, "ClientIds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"Accounts":[{"AccessKeyId":"k","AccessKeySecret":"s",` + tc.account + `}]}`
			if strings.Contains(tc.account, `"AccessKeyId"`) {
				doc = `{"Accounts":[{"AccessKeySecret":"s",` + tc.account + `}]}`
			}
			var w World
			if err := json.Unmarshal([]byte(doc), &w); err != nil {
				t.Fatal(err)
			}
			if err := w.normalize(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("normalize = %v, want an error mentioning %q", err, tc.want)
			}
		})
	}

	dup := DefaultWorld()
	dup.Accounts[1].AccountId = dup.Accounts[0].AccountId
	if err := dup.normalize(); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Errorf("two accounts with one AccountId: normalize = %v", err)
	}
}

// TestRAMWorldRoundTrips keeps the world format a contract: roles and
// providers come back from the admin API as the seed gave them.
func TestRAMWorldRoundTrips(t *testing.T) {
	f := newFixture(t, nil)
	var got World
	if code := f.admin("GET", "/_mock/state", "", &got); code != 200 {
		t.Fatalf("GET state: %d", code)
	}
	target := got.Accounts[len(got.Accounts)-1]
	b, err := json.Marshal(target.Roles[1])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"RoleName":"partner","TrustedAccountIds":["1000000000000001"],"ExternalId":"mock-external-id","MaxSessionDuration":3600}`; string(b) != want {
		t.Errorf("role JSON = %s, want %s", b, want)
	}
	if target.AccountId != "1000000000000005" || target.OIDCProviders[0].IssuerUrl != DefaultOIDCIssuer {
		t.Errorf("target account = %+v", target)
	}
}
