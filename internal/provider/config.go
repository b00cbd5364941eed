package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// providerModel is the provider block.
type providerModel struct {
	Region                types.String     `tfsdk:"region"`
	AccessKey             types.String     `tfsdk:"access_key"`
	SecretKey             types.String     `tfsdk:"secret_key"`
	SecurityToken         types.String     `tfsdk:"security_token"`
	ECSRoleName           types.String     `tfsdk:"ecs_role_name"`
	Profile               types.String     `tfsdk:"profile"`
	SharedCredentialsFile types.String     `tfsdk:"shared_credentials_file"`
	CredentialsURI        types.String     `tfsdk:"credentials_uri"`
	AccountType           types.String     `tfsdk:"account_type"`
	Protocol              types.String     `tfsdk:"protocol"`
	ClientReadTimeout     types.Int64      `tfsdk:"client_read_timeout"`
	ClientConnectTimeout  types.Int64      `tfsdk:"client_connect_timeout"`
	MaxRetryTimeout       types.Int64      `tfsdk:"max_retry_timeout"`
	AssumeRole            *assumeRoleModel `tfsdk:"assume_role"`
	AssumeRoleWithOIDC    *assumeOIDCModel `tfsdk:"assume_role_with_oidc"`
	Endpoints             *endpointsModel  `tfsdk:"endpoints"`
}

type assumeRoleModel struct {
	RoleArn           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	ExternalID        types.String `tfsdk:"external_id"`
}

