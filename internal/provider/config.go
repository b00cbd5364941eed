package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// providerModel is the provider block.
type providerModel struct {
	Region                types.String    `tfsdk:"region"`
	AccessKey             types.String    `tfsdk:"access_key"`
	SecretKey             types.String    `tfsdk:"secret_key"`
	SecurityToken         types.String    `tfsdk:"security_token"`
	Profile               types.String    `tfsdk:"profile"`
	SharedCredentialsFile types.String    `tfsdk:"shared_credentials_file"`
	Protocol              types.String    `tfsdk:"protocol"`
	Endpoints             *endpointsModel `tfsdk:"endpoints"`
}

type endpointsModel struct {
	ECS types.String `tfsdk:"ecs"`
	BSS types.String `tfsdk:"bss"`
}

// settings is the provider block merged with its environment fallbacks.
type settings struct {
	Region                string
	AccessKey             string
	SecretKey             string
	SecurityToken         string
	Profile               string
	SharedCredentialsFile string
	Protocol              string
	ECSEndpoint           string
	BSSEndpoint           string
}

// Environment variables read when an attribute is not set, first match wins.
// They are the names the aliyun/alicloud provider and the Alibaba Cloud SDKs
// use, so existing set-ups keep working.
var envFallbacks = map[string][]string{
	"region":                  {"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"},
	"access_key":              {"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
	"secret_key":              {"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
	"security_token":          {"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN"},
	"profile":                 {"ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"},
	"shared_credentials_file": {"ALICLOUD_SHARED_CREDENTIALS_FILE"},
	"endpoints.ecs":           {"ALIBABA_CLOUD_ENDPOINT_ECS"},
	"endpoints.bss":           {"ALIBABA_CLOUD_ENDPOINT_BSS"},
}

// resolveSettings merges the configuration with the environment read
// through getenv. Errors name the attribute at fault; region and the
// credentials chain are checked later, once a profile may have supplied them.
func resolveSettings(m providerModel, getenv func(string) string) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	pick := func(v types.String, attr string, p path.Path) string {
		if v.IsUnknown() {
			diags.AddAttributeError(p, "Unknown provider setting",
				fmt.Sprintf("The provider cannot be configured because %s is not known until apply. "+
					"Set it to a value known at plan time, or leave it out and use the environment.", attr))
			return ""
		}
		if s := strings.TrimSpace(v.ValueString()); s != "" {
			return s
		}
		for _, name := range envFallbacks[attr] {
			if s := strings.TrimSpace(getenv(name)); s != "" {
				return s
			}
		}
		return ""
	}

	endpoints := endpointsModel{ECS: types.StringNull(), BSS: types.StringNull()}
	if m.Endpoints != nil {
		endpoints = *m.Endpoints
	}
	s := settings{
		Region:                pick(m.Region, "region", path.Root("region")),
		AccessKey:             pick(m.AccessKey, "access_key", path.Root("access_key")),
		SecretKey:             pick(m.SecretKey, "secret_key", path.Root("secret_key")),
		SecurityToken:         pick(m.SecurityToken, "security_token", path.Root("security_token")),
		Profile:               pick(m.Profile, "profile", path.Root("profile")),
		SharedCredentialsFile: pick(m.SharedCredentialsFile, "shared_credentials_file", path.Root("shared_credentials_file")),
		Protocol:              pick(m.Protocol, "protocol", path.Root("protocol")),
		ECSEndpoint:           pick(endpoints.ECS, "endpoints.ecs", path.Root("endpoints").AtName("ecs")),
		BSSEndpoint:           pick(endpoints.BSS, "endpoints.bss", path.Root("endpoints").AtName("bss")),
	}
	if s.Protocol == "" {
		s.Protocol = "HTTPS"
	}

	switch {
	case s.AccessKey != "" && s.SecretKey == "":
		diags.AddAttributeError(path.Root("secret_key"), "Missing secret key",
			"An access key is set but its secret key is not. Set secret_key in the provider block, "+
				"or ALICLOUD_SECRET_KEY / ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment.")
	case s.SecretKey != "" && s.AccessKey == "":
		diags.AddAttributeError(path.Root("access_key"), "Missing access key",
			"A secret key is set but its access key is not. Set access_key in the provider block, "+
				"or ALICLOUD_ACCESS_KEY / ALIBABA_CLOUD_ACCESS_KEY_ID in the environment.")
	case s.SecurityToken != "" && s.AccessKey == "":
		diags.AddAttributeError(path.Root("access_key"), "Missing access key",
			"A security token is set without the temporary access key and secret it belongs to. "+
				"Set access_key and secret_key to the STS credentials issued with the token.")
	}
	return s, diags
}

// missingRegion is the error for a region found nowhere.
func missingRegion() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("region"), "Missing region",
		"The provider needs the region the instances live in (for example cn-hangzhou). "+
			"Set region in the provider block, or ALICLOUD_REGION / ALIBABA_CLOUD_REGION in the environment, "+
			"or a region_id in the credentials profile used.")
}
