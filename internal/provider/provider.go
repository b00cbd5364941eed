// Package provider is the aliyun Terraform provider: its configuration,
// credentials and the client handed to resources.
package provider

import (
	"context"
	"os"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
			"Credentials come from the first source set, in the order the provider documentation lists; `assume_role` then assumes a role with them.",
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
			"ecs_role_name": schema.StringAttribute{
				MarkdownDescription: "RAM role attached to the ECS instance Terraform runs on; its temporary credentials come from the " +
					"instance metadata service and are renewed before they expire. Environment: `ALICLOUD_ECS_ROLE_NAME`, `ALIBABA_CLOUD_ECS_METADATA`.",
				Optional: true,
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "Name of a profile in the Alibaba Cloud CLI configuration (modes `AK`, `StsToken`, `RamRoleArn`, " +
					"`ChainableRamRoleArn`, `EcsRamRole`, `OIDC`, `CredentialsURI`). Environment: `ALICLOUD_PROFILE`, `ALIBABA_CLOUD_PROFILE`.",
				Optional: true,
			},
			"shared_credentials_file": schema.StringAttribute{
				MarkdownDescription: "Path of the Alibaba Cloud CLI configuration holding `profile`. " +
					"Default `~/.aliyun/config.json`. Environment: `ALICLOUD_SHARED_CREDENTIALS_FILE`, `ALIBABA_CLOUD_CREDENTIALS_FILE`.",
				Optional: true,
			},
			"credentials_uri": schema.StringAttribute{
				MarkdownDescription: "URI of a credentials service (for example a sidecar) that answers temporary credentials as JSON " +
					"(`AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration`). Environment: `ALICLOUD_CREDENTIALS_URI`, `ALIBABA_CLOUD_CREDENTIALS_URI`.",
				Optional: true,
			},
			"account_type": schema.StringAttribute{
				MarkdownDescription: "`Domestic` (default: an aliyun.com account) or `International` (an alibabacloud.com account). " +
					"It picks the BSS (billing) endpoint, `business.aliyuncs.com` or `business.ap-southeast-1.aliyuncs.com`, " +
					"unless `endpoints.bss` is set. Environment: `ALIBABA_CLOUD_ACCOUNT_TYPE`.",
				Optional: true,
			},
			"protocol": schema.StringAttribute{
				MarkdownDescription: "Scheme of API requests, STS included: `HTTPS` (default) or `HTTP`. " +
					"`HTTP` is meant for a local simulator such as `ecsmock`: requests go unencrypted, " +
					"so `HTTP` to an endpoint that is not loopback gets a warning.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.OneOf(conns.SchemeHTTPS, conns.SchemeHTTP),
				},
			},
			"client_read_timeout": schema.Int64Attribute{
				MarkdownDescription: "Milliseconds one API request may take from sending to the end of the answer before it is abandoned " +
					"(and retried within the operation's timeout). Default 30000. Environment: `CLIENT_READ_TIMEOUT`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"client_connect_timeout": schema.Int64Attribute{
				MarkdownDescription: "Milliseconds a connection to an API endpoint may take to open. Default 5000. Environment: `CLIENT_CONNECT_TIMEOUT`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_retry_timeout": schema.Int64Attribute{
				MarkdownDescription: "Seconds for which one API call's retryable failures (throttling, server errors, an endpoint that " +
					"does not answer) are retried, counted from its first attempt; the call then fails with its last error. " +
					"Never beyond the operation's own timeout. Default `0`: retried until the operation's timeout. Environment: `MAX_RETRY_TIMEOUT`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: "Assume a RAM role (for example of another account) with the credentials the provider would " +
					"otherwise use. The temporary credentials are renewed before they expire, so a long apply outlives the session.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						MarkdownDescription: "ARN of the role, `acs:ram::<account-id>:role/<name>`. Environment: `ALICLOUD_ASSUME_ROLE_ARN`, " +
							"`ALIBABA_CLOUD_ROLE_ARN` (the latter only when no OIDC role uses it). Empty: no role is assumed.",
						Optional: true,
					},
					"session_name": schema.StringAttribute{
						MarkdownDescription: "Role session name, visible in the role account's audit trail. Default `terraform`. " +
							"Environment: `ALICLOUD_ASSUME_ROLE_SESSION_NAME`, `ALIBABA_CLOUD_ROLE_SESSION_NAME`.",
						Optional: true,
					},
					"policy": schema.StringAttribute{
						MarkdownDescription: "A policy (JSON) that narrows the session's permissions below the role's.",
						Optional:            true,
					},
					"session_expiration": schema.Int64Attribute{
						MarkdownDescription: "Session lifetime in seconds, 900 to 43200 and at most the role's maximum session duration. " +
							"Default 3600. Environment: `ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION`.",
						Optional:   true,
						Validators: []validator.Int64{int64validator.Between(900, 43200)},
					},
					"external_id": schema.StringAttribute{
						MarkdownDescription: "External ID the role's trust policy requires. Environment: `ALIBABA_CLOUD_EXTERNAL_ID`.",
						Optional:            true,
					},
				},
			},
			"assume_role_with_oidc": schema.SingleNestedBlock{
				MarkdownDescription: "Assume a RAM role with an OIDC token, as RRSA on ACK provides: no access key is needed. " +
					"The token file is read again at every renewal.",
				Attributes: map[string]schema.Attribute{
					"oidc_provider_arn": schema.StringAttribute{
						MarkdownDescription: "ARN of the RAM OIDC identity provider, `acs:ram::<account-id>:oidc-provider/<name>`. " +
							"Environment: `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`.",
						Optional: true,
					},
					"role_arn": schema.StringAttribute{
						MarkdownDescription: "ARN of the role to assume. Environment: `ALIBABA_CLOUD_ROLE_ARN`.",
						Optional:            true,
					},
					"oidc_token": schema.StringAttribute{
						MarkdownDescription: "The OIDC token itself. One of `oidc_token` and `oidc_token_file` is needed.",
						Optional:            true,
						Sensitive:           true,
						Validators:          []validator.String{stringvalidator.LengthBetween(4, 20000)},
					},
					"oidc_token_file": schema.StringAttribute{
						MarkdownDescription: "File holding the OIDC token. Environment: `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.",
						Optional:            true,
					},
					"role_session_name": schema.StringAttribute{
						MarkdownDescription: "Role session name. Default `terraform`. Environment: `ALIBABA_CLOUD_ROLE_SESSION_NAME`.",
						Optional:            true,
					},
					"policy": schema.StringAttribute{
						MarkdownDescription: "A policy (JSON) that narrows the session's permissions below the role's.",
						Optional:            true,
					},
					"session_expiration": schema.Int64Attribute{
						MarkdownDescription: "Session lifetime in seconds, from 900 to the role's maximum session duration. Default 3600.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.Between(900, 43200)},
					},
				},
			},
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Custom API endpoints, as `host[:port]`. The simulator is reached this way.",
				Attributes: map[string]schema.Attribute{
					"ecs": schema.StringAttribute{
						MarkdownDescription: "ECS API endpoint. Environment: `ALIBABA_CLOUD_ENDPOINT_ECS`. Default: the region's endpoint.",
						Optional:            true,
						Validators:          endpointValidators(),
					},
					"bss": schema.StringAttribute{
						MarkdownDescription: "BSS (billing, orders) API endpoint. Environment: `ALIBABA_CLOUD_ENDPOINT_BSS`. " +
							"Default: the endpoint of `account_type`.",
						Optional:   true,
						Validators: endpointValidators(),
					},
					"bssopenapi": schema.StringAttribute{
						MarkdownDescription: "Another name for `bss`, the one the `aliyun/alicloud` provider uses. Set one of the two.",
						Optional:            true,
						Validators:          endpointValidators(),
					},
					"sts": schema.StringAttribute{
						MarkdownDescription: "STS endpoint, used to assume roles. Environment: `ALIBABA_CLOUD_ENDPOINT_STS`. " +
							"Default: the region's STS endpoint. Required when `ecs` is on this machine and a role is assumed, " +
							"so that credentials meant for a local endpoint never go to a public one.",
						Optional:   true,
						Validators: endpointValidators(),
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
	resp.Diagnostics.Append(sdkDebugWarning(os.Getenv)...)

	home, _ := os.UserHomeDir()
	chain, diags := newCredentialChain(s, home, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plainHTTPWarnings(s, len(chain.Roles) > 0)...)
	resp.Diagnostics.Append(stsEndpointCheck(s, chain)...)
	if s.Region == "" {
		s.Region = chain.Region
	}
	if s.Region == "" {
		resp.Diagnostics.Append(missingRegion())
	}
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := conns.New(conns.Config{
		Region:           s.Region,
		Credentials:      chain.Source,
		CredentialSource: chain.Kind(),
		Roles:            chain.Roles,
		ECSEndpoint:      s.ECSEndpoint,
		BSSEndpoint:      s.BSSEndpoint,
		STSEndpoint:      s.STSEndpoint,
		Scheme:           s.Protocol,
		ReadTimeout:      s.ReadTimeout,
		ConnectTimeout:   s.ConnectTimeout,
		MaxRetryTimeout:  s.MaxRetryTimeout,
		UserAgent: []conns.UserAgentProduct{
			{Name: userAgentName, Version: p.version},
			{Name: "Terraform", Version: req.TerraformVersion},
		},
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the aliyun provider", err.Error())
		return
	}
	resp.Diagnostics.Append(ecs.ConfigureClient(client, os.Getenv)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "aliyun provider credentials", map[string]any{"source": chain.Kind()})
	resp.Diagnostics.Append(checkCredentials(chain, client.Credentials())...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "configured the aliyun provider", map[string]any{
		"region":       s.Region,
		"account_type": s.AccountType,
		"ecs_endpoint": s.ECSEndpoint,
		"bss_endpoint": s.BSSEndpoint,
		"sts_endpoint": s.STSEndpoint,
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
