package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestResolveSettings(t *testing.T) {
	null := types.StringNull()
	base := func() providerModel {
		return providerModel{Region: null, AccessKey: null, SecretKey: null, SecurityToken: null, Profile: null,
			SharedCredentialsFile: null, Protocol: null}
	}
	with := func(f func(*providerModel)) providerModel { m := base(); f(&m); return m }

	tests := []struct {
		name      string
		model     providerModel
		env       map[string]string
		want      settings
		wantErrAt string
	}{
		{
			name:  "defaults",
			model: base(),
			want:  settings{Protocol: "HTTPS"},
		},
		{
			name: "configuration wins over the environment",
			model: with(func(m *providerModel) {
				m.Region, m.AccessKey, m.SecretKey = types.StringValue("cn-beijing"), types.StringValue("ak"), types.StringValue("sk")
				m.Protocol = types.StringValue("HTTP")
				m.Endpoints = &endpointsModel{ECS: types.StringValue("127.0.0.1:1"), BSS: null}
			}),
			env: map[string]string{"ALICLOUD_REGION": "cn-shanghai", "ALICLOUD_ACCESS_KEY": "env-ak", "ALICLOUD_SECRET_KEY": "env-sk",
				"ALIBABA_CLOUD_ENDPOINT_ECS": "env-ecs", "ALIBABA_CLOUD_ENDPOINT_BSS": "env-bss"},
			want: settings{Region: "cn-beijing", AccessKey: "ak", SecretKey: "sk", Protocol: "HTTP",
				ECSEndpoint: "127.0.0.1:1", BSSEndpoint: "env-bss"},
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
				SharedCredentialsFile: "/c.json", Protocol: "HTTPS"},
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
				if !ok || !d.Path().Equal(path.Root(tt.wantErrAt)) {
					t.Fatalf("error %q not on %s", diags.Errors()[0].Summary(), tt.wantErrAt)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			if got != tt.want {
				t.Fatalf("settings = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
