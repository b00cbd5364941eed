package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

const cliConfigJSON = `{
  "current": "main",
  "profiles": [
    {"name": "main", "mode": "AK", "access_key_id": "ak-main", "access_key_secret": "secret-main", "region_id": "cn-hangzhou"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "ak-sts", "access_key_secret": "secret-sts", "sts_token": "token-sts"},
    {"name": "nokeys", "mode": "AK"},
    {"name": "role", "mode": "RamRoleArn", "access_key_id": "ak-role", "access_key_secret": "secret-role",
     "ram_role_arn": "acs:ram::2:role/deployer", "external_id": "ext-1", "policy": "{}", "expired_seconds": 900},
    {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role", "ram_role_arn": "acs:ram::3:role/next", "ram_session_name": "ci"},
    {"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop", "ram_role_arn": "acs:ram::3:role/next"},
    {"name": "oidc", "mode": "OIDC", "oidc_provider_arn": "acs:ram::2:oidc-provider/ack", "oidc_token_file": "/t", "ram_role_arn": "acs:ram::2:role/pod"},
    {"name": "uri", "mode": "CredentialsURI", "credentials_uri": "http://127.0.0.1:1/creds"},
    {"name": "sso", "mode": "CloudSSO"}
  ]
}`

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNewCredentialChain(t *testing.T) {
	file := writeFile(t, cliConfigJSON)
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aliyun", "config.json"), []byte(cliConfigJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	oidcBlock := &oidcSettings{ProviderArn: "acs:ram::2:oidc-provider/ack", RoleArn: "acs:ram::2:role/pod", Token: "tok", SessionName: "terraform", FromBlock: true}
	oidcEnv := &oidcSettings{ProviderArn: "acs:ram::2:oidc-provider/ack", RoleArn: "acs:ram::2:role/pod", TokenFile: "/t", SessionName: "terraform"}
	deployer := &roleSettings{RoleArn: "acs:ram::2:role/deployer", SessionName: "terraform", ExternalID: "e"}
	envOrigin := map[string]string{"access_key": "ALICLOUD_ACCESS_KEY", "assume_role.role_arn": "ALICLOUD_ASSUME_ROLE_ARN"}

	tests := []struct {
		name       string
		settings   settings
		home       string
		wantKind   string // contained in the chain's description
		wantKeyID  string // the source's access key, when it is static
		wantToken  string
		wantRegion string
		wantRoles  []conns.Role // compared on RoleArn, ExternalID, Policy, Duration, SessionName, OIDCProviderArn
		wantWarn   string
		wantErrAt  path.Path
		wantErr    string
	}{
		{name: "static keys", settings: settings{AccessKey: "ak", SecretKey: "sk"}, wantKind: "static access key (the provider block)", wantKeyID: "ak"},
		{name: "static STS", settings: settings{AccessKey: "ak", SecretKey: "sk", SecurityToken: "tok"}, wantKind: "static STS token", wantKeyID: "ak", wantToken: "tok"},
		{
			name:     "keys win over a profile, which gets a warning",
			settings: settings{AccessKey: "ak", SecretKey: "sk", Profile: "sts", SharedCredentialsFile: file},
			wantKind: "static access key", wantKeyID: "ak", wantWarn: "uses access_key (the provider block), the first in its order, and ignores profile",
		},
		{name: "current profile of a file", settings: settings{SharedCredentialsFile: file}, wantKind: `profile "main"`, wantKeyID: "ak-main", wantRegion: "cn-hangzhou"},
		{name: "named STS profile", settings: settings{Profile: "sts", SharedCredentialsFile: file}, wantKind: `profile "sts"`, wantKeyID: "ak-sts", wantToken: "token-sts"},
		{name: "profile in the default file", settings: settings{Profile: "main"}, home: home, wantKind: `profile "main"`, wantKeyID: "ak-main", wantRegion: "cn-hangzhou"},
		{name: "current profile of the default file when nothing else is set", settings: settings{}, home: home, wantKind: `profile "main"`, wantKeyID: "ak-main", wantRegion: "cn-hangzhou"},
		{
			name: "RamRoleArn profile", settings: settings{Profile: "role", SharedCredentialsFile: file},
			wantKind: `profile "role" (RamRoleArn)`, wantKeyID: "ak-role",
			wantRoles: []conns.Role{{RoleArn: "acs:ram::2:role/deployer", ExternalID: "ext-1", Policy: "{}", Duration: 900 * time.Second, SessionName: "terraform"}},
		},
		{
			name: "ChainableRamRoleArn assumes its role with its source profile's", settings: settings{Profile: "chained", SharedCredentialsFile: file},
			wantKeyID: "ak-role",
			wantRoles: []conns.Role{
				{RoleArn: "acs:ram::2:role/deployer", ExternalID: "ext-1", Policy: "{}", Duration: 900 * time.Second, SessionName: "terraform"},
				{RoleArn: "acs:ram::3:role/next", SessionName: "ci"},
			},
		},
		{name: "a source_profile cycle", settings: settings{Profile: "loop", SharedCredentialsFile: file}, wantErrAt: path.Root("profile"), wantErr: "a cycle?"},
		{
			name: "OIDC profile", settings: settings{Profile: "oidc", SharedCredentialsFile: file},
			wantRoles: []conns.Role{{RoleArn: "acs:ram::2:role/pod", OIDCProviderArn: "acs:ram::2:oidc-provider/ack", SessionName: "terraform"}},
		},
		{name: "CredentialsURI profile", settings: settings{Profile: "uri", SharedCredentialsFile: file}, wantKind: `profile "uri" (CredentialsURI)`},
		{name: "unknown profile", settings: settings{Profile: "nope", SharedCredentialsFile: file}, wantErrAt: path.Root("profile"), wantErr: `profile "nope" is not in`},
		{name: "profile without keys", settings: settings{Profile: "nokeys", SharedCredentialsFile: file}, wantErrAt: path.Root("profile"), wantErr: "no access_key_id"},
		{
			name: "unsupported mode", settings: settings{Profile: "sso", SharedCredentialsFile: file}, wantErrAt: path.Root("profile"),
			wantErr: `mode "CloudSSO"; this provider supports AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC and CredentialsURI`,
		},
		{name: "missing file", settings: settings{SharedCredentialsFile: filepath.Join(home, "none.json")}, wantErrAt: path.Root("shared_credentials_file"), wantErr: "reading the credentials file"},
		{name: "not JSON", settings: settings{SharedCredentialsFile: writeFile(t, "[profile]")}, wantErrAt: path.Root("shared_credentials_file"), wantErr: "not an Alibaba Cloud CLI configuration"},
		{name: "instance role", settings: settings{ECSRoleName: "tf-runner", from: map[string]string{"ecs_role_name": "ALICLOUD_ECS_ROLE_NAME"}}, wantKind: `ECS instance RAM role "tf-runner" (ALICLOUD_ECS_ROLE_NAME)`},
		{name: "credentials URI", settings: settings{CredentialsURI: "http://127.0.0.1:1/"}, wantKind: "credentials URI (the provider block)"},
		{
			name: "assume_role on top of keys from the environment", settings: settings{AccessKey: "ak", SecretKey: "sk", AssumeRole: deployer, from: envOrigin},
			wantKind:  "static access key (ALICLOUD_ACCESS_KEY), then role acs:ram::2:role/deployer assumed with AssumeRole (assume_role, role_arn from ALICLOUD_ASSUME_ROLE_ARN)",
			wantKeyID: "ak", wantRoles: []conns.Role{{RoleArn: "acs:ram::2:role/deployer", ExternalID: "e", SessionName: "terraform"}},
		},
		{
			name: "an assume_role_with_oidc block wins over keys", settings: settings{AccessKey: "ak", SecretKey: "sk", OIDC: oidcBlock},
			wantKind: "AssumeRoleWithOIDC (assume_role_with_oidc)", wantWarn: "ignores access_key",
			wantRoles: []conns.Role{{RoleArn: "acs:ram::2:role/pod", OIDCProviderArn: "acs:ram::2:oidc-provider/ack", SessionName: "terraform"}},
		},
		{
			name: "OIDC from the environment comes after keys", settings: settings{AccessKey: "ak", SecretKey: "sk", OIDC: oidcEnv},
			wantKind: "static access key", wantKeyID: "ak", wantWarn: "ignores ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
		},
		{
			name: "OIDC from the environment, then assume_role", settings: settings{OIDC: oidcEnv, AssumeRole: deployer},
			wantRoles: []conns.Role{
				{RoleArn: "acs:ram::2:role/pod", OIDCProviderArn: "acs:ram::2:oidc-provider/ack", SessionName: "terraform"},
				{RoleArn: "acs:ram::2:role/deployer", ExternalID: "e", SessionName: "terraform"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.home
			if h == "" {
				h = t.TempDir()
			}
			c, diags := newCredentialChain(tt.settings, h, func(string) string { return "" })
			if tt.wantErr != "" {
				if len(diags.Errors()) != 1 {
					t.Fatalf("errors = %v, want one on %s", diags, tt.wantErrAt)
				}
				d := diags.Errors()[0]
				if p, ok := d.(interface{ Path() path.Path }); !ok || !p.Path().Equal(tt.wantErrAt) {
					t.Errorf("error not on %s", tt.wantErrAt)
				}
				if !strings.Contains(d.Detail(), tt.wantErr) {
					t.Errorf("detail = %q, want %q", d.Detail(), tt.wantErr)
				}
				if strings.Contains(d.Detail(), "secret-") {
					t.Errorf("detail shows a secret: %q", d.Detail())
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			if tt.wantWarn != "" && (len(diags.Warnings()) != 1 || !strings.Contains(diags.Warnings()[0].Detail(), tt.wantWarn)) {
				t.Errorf("warnings = %v, want one saying %q", diags.Warnings(), tt.wantWarn)
			}
			if tt.wantWarn == "" && len(diags) > 0 {
				t.Errorf("unexpected warnings: %v", diags)
			}
			if !strings.Contains(c.Kind(), tt.wantKind) {
				t.Errorf("kind = %q, want %q", c.Kind(), tt.wantKind)
			}
			if strings.Contains(c.Kind(), "secret-") || strings.Contains(c.Kind(), "token-sts") {
				t.Errorf("kind shows a secret: %q", c.Kind())
			}
			if c.Region != tt.wantRegion {
				t.Errorf("region = %q, want %q", c.Region, tt.wantRegion)
			}
			if len(c.Roles) != len(tt.wantRoles) {
				t.Fatalf("roles = %+v, want %+v", c.Roles, tt.wantRoles)
			}
			for i, r := range c.Roles {
				w := tt.wantRoles[i]
				if r.RoleArn != w.RoleArn || r.ExternalID != w.ExternalID || r.Policy != w.Policy || r.Duration != w.Duration ||
					r.SessionName != w.SessionName || r.OIDCProviderArn != w.OIDCProviderArn {
					t.Errorf("role %d = %+v, want %+v", i, r, w)
				}
				if (r.OIDCProviderArn != "") != (r.OIDCToken != nil) {
					t.Errorf("role %d: an OIDC role needs a token reader, another none", i)
				}
			}
			if tt.wantKeyID == "" {
				return
			}
			cc, err := c.Source.GetCredentials()
			if err != nil {
				t.Fatal(err)
			}
			if cc.AccessKeyId != tt.wantKeyID || cc.SecurityToken != tt.wantToken {
				t.Errorf("credentials = %s / token set %v, want %s / %v", cc.AccessKeyId, cc.SecurityToken != "", tt.wantKeyID, tt.wantToken != "")
			}
		})
	}
}

func TestOIDCTokenFileIsReadAtEveryRenewal(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	read := tokenReader("", file)
	if _, err := read(); err == nil || !strings.Contains(err.Error(), "reading the OIDC token file") {
		t.Fatalf("missing file: err = %v", err)
	}
	for _, want := range []string{"first", "rotated"} {
		if err := os.WriteFile(file, []byte(want+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := read(); err != nil || got != want {
			t.Fatalf("token = %q, %v; want %q", got, err, want)
		}
	}
}

func TestCheckCredentials(t *testing.T) {
	c, _ := newCredentialChain(settings{AccessKey: "ak", SecretKey: "sk"}, "", func(string) string { return "" })
	if diags := checkCredentials(c, c.Source); diags.HasError() {
		t.Fatalf("static keys: %v", diags)
	}

	// Nothing to find: no keys, no CLI configuration, no instance metadata.
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA", "")
	_, diags := newCredentialChain(settings{}, t.TempDir(), func(string) string { return "" })
	if len(diags.Errors()) != 1 {
		t.Fatalf("errors = %v, want one", diags)
	}
	d := diags.Errors()[0]
	if d.Summary() != "Missing credentials" {
		t.Errorf("summary = %q", d.Summary())
	}
	if !strings.Contains(d.Detail(), "ALICLOUD_ACCESS_KEY") {
		t.Errorf("detail does not say how to set keys: %q", d.Detail())
	}
}
