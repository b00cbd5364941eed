package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
)

const cliConfigJSON = `{
  "current": "main",
  "profiles": [
    {"name": "main", "mode": "AK", "access_key_id": "ak-main", "access_key_secret": "secret-main", "region_id": "cn-hangzhou"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "ak-sts", "access_key_secret": "secret-sts", "sts_token": "token-sts"},
    {"name": "nokeys", "mode": "AK"},
    {"name": "chained", "mode": "ChainableRamRoleArn"}
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

func TestNewCredentialSource(t *testing.T) {
	file := writeFile(t, cliConfigJSON)
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aliyun", "config.json"), []byte(cliConfigJSON), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name       string
		settings   settings
		home       string
		wantKind   string
		wantKeyID  string
		wantToken  string
		wantRegion string
		wantErrAt  string
		wantErr    string
	}{
		{name: "static keys", settings: settings{AccessKey: "ak", SecretKey: "sk"}, wantKind: "static access key", wantKeyID: "ak"},
		{name: "static STS", settings: settings{AccessKey: "ak", SecretKey: "sk", SecurityToken: "tok"}, wantKind: "static STS token", wantKeyID: "ak", wantToken: "tok"},
		{name: "keys win over a profile", settings: settings{AccessKey: "ak", SecretKey: "sk", Profile: "sts", SharedCredentialsFile: file}, wantKind: "static access key", wantKeyID: "ak"},
		{name: "current profile of a file", settings: settings{SharedCredentialsFile: file}, wantKind: `profile "main"`, wantKeyID: "ak-main", wantRegion: "cn-hangzhou"},
		{name: "named STS profile", settings: settings{Profile: "sts", SharedCredentialsFile: file}, wantKind: `profile "sts"`, wantKeyID: "ak-sts", wantToken: "token-sts"},
		{name: "profile in the default file", settings: settings{Profile: "main"}, home: home, wantKind: `profile "main"`, wantKeyID: "ak-main", wantRegion: "cn-hangzhou"},
		{name: "unknown profile", settings: settings{Profile: "nope", SharedCredentialsFile: file}, wantErrAt: "profile", wantErr: `profile "nope" is not in`},
		{name: "profile without keys", settings: settings{Profile: "nokeys", SharedCredentialsFile: file}, wantErrAt: "profile", wantErr: "no access_key_id"},
		{name: "unsupported mode", settings: settings{Profile: "chained", SharedCredentialsFile: file}, wantErrAt: "profile", wantErr: "supports AK, StsToken"},
		{name: "missing file", settings: settings{SharedCredentialsFile: filepath.Join(home, "none.json")}, wantErrAt: "shared_credentials_file", wantErr: "reading the credentials file"},
		{name: "not JSON", settings: settings{SharedCredentialsFile: writeFile(t, "[profile]")}, wantErrAt: "shared_credentials_file", wantErr: "not an Alibaba Cloud CLI configuration"},
		{name: "default chain", settings: settings{}, wantKind: "default credential chain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, diags := newCredentialSource(tt.settings, tt.home)
			if tt.wantErrAt != "" {
				if len(diags.Errors()) != 1 {
					t.Fatalf("errors = %v, want one on %s", diags, tt.wantErrAt)
				}
				d := diags.Errors()[0]
				if p, ok := d.(interface{ Path() path.Path }); !ok || !p.Path().Equal(path.Root(tt.wantErrAt)) {
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
			if !strings.Contains(src.Kind, tt.wantKind) {
				t.Errorf("kind = %q, want %q", src.Kind, tt.wantKind)
			}
			if src.Region != tt.wantRegion {
				t.Errorf("region = %q, want %q", src.Region, tt.wantRegion)
			}
			if tt.wantKeyID == "" {
				return
			}
			cc, err := src.Provider.GetCredentials()
			if err != nil {
				t.Fatal(err)
			}
			if cc.AccessKeyId != tt.wantKeyID || cc.SecurityToken != tt.wantToken {
				t.Errorf("credentials = %s / token set %v, want %s / %v", cc.AccessKeyId, cc.SecurityToken != "", tt.wantKeyID, tt.wantToken != "")
			}
		})
	}
}

func TestCheckCredentials(t *testing.T) {
	src, _ := newCredentialSource(settings{AccessKey: "ak", SecretKey: "sk"}, "")
	if diags := checkCredentials(src); diags.HasError() {
		t.Fatalf("static keys: %v", diags)
	}

	// The default chain with nothing to find: no environment keys, no CLI
	// configuration, no instance metadata.
	t.Setenv("HOME", t.TempDir())
	for _, k := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_CREDENTIALS_FILE",
		"ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_PROFILE"} {
		t.Setenv(k, "")
	}
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	src, _ = newCredentialSource(settings{}, t.TempDir())
	diags := checkCredentials(src)
	if len(diags.Errors()) != 1 {
		t.Fatalf("errors = %v, want one", diags)
	}
	d := diags.Errors()[0]
	if d.Summary() != "Missing credentials" {
		t.Errorf("summary = %q", d.Summary())
	}
	if p, ok := d.(interface{ Path() path.Path }); !ok || !p.Path().Equal(path.Root("access_key")) {
		t.Errorf("error not on access_key")
	}
	if !strings.Contains(d.Detail(), "ALICLOUD_ACCESS_KEY") {
		t.Errorf("detail does not say how to set keys: %q", d.Detail())
	}
}
