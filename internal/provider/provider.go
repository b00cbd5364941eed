// Package provider is the aliyun Terraform provider: its configuration,
// credentials and the client handed to resources.
package provider

import (
	"context"
	"os"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecs"
)

// TypeName is the provider's name in configurations.
const TypeName = "aliyun"

// userAgentName is the product token this provider adds to the User-Agent.
const userAgentName = "terraform-provider-aliyun"

var _ provider.Provider = (*aliyunProvider)(nil)

type aliyunProvider struct {
	version string
}

// New returns the provider factory for the given build version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &aliyunProvider{version: version}
	}
}

func (p *aliyunProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

// endpointPattern is host[:port] with no scheme or path: the scheme is the
// protocol attribute's business.
var endpointPattern = regexp.MustCompile(`^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$`)

func endpointValidators() []validator.String {
	return []validator.String{
		stringvalidator.RegexMatches(endpointPattern,
			"must be host[:port] without a scheme or path (for example ecs.cn-hangzhou.aliyuncs.com or 127.0.0.1:8642); choose HTTP or HTTPS with protocol"),
	}
}

func (p *aliyunProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The `aliyun` provider manages the public bandwidth of existing Alibaba Cloud ECS instances. " +
			"Every attribute is optional and falls back to the environment variables the `aliyun/alicloud` provider uses. " +
			"Without static keys or a profile, the Alibaba Cloud SDK's default credential chain applies.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				MarkdownDescription: "Region of the instances, for example `cn-hangzhou`. " +
					"Environment: `ALICLOUD_REGION`, `ALIBABA_CLOUD_REGION`; else the profile's `region_id`. Required in the end.",
				Optional: true,
			},
			"access_key": schema.StringAttribute{
				MarkdownDescription: "Access key ID. Environment: `ALICLOUD_ACCESS_KEY`, `ALIBABA_CLOUD_ACCESS_KEY_ID`.",
				Optional:            true,
				Sensitive:           true,
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "Access key secret. Environment: `ALICLOUD_SECRET_KEY`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`.",
				Optional:            true,
				Sensitive:           true,
			},
			"security_token": schema.StringAttribute{
				MarkdownDescription: "STS security token, used with the temporary `access_key` and `secret_key` issued with it. " +
					"Environment: `ALICLOUD_SECURITY_TOKEN`, `ALIBABA_CLOUD_SECURITY_TOKEN`.",
				Optional:  true,
				Sensitive: true,
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "Name of a profile in the Alibaba Cloud CLI configuration (modes `AK`, `StsToken`, " +
					"`RamRoleArn`, `EcsRamRole`). Environment: `ALICLOUD_PROFILE`, `ALIBABA_CLOUD_PROFILE`.",
				Optional: true,
			},
			"shared_credentials_file": schema.StringAttribute{
				MarkdownDescription: "Path of the Alibaba Cloud CLI configuration holding `profile`. " +
					"Default `~/.aliyun/config.json`. Environment: `ALICLOUD_SHARED_CREDENTIALS_FILE`.",
				Optional: true,
			},
			"protocol": schema.StringAttribute{
				MarkdownDescription: "Scheme of API requests: `HTTPS` (default) or `HTTP`. " +
					"`HTTP` is meant for a local simulator such as `ecsmock`: requests go unencrypted, " +
					"so `HTTP` to an endpoint that is not loopback gets a warning.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.OneOf(conns.SchemeHTTPS, conns.SchemeHTTP),
				},
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Custom API endpoints, as `host[:port]`. The simulator is reached this way.",
				Attributes: map[string]schema.Attribute{
					"ecs": schema.StringAttribute{
						MarkdownDescription: "ECS API endpoint. Environment: `ALIBABA_CLOUD_ENDPOINT_ECS`. Default: the region's endpoint.",
						Optional:            true,
						Validators:          endpointValidators(),
					},
					"bss": schema.StringAttribute{
						MarkdownDescription: "BSS (billing, orders) API endpoint. Environment: `ALIBABA_CLOUD_ENDPOINT_BSS`. Default: the region's endpoint.",
						Optional:            true,
						Validators:          endpointValidators(),
					},
				},
			},
		},
	}
}

func (p *aliyunProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	s, diags := resolveSettings(m, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plainHTTPWarnings(s)...)
	resp.Diagnostics.Append(sdkDebugWarning(os.Getenv)...)

	home, _ := os.UserHomeDir()
	src, diags := newCredentialSource(s, home)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if s.Region == "" {
		s.Region = src.Region
	}
	if s.Region == "" {
		resp.Diagnostics.Append(missingRegion())
		return
	}
	resp.Diagnostics.Append(checkCredentials(src)...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := conns.New(conns.Config{
		Region:      s.Region,
		Credentials: src.Provider,
		ECSEndpoint: s.ECSEndpoint,
		BSSEndpoint: s.BSSEndpoint,
		Scheme:      s.Protocol,
		UserAgent: []conns.UserAgentProduct{
			{Name: userAgentName, Version: p.version},
			{Name: "Terraform", Version: req.TerraformVersion},
		},
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the aliyun provider", err.Error())
		return
	}
	tflog.Debug(ctx, "configured the aliyun provider", map[string]any{
		"region":       s.Region,
		"credentials":  src.Kind,
		"ecs_endpoint": s.ECSEndpoint,
		"bss_endpoint": s.BSSEndpoint,
		"protocol":     client.Scheme(),
	})
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *aliyunProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		ecs.NewInstanceNetworkSpecResource,
	}
}

func (p *aliyunProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		ecs.NewInstanceNetworkSpecDataSource,
	}
}
