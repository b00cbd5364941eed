package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// credentialChain is where the provider's credentials come from: a source
// and the roles assumed on top of it, in order.
type credentialChain struct {
	// Source is nil when the first role is assumed with OIDC.
	Source credentials.CredentialsProvider
	Roles  []conns.Role
	// sourceAttr and roleAttrs are the attributes that configured the
	// source and each role, for diagnostics.
	sourceAttr path.Path
	roleAttrs  []path.Path
	// sourceKind names the source for logs and diagnostics; never a secret.
	sourceKind string
	// Region is the profile's region_id, used when no region is set.
	Region string
}

// Kind describes the whole chain, for the log and diagnostics.
func (c credentialChain) Kind() string {
	var b strings.Builder
	b.WriteString(c.sourceKind)
	for _, r := range c.Roles {
		if b.Len() > 0 {
			b.WriteString(", then ")
		}
		fmt.Fprintf(&b, "role %s assumed with %s (%s)", r.RoleArn, actionOf(r), r.Source)
	}
	return b.String()
}

func actionOf(r conns.Role) string {
	if r.OIDCProviderArn != "" {
		return "AssumeRoleWithOIDC"
	}
	return "AssumeRole"
}

// credentialSource is one way of finding credentials, in the order the
// provider tries them.
type credentialSource struct {
	name string
	set  bool
	use  func() error
}

