package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// credentialSource is where the provider's credentials come from.
type credentialSource struct {
	Provider credentials.CredentialsProvider
	// Kind names the source for logs and diagnostics; never a secret.
	Kind string
	// Region is the profile's region_id, used when no region is set.
	Region string
}

// newCredentialSource picks, in order: static keys (with an STS token when
// given), a named profile of the Alibaba Cloud CLI configuration, then the
// SDK's default credential chain (environment, OIDC, CLI profile, ECS RAM
// role, credentials URI).
func newCredentialSource(s settings, home string) (credentialSource, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case s.AccessKey != "" && s.SecurityToken != "":
		return credentialSource{
			Provider: credentials.NewStaticSTSCredentialsProvider(s.AccessKey, s.SecretKey, s.SecurityToken),
			Kind:     "static STS token",
		}, nil
	case s.AccessKey != "":
		return credentialSource{
			Provider: credentials.NewStaticAKCredentialsProvider(s.AccessKey, s.SecretKey),
			Kind:     "static access key",
		}, nil
	case s.Profile != "" || s.SharedCredentialsFile != "":
		file := s.SharedCredentialsFile
		if file == "" {
			file = filepath.Join(home, ".aliyun", "config.json")
		}
		src, err := profileSource(file, s.Profile)
		if err != nil {
			attr := path.Root("profile")
			if s.Profile == "" {
				attr = path.Root("shared_credentials_file")
			}
			diags.AddAttributeError(attr, "Cannot use the credentials profile", err.Error())
			return credentialSource{}, diags
		}
		return src, nil
	default:
		return credentialSource{Provider: credentials.NewDefaultCredentialsProvider(), Kind: "default credential chain"}, nil
	}
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
	RAMRoleName     string `json:"ram_role_name"`
	StsRegion       string `json:"sts_region"`
}

// profileSource reads one profile of a CLI configuration file; an empty
// name means the file's current profile. Errors say which file and profile,
// never a key.
func profileSource(file, name string) (credentialSource, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return credentialSource{}, fmt.Errorf("reading the credentials file %s: %w. "+
			"Point shared_credentials_file at an Alibaba Cloud CLI configuration, or run `aliyun configure`", file, err)
	}
	var cfg cliConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return credentialSource{}, fmt.Errorf("the credentials file %s is not an Alibaba Cloud CLI configuration (JSON): %v", file, err)
	}
	if name == "" {
		name = cfg.Current
	}
	var p *cliProfile
	for i := range cfg.Profiles {
		if cfg.Profiles[i].Name == name {
			p = &cfg.Profiles[i]
			break
		}
	}
	if p == nil {
		return credentialSource{}, fmt.Errorf("the profile %q is not in %s. Set profile to one of the profiles that file defines", name, file)
	}

	src := credentialSource{Region: p.RegionID, Kind: fmt.Sprintf("profile %q (%s) of %s", p.Name, p.Mode, file)}
	needKeys := func() error {
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return fmt.Errorf("the profile %q in %s has mode %s but no access_key_id/access_key_secret", p.Name, file, p.Mode)
		}
		return nil
	}
	switch p.Mode {
	case "AK", "":
		if err := needKeys(); err != nil {
			return credentialSource{}, err
		}
		src.Provider = credentials.NewStaticAKCredentialsProvider(p.AccessKeyID, p.AccessKeySecret)
	case "StsToken":
		if err := needKeys(); err != nil {
			return credentialSource{}, err
		}
		src.Provider = credentials.NewStaticSTSCredentialsProvider(p.AccessKeyID, p.AccessKeySecret, p.StsToken)
	case "RamRoleArn":
		if err := needKeys(); err != nil {
			return credentialSource{}, err
		}
		prov, err := credentials.NewRAMRoleARNCredentialsProviderBuilder().
			WithCredentialsProvider(credentials.NewStaticAKCredentialsProvider(p.AccessKeyID, p.AccessKeySecret)).
			WithRoleArn(p.RAMRoleARN).
			WithRoleSessionName(p.RAMSessionName).
			WithDurationSeconds(p.ExpiredSeconds).
			WithStsRegion(p.StsRegion).
			Build()
		if err != nil {
			return credentialSource{}, fmt.Errorf("the profile %q in %s cannot assume its role: %v", p.Name, file, err)
		}
		src.Provider = prov
	case "EcsRamRole":
		prov, err := credentials.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(p.RAMRoleName).Build()
		if err != nil {
			return credentialSource{}, fmt.Errorf("the profile %q in %s cannot use the instance RAM role: %v", p.Name, file, err)
		}
		src.Provider = prov
	default:
		return credentialSource{}, fmt.Errorf("the profile %q in %s has mode %q; this provider supports AK, StsToken, RamRoleArn and EcsRamRole",
			p.Name, file, p.Mode)
	}
	return src, nil
}

// checkCredentials resolves the source once so that a missing or broken
// credential is reported at configuration, on the attribute a user would
// set, instead of failing the first API call.
func checkCredentials(src credentialSource) diag.Diagnostics {
	var diags diag.Diagnostics
	cc, err := src.Provider.GetCredentials()
	if err == nil && cc != nil && cc.AccessKeyId != "" {
		return nil
	}
	detail := "No Alibaba Cloud credentials were found (" + src.Kind + "). Set access_key and secret_key in the provider block " +
		"or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY in the environment, or name a profile of the Alibaba Cloud CLI " +
		"configuration with profile, or run where the SDK's default chain finds credentials (an ECS RAM role, OIDC)."
	if err != nil {
		detail += "\n\nThe credential source said: " + err.Error()
	}
	diags.AddAttributeError(path.Root("access_key"), "Missing credentials", detail)
	return diags
}
