package ecsmock

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// oidcClaims are the claims of an OIDC token that AssumeRoleWithOIDC reads.
type oidcClaims struct {
	Issuer   string
	Subject  string
	Audience []string
	Expires  time.Time
	IssuedAt time.Time
}

// UnsignedOIDCToken returns a JWT that the simulator's AssumeRoleWithOIDC
// accepts for a provider with that IssuerUrl and audience until expires (on
// the simulated clock). Its signature is a placeholder: the simulator checks
// the claims, not the signature.
func UnsignedOIDCToken(issuer, audience, subject string, issuedAt, expires time.Time) string {
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	header := enc(map[string]string{"alg": "RS256", "typ": "JWT", "kid": "ecsmock"})
	claims := enc(map[string]any{"iss": issuer, "aud": audience, "sub": subject, "iat": issuedAt.Unix(), "exp": expires.Unix()})
	return header + "." + claims + "." + base64.RawURLEncoding.EncodeToString([]byte("ecsmock-unsigned"))
}

func oidcInvalid(format string, args ...any) *apiError {
	return newAPIError(http.StatusUnauthorized, "AuthenticationFail.OIDCToken.Invalid", format, args...)
}

// parseOIDCToken reads the claims of a JWT without verifying its signature.
func parseOIDCToken(token string) (oidcClaims, *apiError) {
	if token == "" {
		return oidcClaims{}, oidcInvalid("The OIDCToken can not be empty.")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return oidcClaims{}, oidcInvalid("The JWT must have 3 parts separated by '.'.")
	}
	var raw struct {
		Iss string          `json:"iss"`
		Sub string          `json:"sub"`
		Aud json.RawMessage `json:"aud"`
		Exp *int64          `json:"exp"`
		Iat int64           `json:"iat"`
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil || json.Unmarshal(b, &raw) != nil {
		return oidcClaims{}, oidcInvalid("The JWT claims cannot be decoded: they must be base64url-encoded JSON.")
	}
	if raw.Iss == "" || raw.Exp == nil || len(raw.Aud) == 0 {
		return oidcClaims{}, oidcInvalid("The JWT must carry the iss, aud and exp claims.")
	}
	c := oidcClaims{Issuer: raw.Iss, Subject: raw.Sub, Expires: time.Unix(*raw.Exp, 0).UTC(), IssuedAt: time.Unix(raw.Iat, 0).UTC()}
	var one string
	if json.Unmarshal(raw.Aud, &one) == nil {
		c.Audience = []string{one}
	} else if json.Unmarshal(raw.Aud, &c.Audience) != nil {
		return oidcClaims{}, oidcInvalid("The JWT aud claim must be a string or an array of strings.")
	}
	return c, nil
}

// checkOIDCToken applies the provider's rules to a token's claims: issuer,
// audience, expiry on the simulated clock.
func checkOIDCToken(p *OIDCProvider, token string, now time.Time) (oidcClaims, *apiError) {
	c, aerr := parseOIDCToken(token)
	if aerr != nil {
		return c, aerr
	}
	if c.Issuer != p.IssuerUrl {
		return c, newAPIError(http.StatusUnauthorized, "AuthenticationFail.OIDCToken.IssuerNotMatch",
			"The issuer in the OIDC Token doesn't match the OIDC Provider registered: the token says %q, the provider %q.", c.Issuer, p.IssuerUrl)
	}
	if !slices.ContainsFunc(c.Audience, func(aud string) bool { return slices.Contains(p.ClientIds, aud) }) {
		return c, newAPIError(http.StatusUnauthorized, "AuthenticationFail.OIDCToken.AudienceNotMatch",
			"Invalid audience: the token is for %q, the provider accepts %q.", c.Audience, p.ClientIds)
	}
	if !now.Before(c.Expires) {
		return c, newAPIError(http.StatusUnauthorized, "AuthenticationFail.OIDCToken.Expired",
			"This JsonWebToken is expired: it was valid until %s.", c.Expires.Format(timestampLayout))
	}
	return c, nil
}