// newCredentialChain picks the first credential source that is set, in
// this order: an assume_role_with_oidc block, static keys (with an STS
// token when given), ecs_role_name, a profile of the Alibaba Cloud CLI
// configuration, OIDC from the environment, credentials_uri, the CLI
// configuration's current profile, and the instance's RAM role from the
// metadata service. assume_role then assumes its role with what was found.
// Sources set but not used get a warning: a user must not believe one
// account is in use while another is.
func newCredentialChain(s settings, home string, getenv func(string) string) (credentialChain, diag.Diagnostics) {
	var (
		c     credentialChain
		diags diag.Diagnostics
	)
	useOIDC := func() error {
		c.sourceAttr = path.Root("assume_role_with_oidc")
		c.appendRole(oidcRole(s), path.Root("assume_role_with_oidc"))
		return nil
	}
	sources := []credentialSource{
		{"assume_role_with_oidc", s.OIDC != nil && s.OIDC.FromBlock, useOIDC},
		{"access_key (" + s.Origin("access_key") + ")", s.AccessKey != "", func() error {
			c.sourceAttr = path.Root("access_key")
			if s.SecurityToken != "" {
				c.Source = credentials.NewStaticSTSCredentialsProvider(s.AccessKey, s.SecretKey, s.SecurityToken)
				c.sourceKind = "static STS token (" + s.Origin("access_key") + ")"
				return nil
			}
			c.Source = credentials.NewStaticAKCredentialsProvider(s.AccessKey, s.SecretKey)
			c.sourceKind = "static access key (" + s.Origin("access_key") + ")"
			return nil
		}},
		{"ecs_role_name (" + s.Origin("ecs_role_name") + ")", s.ECSRoleName != "", func() error {
			c.sourceAttr = path.Root("ecs_role_name")
			c.sourceKind = fmt.Sprintf("ECS instance RAM role %q (%s)", s.ECSRoleName, s.Origin("ecs_role_name"))
			var err error
			c.Source, err = instanceRole(s.ECSRoleName)
			return err
		}},
		{"profile", s.Profile != "" || s.SharedCredentialsFile != "", func() error {
			c.sourceAttr = path.Root("profile")
			if s.Profile == "" {
				c.sourceAttr = path.Root("shared_credentials_file")
			}
			file := s.SharedCredentialsFile
			if file == "" {
				file = filepath.Join(home, ".aliyun", "config.json")
			}
			return c.useProfile(file, s.Profile)
		}},
		{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN", s.OIDC != nil && !s.OIDC.FromBlock, useOIDC},
		{"credentials_uri (" + s.Origin("credentials_uri") + ")", s.CredentialsURI != "", func() error {
			c.sourceAttr = path.Root("credentials_uri")
			c.sourceKind = "credentials URI (" + s.Origin("credentials_uri") + ")"
			p, err := credentials.NewURLCredentialsProviderBuilderBuilder().WithUrl(s.CredentialsURI).Build()
			if err != nil {
				return err
			}
			c.Source = conns.Serialised(p)
			return nil
		}},
	}

	var used string
	var ignored []string
	for _, src := range sources {
		if !src.set {
			continue
		}
		if used != "" {
			ignored = append(ignored, src.name)
			continue
		}
		used = src.name
		if err := src.use(); err != nil {
			diags.AddAttributeError(c.sourceAttr, "Cannot use the credential source", err.Error())
			return c, diags
		}
	}
	if used == "" {
		if err := c.useDefaults(home, getenv); err != nil {
			diags.AddAttributeError(c.sourceAttr, "Missing credentials", missingCredentials+"\n\n"+err.Error())
			return c, diags
		}
	}
	if len(ignored) > 0 {
		diags.AddWarning("Several credential sources are set",
			fmt.Sprintf("The provider uses %s, the first in its order, and ignores %s. "+
				"Remove the sources you do not mean, so that nobody mistakes which account is in use.", used, strings.Join(ignored, ", ")))
	}

	if r := s.AssumeRole; r != nil {
		c.appendRole(conns.Role{
			RoleArn:     r.RoleArn,
			SessionName: r.SessionName,
			Policy:      r.Policy,
			ExternalID:  r.ExternalID,
			Duration:    r.Expiration,
			Source:      "assume_role, role_arn from " + s.Origin("assume_role.role_arn"),
		}, path.Root("assume_role"))
	}
	return c, diags
}

func (c *credentialChain) appendRole(r conns.Role, attr path.Path) {
	c.Roles = append(c.Roles, r)
	c.roleAttrs = append(c.roleAttrs, attr)
}

// oidcRole is the role of assume_role_with_oidc. Its token is read from
// the file at every renewal: the platform rotates it.
func oidcRole(s settings) conns.Role {
	o := s.OIDC
	source := "assume_role_with_oidc"
	if !o.FromBlock {
		source = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"
	}
	return conns.Role{
		OIDCProviderArn: o.ProviderArn,
		RoleArn:         o.RoleArn,
		SessionName:     o.SessionName,
		Policy:          o.Policy,
		Duration:        o.Expiration,
		OIDCToken:       tokenReader(o.Token, o.TokenFile),
		Source:          source,
	}
}

func tokenReader(token, file string) func() (string, error) {
	return func() (string, error) {
		if token != "" {
			return token, nil
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("reading the OIDC token file: %w", err)
		}
		t := strings.TrimSpace(string(raw))
		if t == "" {
			return "", fmt.Errorf("the OIDC token file %s is empty", file)
		}
		return t, nil
	}
}

func instanceRole(name string) (credentials.CredentialsProvider, error) {
	b := credentials.NewECSRAMRoleCredentialsProviderBuilder()
	if name != "" {
		b = b.WithRoleName(name)
	}
	p, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("cannot use the ECS instance RAM role: %v", err)
	}
	return conns.Serialised(p), nil
}

// useDefaults is the end of the order: the CLI configuration's current
// profile when the file exists, else the instance's RAM role, found
// through the metadata service (which answers only on ECS).
func (c *credentialChain) useDefaults(home string, getenv func(string) string) error {
	file := filepath.Join(home, ".aliyun", "config.json")
	if _, err := os.Stat(file); err == nil && !strings.EqualFold(getenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"), "true") {
		c.sourceAttr = path.Root("profile")
		return c.useProfile(file, "")
	}
	c.sourceAttr = path.Root("ecs_role_name")
	c.sourceKind = "ECS instance RAM role from the metadata service (no other credentials found)"
	var err error
	c.Source, err = instanceRole("")
	return err
}

