package ecsmock

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
)

const (
	defaultMaxSessionDuration = 3600
	maxMaxSessionDuration     = 43200
)

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{16}$`)
	roleNamePattern  = regexp.MustCompile(`^[A-Za-z0-9.-]{1,64}$`)
	// roleArnPattern and oidcProviderArnPattern are the ARNs STS accepts;
	// the role name is matched case-insensitively, as RAM does.
	roleArnPattern         = regexp.MustCompile(`^acs:ram::([0-9]{16}):role/([A-Za-z0-9.-]{1,64})$`)
	oidcProviderArnPattern = regexp.MustCompile(`^acs:ram::([0-9]{16}):oidc-provider/([A-Za-z0-9.-]{1,128})$`)
)

func isAccountID(s string) bool { return accountIDPattern.MatchString(s) }

// deriveAccountID gives an account without AccountId a stable 16-digit id,
// so that worlds written before accounts had ids load with the same ids on
// every start.
func deriveAccountID(accessKeyID string) string {
	sum := sha256.Sum256([]byte("ecsmock account " + accessKeyID))
	const base = 1_000_000_000_000_000 // 10^15: the result has 16 digits
	return fmt.Sprintf("%d", base+binary.BigEndian.Uint64(sum[:8])%(9*base))
}

// roleID is the numeric id of a role, as AssumedRoleId and
// GetCallerIdentity show it; stable for an account and role name.
func roleID(accountID, roleName string) string {
	sum := sha256.Sum256([]byte("ecsmock role " + accountID + "/" + strings.ToLower(roleName)))
	const base = 100_000_000_000_000_000 // 10^17: 18 digits
	return fmt.Sprintf("%d", base+binary.BigEndian.Uint64(sum[:8])%(9*base))
}

func roleArn(accountID, roleName string) string {
	return "acs:ram::" + accountID + ":role/" + strings.ToLower(roleName)
}

func oidcProviderArn(accountID, name string) string {
	return "acs:ram::" + accountID + ":oidc-provider/" + name
}

// normalizeRAM checks an account's roles and OIDC providers and fills their
// defaults.
func (a *Account) normalizeRAM() error {
	names := map[string]bool{}
	for i := range a.Roles {
		r := &a.Roles[i]
		if !roleNamePattern.MatchString(r.RoleName) {
			return fmt.Errorf("role %d: RoleName %q must be 1-64 letters, digits, '.' or '-'", i, r.RoleName)
		}
		key := strings.ToLower(r.RoleName)
		if names[key] {
			return fmt.Errorf("role %s appears twice (role names are case-insensitive)", r.RoleName)
		}
		names[key] = true
		if r.MaxSessionDuration == 0 {
			r.MaxSessionDuration = defaultMaxSessionDuration
		}
		if r.MaxSessionDuration < defaultMaxSessionDuration || r.MaxSessionDuration > maxMaxSessionDuration {
			return fmt.Errorf("role %s: MaxSessionDuration %d is not within %d-%d seconds", r.RoleName, r.MaxSessionDuration, defaultMaxSessionDuration, maxMaxSessionDuration)
		}
		for _, id := range r.TrustedAccountIds {
			if !isAccountID(id) {
				return fmt.Errorf("role %s: TrustedAccountIds entry %q is not a 16-digit account id", r.RoleName, id)
			}
		}
		for _, arn := range r.TrustedOIDCProviders {
			if !oidcProviderArnPattern.MatchString(arn) {
				return fmt.Errorf("role %s: TrustedOIDCProviders entry %q is not like acs:ram::<AccountId>:oidc-provider/<name>", r.RoleName, arn)
			}
		}
	}
	providers := map[string]bool{}
	for i, p := range a.OIDCProviders {
		if p.OIDCProviderName == "" || providers[p.OIDCProviderName] {
			return fmt.Errorf("OIDC provider %d: OIDCProviderName %q is empty or used twice", i, p.OIDCProviderName)
		}
		providers[p.OIDCProviderName] = true
		if !oidcProviderArnPattern.MatchString(oidcProviderArn(a.AccountId, p.OIDCProviderName)) {
			return fmt.Errorf("OIDC provider %q: the name must be 1-128 letters, digits, '.' or '-'", p.OIDCProviderName)
		}
		if !strings.HasPrefix(p.IssuerUrl, "https://") {
			return fmt.Errorf("OIDC provider %s: IssuerUrl %q must start with https://", p.OIDCProviderName, p.IssuerUrl)
		}
		if len(p.ClientIds) == 0 {
			return fmt.Errorf("OIDC provider %s: ClientIds must list at least one audience", p.OIDCProviderName)
		}
	}
	return nil
}

func (w *World) accountByID(accountID string) *Account {
	for i := range w.Accounts {
		if w.Accounts[i].AccountId == accountID {
			return &w.Accounts[i]
		}
	}
	return nil
}

func (a *Account) role(name string) *Role {
	for i := range a.Roles {
		if strings.EqualFold(a.Roles[i].RoleName, name) {
			return &a.Roles[i]
		}
	}
	return nil
}

func (a *Account) oidcProvider(name string) *OIDCProvider {
	for i := range a.OIDCProviders {
		if a.OIDCProviders[i].OIDCProviderName == name {
			return &a.OIDCProviders[i]
		}
	}
	return nil
}
