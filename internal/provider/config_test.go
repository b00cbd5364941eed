package provider

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestResolveSettings(t *testing.T) {
	null := types.StringNull()
	base := func() providerModel {
		return providerModel{Region: null, AccessKey: null, SecretKey: null, SecurityToken: null, Profile: null,
			SharedCredentialsFile: null, Protocol: null, ECSRoleName: null, CredentialsURI: null, AccountType: null,
			ClientReadTimeout: types.Int64Null(), ClientConnectTimeout: types.Int64Null(), MaxRetryTimeout: types.Int64Null()}
	}
	with := func(f func(*providerModel)) providerModel { m := base(); f(&m); return m }

	tests := []struct {
		name      string
		model     providerModel
		env       map[string]string
		want      settings
		wantErrAt string
		wantWarn  string
	}{
		{
			name:  "defaults",
			model: base(),
			want:  settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com"},
		},
		{
			name: "configuration wins over the environment",
			model: with(func(m *providerModel) {
				m.Region, m.AccessKey, m.SecretKey = types.StringValue("cn-beijing"), types.StringValue("ak"), types.StringValue("sk")
				m.Protocol = types.StringValue("HTTP")
				m.Endpoints = &endpointsModel{ECS: types.StringValue("127.0.0.1:1"), BSS: null, BSSOpenAPI: null, STS: null}
			}),
			env: map[string]string{"ALICLOUD_REGION": "cn-shanghai", "ALICLOUD_ACCESS_KEY": "env-ak", "ALICLOUD_SECRET_KEY": "env-sk",
				"ALIBABA_CLOUD_ENDPOINT_ECS": "env-ecs", "ALIBABA_CLOUD_ENDPOINT_BSS": "env-bss"},
			want: settings{Region: "cn-beijing", AccessKey: "ak", SecretKey: "sk", Protocol: "HTTP",
				ECSEndpoint: "127.0.0.1:1", BSSEndpoint: "env-bss", AccountType: "Domestic"},
		},
		{
			name:  "ALICLOUD names before ALIBABA_CLOUD names",
			model: base(),
			env: map[string]string{
				"ALICLOUD_REGION": "cn-shanghai", "ALIBABA_CLOUD_REGION": "cn-beijing",
				"ALIBABA_CLOUD_ACCESS_KEY_ID": "ak2", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "sk2",
				"ALIBABA_CLOUD_SECURITY_TOKEN": "tok", "ALIBABA_CLOUD_PROFILE": "dev", "ALICLOUD_SHARED_CREDENTIALS_FILE": "/c.json",
			},
			want: settings{Region: "cn-shanghai", AccessKey: "ak2", SecretKey: "sk2", SecurityToken: "tok", Profile: "dev",
				SharedCredentialsFile: "/c.json", Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com"},
		},
		{
			name:  "an international account bills through Singapore",
			model: with(func(m *providerModel) { m.AccountType = types.StringValue("international") }),
			want:  settings{Protocol: "HTTPS", AccountType: "International", BSSEndpoint: "business.ap-southeast-1.aliyuncs.com"},
		},
		{
			name: "endpoints.bss wins over account_type",
			model: with(func(m *providerModel) {
				m.AccountType = types.StringValue("International")
				m.Endpoints = &endpointsModel{ECS: null, BSS: types.StringValue("127.0.0.1:2"), BSSOpenAPI: null, STS: null}
			}),
			want: settings{Protocol: "HTTPS", AccountType: "International", BSSEndpoint: "127.0.0.1:2"},
		},
		{
			name:  "account type from the environment",
			model: base(),
			env:   map[string]string{"ALIBABA_CLOUD_ACCOUNT_TYPE": "International"},
			want:  settings{Protocol: "HTTPS", AccountType: "International", BSSEndpoint: "business.ap-southeast-1.aliyuncs.com"},
		},
		{
			name:      "unknown account type",
			model:     with(func(m *providerModel) { m.AccountType = types.StringValue("Intl") }),
			wantErrAt: "account_type",
		},
		{
			name: "bssopenapi is bss by its official name, and wins over the environment",
			model: with(func(m *providerModel) {
				m.Endpoints = &endpointsModel{ECS: null, BSS: null, BSSOpenAPI: types.StringValue("127.0.0.1:3"), STS: types.StringValue("127.0.0.1:4")}
			}),
			env:  map[string]string{"ALIBABA_CLOUD_ENDPOINT_BSS": "env-bss"},
			want: settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "127.0.0.1:3", STSEndpoint: "127.0.0.1:4"},
		},
		{
			name: "bss and bssopenapi both set",
			model: with(func(m *providerModel) {
				m.Endpoints = &endpointsModel{ECS: null, BSS: types.StringValue("a:1"), BSSOpenAPI: types.StringValue("b:1"), STS: null}
			}),
			wantErrAt: "endpoints.bssopenapi",
		},
		{
			name:  "STS endpoint and timeouts from the environment",
			model: base(),
			env:   map[string]string{"ALIBABA_CLOUD_ENDPOINT_STS": "sts.example.com", "CLIENT_READ_TIMEOUT": "1500", "CLIENT_CONNECT_TIMEOUT": "200"},
			want: settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com", STSEndpoint: "sts.example.com",
				ReadTimeout: 1500 * time.Millisecond, ConnectTimeout: 200 * time.Millisecond},
		},
		{
			name:  "max_retry_timeout from the environment",
			model: base(),
			env:   map[string]string{"MAX_RETRY_TIMEOUT": "90"},
			want:  settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com", MaxRetryTimeout: 90 * time.Second},
		},
		{
			name:  "max_retry_timeout 0 from the environment, the default",
			model: base(),
			env:   map[string]string{"MAX_RETRY_TIMEOUT": "0"},
			want:  settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com"},
		},
		{
			name:      "max_retry_timeout below zero",
			model:     base(),
			env:       map[string]string{"MAX_RETRY_TIMEOUT": "-1"},
			wantErrAt: "max_retry_timeout",
		},
		{
			name:  "max_retry_timeout in the configuration wins over the environment",
			model: with(func(m *providerModel) { m.MaxRetryTimeout = types.Int64Value(5) }),
			env:   map[string]string{"MAX_RETRY_TIMEOUT": "90"},
			want:  settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com", MaxRetryTimeout: 5 * time.Second},
		},
		{
			name:      "a timeout variable that is no number",
			model:     base(),
			env:       map[string]string{"CLIENT_READ_TIMEOUT": "30s"},
			wantErrAt: "client_read_timeout",
		},
		{
			name:  "ALICLOUD_ASSUME_ROLE_ARN assumes a role without a block",
			model: base(),
			env: map[string]string{"ALICLOUD_ASSUME_ROLE_ARN": "acs:ram::2:role/deployer", "ALIBABA_CLOUD_EXTERNAL_ID": "x-1",
				"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "900"},
			want: settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com",
				AssumeRole: &roleSettings{RoleArn: "acs:ram::2:role/deployer", SessionName: "terraform", ExternalID: "x-1", Expiration: 900 * time.Second}},
		},
		{
			name: "the block wins over the environment",
			model: with(func(m *providerModel) {
				m.AssumeRole = &assumeRoleModel{RoleArn: types.StringValue("acs:ram::3:role/a"), SessionName: types.StringValue("me"),
					Policy: null, SessionExpiration: types.Int64Null(), ExternalID: null}
			}),
			env: map[string]string{"ALICLOUD_ASSUME_ROLE_ARN": "acs:ram::2:role/deployer"},
			want: settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com",
				AssumeRole: &roleSettings{RoleArn: "acs:ram::3:role/a", SessionName: "me"}},
		},
		{
			name:  "ALIBABA_CLOUD_ROLE_ARN is the OIDC role when an OIDC provider is set",
			model: base(),
			env: map[string]string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::2:oidc-provider/ack", "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::2:role/pod",
				"ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/var/run/token"},
			want: settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com",
				OIDC: &oidcSettings{ProviderArn: "acs:ram::2:oidc-provider/ack", RoleArn: "acs:ram::2:role/pod", TokenFile: "/var/run/token", SessionName: "terraform"}},
		},
		{
			name:      "an OIDC provider without a token",
			model:     base(),
			env:       map[string]string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::2:oidc-provider/ack", "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::2:role/pod"},
			wantErrAt: "assume_role_with_oidc.oidc_token_file",
		},
		{
			name:      "a session expiration from the environment that STS would refuse",
			model:     base(),
			env:       map[string]string{"ALICLOUD_ASSUME_ROLE_ARN": "acs:ram::2:role/deployer", "ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "60"},
			wantErrAt: "assume_role.session_expiration",
		},
		{
			name:     "a session name without a role is not silently ignored",
			model:    base(),
			env:      map[string]string{"ALICLOUD_ASSUME_ROLE_SESSION_NAME": "me"},
			want:     settings{Protocol: "HTTPS", AccountType: "Domestic", BSSEndpoint: "business.aliyuncs.com"},
			wantWarn: "ALICLOUD_ASSUME_ROLE_SESSION_NAME is set, but no role is assumed",
		},
		{
			name:      "access key without secret",
			model:     with(func(m *providerModel) { m.AccessKey = types.StringValue("ak") }),
			wantErrAt: "secret_key",
		},
		{
			name:      "secret without access key",
			model:     base(),
			env:       map[string]string{"ALICLOUD_SECRET_KEY": "sk"},
			wantErrAt: "access_key",
		},
		{
			name:      "token without keys",
			model:     with(func(m *providerModel) { m.SecurityToken = types.StringValue("tok") }),
			wantErrAt: "access_key",
		},
		{
			name:      "unknown region",
			model:     with(func(m *providerModel) { m.Region = types.StringUnknown() }),
			wantErrAt: "region",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := resolveSettings(tt.model, func(k string) string { return tt.env[k] })
			if tt.wantErrAt != "" {
				if len(diags.Errors()) != 1 {
					t.Fatalf("errors = %v, want one on %s", diags, tt.wantErrAt)
				}
				d, ok := diags.Errors()[0].(interface{ Path() path.Path })
				if !ok || !d.Path().Equal(attrPath(tt.wantErrAt)) {
					t.Fatalf("error %q not on %s", diags.Errors()[0].Summary(), tt.wantErrAt)
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
				t.Errorf("unexpected diagnostics: %v", diags)
			}
			got.from = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("settings = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