// cliConfig is the Alibaba Cloud CLI configuration file (~/.aliyun/config.json).
type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	RegionID        string `json:"region_id"`
	RAMRoleARN      string `json:"ram_role_arn"`
	RAMSessionName  string `json:"ram_session_name"`
	ExpiredSeconds  int    `json:"expired_seconds"`
	Policy          string `json:"policy"`
	ExternalID      string `json:"external_id"`
	SourceProfile   string `json:"source_profile"`
	RAMRoleName     string `json:"ram_role_name"`
	OIDCProviderARN string `json:"oidc_provider_arn"`
	OIDCTokenFile   string `json:"oidc_token_file"`
	CredentialsURI  string `json:"credentials_uri"`
}

// supportedModes are the CLI profile modes the provider understands.
const supportedModes = "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC and CredentialsURI"

// useProfile reads one profile of a CLI configuration file; an empty
// name means the file's current profile. Errors say which file and
// profile, never a key.
func (c *credentialChain) useProfile(file, name string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading the credentials file %s: %w. "+
			"Point shared_credentials_file at an Alibaba Cloud CLI configuration, or run `aliyun configure`", file, err)
	}
	var cfg cliConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return fmt.Errorf("the credentials file %s is not an Alibaba Cloud CLI configuration (JSON): %v", file, err)
	}
	if name == "" {
		name = cfg.Current
	}
	p, err := cfg.profile(file, name)
	if err != nil {
		return err
	}
	c.Region = p.RegionID
	return c.applyProfile(cfg, file, p, 0)
}

func (cfg cliConfig) profile(file, name string) (*cliProfile, error) {
	for i := range cfg.Profiles {
		if cfg.Profiles[i].Name == name {
			return &cfg.Profiles[i], nil
		}
	}
	return nil, fmt.Errorf("the profile %q is not in %s. Set profile to one of the profiles that file defines", name, file)
}

// maxProfileChain bounds ChainableRamRoleArn's source_profile links, so
// that a cycle is an error rather than a hang.
const maxProfileChain = 5

func (c *credentialChain) applyProfile(cfg cliConfig, file string, p *cliProfile, depth int) error {
	kind := fmt.Sprintf("profile %q (%s) of %s", p.Name, p.Mode, file)
	role := func() conns.Role {
		session := p.RAMSessionName
		if session == "" {
			session = defaultSessionName
		}
		return conns.Role{
			RoleArn: p.RAMRoleARN, SessionName: session, Policy: p.Policy, ExternalID: p.ExternalID,
			Duration: time.Duration(p.ExpiredSeconds) * time.Second, Source: kind,
		}
	}
	needKeys := func() error {
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return fmt.Errorf("the profile %q in %s has mode %s but no access_key_id/access_key_secret", p.Name, file, p.Mode)
		}
		return nil
	}
	needRole := func() error {
		if p.RAMRoleARN == "" {
			return fmt.Errorf("the profile %q in %s has mode %s but no ram_role_arn", p.Name, file, p.Mode)
		}
		return nil
	}
	switch p.Mode {
	case "AK", "":
		if err := needKeys(); err != nil {
			return err
		}
		c.Source = credentials.NewStaticAKCredentialsProvider(p.AccessKeyID, p.AccessKeySecret)
		c.sourceKind = kind
	case "StsToken":
		if err := needKeys(); err != nil {
			return err
		}
		c.Source = credentials.NewStaticSTSCredentialsProvider(p.AccessKeyID, p.AccessKeySecret, p.StsToken)
		c.sourceKind = kind
	case "RamRoleArn":
		if err := errors.Join(needKeys(), needRole()); err != nil {
			return err
		}
		c.Source = credentials.NewStaticAKCredentialsProvider(p.AccessKeyID, p.AccessKeySecret)
		c.sourceKind = kind + " keys"
		c.appendRole(role(), c.sourceAttr)
	case "ChainableRamRoleArn":
		if err := needRole(); err != nil {
			return err
		}
		if depth >= maxProfileChain {
			return fmt.Errorf("the profile %q in %s: source_profile links more than %d profiles (a cycle?)", p.Name, file, maxProfileChain)
		}
		src, err := cfg.profile(file, p.SourceProfile)
		if err != nil {
			return fmt.Errorf("the profile %q in %s names source_profile %q: %w", p.Name, file, p.SourceProfile, err)
		}
		if err := c.applyProfile(cfg, file, src, depth+1); err != nil {
			return err
		}
		c.appendRole(role(), c.sourceAttr)
	case "EcsRamRole":
		prov, err := instanceRole(p.RAMRoleName)
		if err != nil {
			return fmt.Errorf("the profile %q in %s: %v", p.Name, file, err)
		}
		c.Source = prov
		c.sourceKind = kind
	case "OIDC":
		if p.OIDCProviderARN == "" || p.OIDCTokenFile == "" || p.RAMRoleARN == "" {
			return fmt.Errorf("the profile %q in %s has mode OIDC but lacks oidc_provider_arn, oidc_token_file or ram_role_arn", p.Name, file)
		}
		r := role()
		r.OIDCProviderArn = p.OIDCProviderARN
		r.OIDCToken = tokenReader("", p.OIDCTokenFile)
		r.ExternalID = ""
		c.appendRole(r, c.sourceAttr)
	case "CredentialsURI":
		if p.CredentialsURI == "" {
			return fmt.Errorf("the profile %q in %s has mode CredentialsURI but no credentials_uri", p.Name, file)
		}
		prov, err := credentials.NewURLCredentialsProviderBuilderBuilder().WithUrl(p.CredentialsURI).Build()
		if err != nil {
			return fmt.Errorf("the profile %q in %s: %v", p.Name, file, err)
		}
		c.Source = conns.Serialised(prov)
		c.sourceKind = kind
	default:
		return fmt.Errorf("the profile %q in %s has mode %q; this provider supports %s", p.Name, file, p.Mode, supportedModes)
	}
	return nil
}