type assumeOIDCModel struct {
	OIDCProviderArn   types.String `tfsdk:"oidc_provider_arn"`
	RoleArn           types.String `tfsdk:"role_arn"`
	OIDCToken         types.String `tfsdk:"oidc_token"`
	OIDCTokenFile     types.String `tfsdk:"oidc_token_file"`
	RoleSessionName   types.String `tfsdk:"role_session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
}

type endpointsModel struct {
	ECS        types.String `tfsdk:"ecs"`
	BSS        types.String `tfsdk:"bss"`
	BSSOpenAPI types.String `tfsdk:"bssopenapi"`
	STS        types.String `tfsdk:"sts"`
}

// settings is the provider block merged with its environment fallbacks.
type settings struct {
	Region                string
	AccessKey             string
	SecretKey             string
	SecurityToken         string
	ECSRoleName           string
	Profile               string
	SharedCredentialsFile string
	CredentialsURI        string
	AccountType           string
	Protocol              string
	ECSEndpoint           string
	BSSEndpoint           string
	STSEndpoint           string
	// ReadTimeout and ConnectTimeout are zero when not set.
	ReadTimeout    time.Duration
	ConnectTimeout time.Duration
	// MaxRetryTimeout is zero when not set: retries end with the
	// operation's timeout.
	MaxRetryTimeout time.Duration
	AssumeRole      *roleSettings
	OIDC            *oidcSettings

	// from says where each non-empty setting came from: "the provider
	// block" or the environment variable's name. Never a value.
	from map[string]string
}

// roleSettings is assume_role after its fallbacks.
type roleSettings struct {
	RoleArn     string
	SessionName string
	Policy      string
	ExternalID  string
	Expiration  time.Duration
}

// oidcSettings is assume_role_with_oidc after its fallbacks.
type oidcSettings struct {
	ProviderArn string
	RoleArn     string
	Token       string
	TokenFile   string
	SessionName string
	Policy      string
	Expiration  time.Duration
	// FromBlock: the configuration has the block, as opposed to the
	// ALIBABA_CLOUD_OIDC_* variables alone.
	FromBlock bool
}

// Origin says where the setting attr came from, for logs and diagnostics.
func (s settings) Origin(attr string) string {
	return (&resolver{from: s.from}).origin(attr)
}

// defaultSessionName is the session name the official provider passes
// too, so that a role's audit trail looks the same.
const defaultSessionName = "terraform"

// BSS endpoints by account_type: an account of the international site
// (alibabacloud.com) bills through Singapore whatever the region.
const (
	AccountDomestic      = "Domestic"
	AccountInternational = "International"
	bssDomestic          = "business.aliyuncs.com"
	bssInternational     = "business.ap-southeast-1.aliyuncs.com"
)

// Environment variables read when an attribute is not set, first match wins.
// They are the names the aliyun/alicloud provider and the Alibaba Cloud SDKs
// use, so existing set-ups keep working.
var envFallbacks = map[string][]string{
	"region":                                  {"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"},
	"access_key":                              {"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID"},
	"secret_key":                              {"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_ACCESS_KEY_SECRET"},
	"security_token":                          {"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN"},
	"ecs_role_name":                           {"ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"},
	"profile":                                 {"ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"},
	"shared_credentials_file":                 {"ALICLOUD_SHARED_CREDENTIALS_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE"},
	"credentials_uri":                         {"ALICLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_CREDENTIALS_URI"},
	"account_type":                            {"ALIBABA_CLOUD_ACCOUNT_TYPE"},
	"client_read_timeout":                     {"CLIENT_READ_TIMEOUT"},
	"client_connect_timeout":                  {"CLIENT_CONNECT_TIMEOUT"},
	"max_retry_timeout":                       {"MAX_RETRY_TIMEOUT"},
	"endpoints.ecs":                           {"ALIBABA_CLOUD_ENDPOINT_ECS"},
	"endpoints.bss":                           {"ALIBABA_CLOUD_ENDPOINT_BSS"},
	"endpoints.sts":                           {"ALIBABA_CLOUD_ENDPOINT_STS"},
	"assume_role.role_arn":                    {"ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN"},
	"assume_role.session_name":                {"ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME"},
	"assume_role.session_expiration":          {"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"},
	"assume_role.external_id":                 {"ALIBABA_CLOUD_EXTERNAL_ID"},
	"assume_role_with_oidc.oidc_provider_arn": {"ALIBABA_CLOUD_OIDC_PROVIDER_ARN"},
	"assume_role_with_oidc.role_arn":          {"ALIBABA_CLOUD_ROLE_ARN"},
	"assume_role_with_oidc.oidc_token_file":   {"ALIBABA_CLOUD_OIDC_TOKEN_FILE"},
	"assume_role_with_oidc.role_session_name": {"ALIBABA_CLOUD_ROLE_SESSION_NAME"},
}

// oidcShared are the variables assume_role_with_oidc claims when OIDC is in
// use: the SDKs' ALIBABA_CLOUD_ROLE_ARN then names the OIDC role, not a
// second role to assume on top of it.
var oidcShared = map[string]bool{"ALIBABA_CLOUD_ROLE_ARN": true, "ALIBABA_CLOUD_ROLE_SESSION_NAME": true}

// attrPath turns "a.b" into the path of attribute b of block a.
func attrPath(attr string) path.Path {
	block, name, nested := strings.Cut(attr, ".")
	if !nested {
		return path.Root(attr)
	}
	return path.Root(block).AtName(name)
}

// resolver merges configuration values with the environment, remembering
// where each came from and reporting unusable values on their attribute.
type resolver struct {
	getenv  func(string) string
	skipEnv map[string]bool
	from    map[string]string
	diags   diag.Diagnostics
}

func (r *resolver) str(v types.String, attr string) string {
	if v.IsUnknown() {
		r.diags.AddAttributeError(attrPath(attr), "Unknown provider setting",
			fmt.Sprintf("The provider cannot be configured because %s is not known until apply. "+
				"Set it to a value known at plan time, or leave it out and use the environment.", attr))
		return ""
	}
	if s := strings.TrimSpace(v.ValueString()); s != "" {
		return s
	}
	for _, name := range envFallbacks[attr] {
		if r.skipEnv[name] {
			continue
		}
		if s := strings.TrimSpace(r.getenv(name)); s != "" {
			r.from[attr] = name
			return s
		}
	}
	return ""
}

func (r *resolver) origin(attr string) string {
	if o := r.from[attr]; o != "" {
		return o
	}
	return "the provider block"
}

// num is an integer setting of at least least (the schema checks the
// configuration's value); an environment value that is no such integer is
// an error naming the variable, not a silent default.
func (r *resolver) num(v types.Int64, attr string, least int64) int64 {
	if v.IsUnknown() {
		r.diags.AddAttributeError(attrPath(attr), "Unknown provider setting",
			fmt.Sprintf("The provider cannot be configured because %s is not known until apply.", attr))
		return 0
	}
	if !v.IsNull() {
		return v.ValueInt64()
	}
	for _, name := range envFallbacks[attr] {
		s := strings.TrimSpace(r.getenv(name))
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < least {
			r.diags.AddAttributeError(attrPath(attr), "Invalid environment variable",
				fmt.Sprintf("%s is %q, which is not a whole number of at least %d. It sets %s; fix or unset it.", name, s, least, attr))
			return 0
		}
		r.from[attr] = name
		return n
	}
	return 0
}

// resolveSettings merges the configuration with the environment read
// through getenv. Errors name the attribute at fault; region and the
// credentials chain are checked later, once a profile may have supplied them.
func resolveSettings(m providerModel, getenv func(string) string) (settings, diag.Diagnostics) {
	r := &resolver{getenv: getenv, from: map[string]string{}}
	endpoints := endpointsModel{ECS: types.StringNull(), BSS: types.StringNull(), BSSOpenAPI: types.StringNull(), STS: types.StringNull()}
	if m.Endpoints != nil {
		endpoints = *m.Endpoints
	}
	s := settings{
		Region:                r.str(m.Region, "region"),
		AccessKey:             r.str(m.AccessKey, "access_key"),
		SecretKey:             r.str(m.SecretKey, "secret_key"),
		SecurityToken:         r.str(m.SecurityToken, "security_token"),
		ECSRoleName:           r.str(m.ECSRoleName, "ecs_role_name"),
		Profile:               r.str(m.Profile, "profile"),
		SharedCredentialsFile: r.str(m.SharedCredentialsFile, "shared_credentials_file"),
		CredentialsURI:        r.str(m.CredentialsURI, "credentials_uri"),
		AccountType:           r.str(m.AccountType, "account_type"),
		Protocol:              r.str(m.Protocol, "protocol"),
		ECSEndpoint:           r.str(endpoints.ECS, "endpoints.ecs"),
		STSEndpoint:           r.str(endpoints.STS, "endpoints.sts"),
		ReadTimeout:           time.Duration(r.num(m.ClientReadTimeout, "client_read_timeout", 1)) * time.Millisecond,
		ConnectTimeout:        time.Duration(r.num(m.ClientConnectTimeout, "client_connect_timeout", 1)) * time.Millisecond,
		MaxRetryTimeout:       time.Duration(r.num(m.MaxRetryTimeout, "max_retry_timeout", 0)) * time.Second,
		from:                  r.from,
	}
	if s.Protocol == "" {
		s.Protocol = "HTTPS"
	}
	s.BSSEndpoint = resolveBSSEndpoint(r, &s, endpoints)
	s.OIDC = resolveOIDC(r, m.AssumeRoleWithOIDC)
	if s.OIDC != nil {
		r.skipEnv = oidcShared
	}
	s.AssumeRole = resolveAssumeRole(r, m.AssumeRole)
	r.skipEnv = nil

	diags := r.diags
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

// resolveBSSEndpoint: endpoints.bss or its official name bssopenapi (not
// both), else its environment variable, else the account type's endpoint.
func resolveBSSEndpoint(r *resolver, s *settings, e endpointsModel) string {
	bss := r.str(e.BSS, "endpoints.bss")
	openAPI := r.str(e.BSSOpenAPI, "endpoints.bssopenapi")
	if strings.TrimSpace(e.BSS.ValueString()) != "" && openAPI != "" {
		r.diags.AddAttributeError(path.Root("endpoints").AtName("bssopenapi"), "Conflicting BSS endpoints",
			"endpoints.bss and endpoints.bssopenapi name the same endpoint (bssopenapi is the aliyun/alicloud provider's name for it). Set only one.")
	}
	if openAPI != "" {
		// The configuration's bssopenapi wins over ALIBABA_CLOUD_ENDPOINT_BSS.
		bss = openAPI
		delete(r.from, "endpoints.bss")
	}
	switch strings.ToLower(s.AccountType) {
	case "":
		s.AccountType = AccountDomestic
	case strings.ToLower(AccountDomestic):
		s.AccountType = AccountDomestic
	case strings.ToLower(AccountInternational):
		s.AccountType = AccountInternational
	default:
		r.diags.AddAttributeError(path.Root("account_type"), "Invalid account type",
			fmt.Sprintf("account_type (from %s) is %q; it must be Domestic (aliyun.com accounts) or International (alibabacloud.com accounts).",
				s.Origin("account_type"), s.AccountType))
	}
	if bss != "" {
		return bss
	}
	if s.AccountType == AccountInternational {
		return bssInternational
	}
	return bssDomestic
}

func resolveAssumeRole(r *resolver, m *assumeRoleModel) *roleSettings {
	block := m != nil
	if m == nil {
		m = &assumeRoleModel{RoleArn: types.StringNull(), SessionName: types.StringNull(), Policy: types.StringNull(),
			SessionExpiration: types.Int64Null(), ExternalID: types.StringNull()}
	}
	rs := &roleSettings{
		RoleArn:     r.str(m.RoleArn, "assume_role.role_arn"),
		SessionName: r.str(m.SessionName, "assume_role.session_name"),
		Policy:      r.str(m.Policy, "assume_role.policy"),
		ExternalID:  r.str(m.ExternalID, "assume_role.external_id"),
		Expiration:  time.Duration(r.num(m.SessionExpiration, "assume_role.session_expiration", 1)) * time.Second,
	}
	if e := rs.Expiration; e != 0 && (e < 900*time.Second || e > 43200*time.Second) {
		r.diags.AddAttributeError(path.Root("assume_role").AtName("session_expiration"), "Invalid session expiration",
			fmt.Sprintf("session_expiration (from %s) is %d seconds; STS accepts 900 to 43200, and at most the role's maximum session duration.",
				r.origin("assume_role.session_expiration"), int64(e/time.Second)))
	}
	if rs.RoleArn != "" {
		if rs.SessionName == "" {
			rs.SessionName = defaultSessionName
		}
		return rs
	}
	// Without a role, the other settings would do nothing: say so.
	switch {
	case block:
		r.diags.AddAttributeWarning(path.Root("assume_role").AtName("role_arn"), "No role to assume",
			"The assume_role block has no role_arn, and neither ALICLOUD_ASSUME_ROLE_ARN nor ALIBABA_CLOUD_ROLE_ARN is set, "+
				"so the provider assumes no role and acts with its source credentials. Set role_arn, or remove the block.")
	default:
		for _, attr := range []string{"assume_role.session_name", "assume_role.external_id", "assume_role.session_expiration"} {
			if name := r.from[attr]; name != "" {
				r.diags.AddWarning("Environment variable without effect",
					fmt.Sprintf("%s is set, but no role is assumed (no assume_role block, ALICLOUD_ASSUME_ROLE_ARN or ALIBABA_CLOUD_ROLE_ARN), "+
						"so it has no effect. Set the role to assume, or unset %s.", name, name))
			}
		}
	}
	return nil
}

func resolveOIDC(r *resolver, m *assumeOIDCModel) *oidcSettings {
	block := m != nil
	if m == nil {
		m = &assumeOIDCModel{OIDCProviderArn: types.StringNull(), RoleArn: types.StringNull(), OIDCToken: types.StringNull(),
			OIDCTokenFile: types.StringNull(), RoleSessionName: types.StringNull(), Policy: types.StringNull(),
			SessionExpiration: types.Int64Null()}
	}
	providerArn := r.str(m.OIDCProviderArn, "assume_role_with_oidc.oidc_provider_arn")
	if !block && providerArn == "" {
		// Without an identity provider, ALIBABA_CLOUD_ROLE_ARN belongs to
		// assume_role and a token file alone means nothing.
		if name := strings.TrimSpace(r.getenv("ALIBABA_CLOUD_OIDC_TOKEN_FILE")); name != "" {
			r.diags.AddWarning("Environment variable without effect",
				"ALIBABA_CLOUD_OIDC_TOKEN_FILE is set but ALIBABA_CLOUD_OIDC_PROVIDER_ARN is not, so no OIDC role is assumed. "+
					"Set ALIBABA_CLOUD_OIDC_PROVIDER_ARN (and ALIBABA_CLOUD_ROLE_ARN), or unset ALIBABA_CLOUD_OIDC_TOKEN_FILE.")
		}
		return nil
	}
	o := &oidcSettings{
		ProviderArn: providerArn,
		RoleArn:     r.str(m.RoleArn, "assume_role_with_oidc.role_arn"),
		Token:       r.str(m.OIDCToken, "assume_role_with_oidc.oidc_token"),
		TokenFile:   r.str(m.OIDCTokenFile, "assume_role_with_oidc.oidc_token_file"),
		SessionName: r.str(m.RoleSessionName, "assume_role_with_oidc.role_session_name"),
		Policy:      r.str(m.Policy, "assume_role_with_oidc.policy"),
		Expiration:  time.Duration(r.num(m.SessionExpiration, "assume_role_with_oidc.session_expiration", 1)) * time.Second,
		FromBlock:   block,
	}
	if o.SessionName == "" {
		o.SessionName = defaultSessionName
	}
	where := "the assume_role_with_oidc block"
	if !block {
		where = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"
	}
	if o.ProviderArn == "" {
		r.diags.AddAttributeError(path.Root("assume_role_with_oidc").AtName("oidc_provider_arn"), "Missing OIDC provider",
			"assume_role_with_oidc needs oidc_provider_arn (or ALIBABA_CLOUD_OIDC_PROVIDER_ARN): the ARN of the RAM OIDC identity provider, "+
				"acs:ram::<account-id>:oidc-provider/<name>.")
	}
	if o.RoleArn == "" {
		r.diags.AddAttributeError(path.Root("assume_role_with_oidc").AtName("role_arn"), "Missing OIDC role",
			fmt.Sprintf("%s needs the role to assume: set role_arn in assume_role_with_oidc, or ALIBABA_CLOUD_ROLE_ARN.", where))
	}
	if o.Token == "" && o.TokenFile == "" {
		r.diags.AddAttributeError(path.Root("assume_role_with_oidc").AtName("oidc_token_file"), "Missing OIDC token",
			fmt.Sprintf("%s needs a token: set oidc_token_file (or ALIBABA_CLOUD_OIDC_TOKEN_FILE) to the file the platform writes it to, or oidc_token.", where))
	}
	return o
}

// missingRegion is the error for a region found nowhere.
func missingRegion() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("region"), "Missing region",
		"The provider needs the region the instances live in (for example cn-hangzhou). "+
			"Set region in the provider block, or ALICLOUD_REGION / ALIBABA_CLOUD_REGION in the environment, "+
			"or a region_id in the credentials profile used.")
}