const missingCredentials = "No Alibaba Cloud credentials were found. Set access_key and secret_key in the provider block " +
	"or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY in the environment, name a profile of the Alibaba Cloud CLI " +
	"configuration with profile, or run where a RAM role is available (ecs_role_name, assume_role_with_oidc, credentials_uri)."

// checkCredentials obtains the credentials once, at configuration, so
// that a missing source or a refused role fails the plan on the attribute
// that configured it, naming the source, instead of failing the first
// API call.
func checkCredentials(c credentialChain, signer credentials.CredentialsProvider) diag.Diagnostics {
	var diags diag.Diagnostics
	cc, err := signer.GetCredentials()
	if err == nil && cc != nil && cc.AccessKeyId != "" {
		return nil
	}
	var roleErr *conns.RoleError
	if errors.As(err, &roleErr) {
		attr := path.Root("assume_role")
		if i := roleErr.Index; i >= 0 && i < len(c.roleAttrs) {
			attr = c.roleAttrs[i]
		}
		diags.AddAttributeError(attr, "Cannot assume the role",
			fmt.Sprintf("%s of the role %s (%s) failed: %s\n\nCredentials used: %s.\n\n"+
				"Check role_arn, external_id and session_expiration against the role, and that the role's trust policy "+
				"lets these credentials (or this OIDC provider) assume it.",
				actionOf(roleErr.Role), roleErr.Role.RoleArn, roleErr.Role.Source, describeAPIError(roleErr.Err), c.Kind()))
		return diags
	}
	detail := missingCredentials + "\n\nCredentials tried: " + c.Kind() + "."
	if err != nil {
		detail += "\n\nThe credential source said: " + describeAPIError(err)
	}
	diags.AddAttributeError(c.sourceAttr, "Missing credentials", detail)
	return diags
}

// describeAPIError is an SDK error as a user reads it: the API's code and
// message, without the SDK's multi-line dump.
func describeAPIError(err error) string {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (HTTP %d): %s", se.ErrorCode(), se.HttpStatus(), se.Message())
	}
	return err.Error()
}
