package ecsmock

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// stsKeyPrefix starts the AccessKeyId of every temporary key, as on the
// real cloud.
const stsKeyPrefix = "STS."

// session is what a SecurityToken carries: who assumed which role, until
// when. The token is this JSON, base64url, a dot, and an HMAC-SHA256 over
// that text keyed by the role account's AccessKeySecret, so the simulator
// keeps no table of sessions: a token stays good across restarts and state
// reloads, and dies with its account or a change of that account's secret.
type session struct {
	AccessKeyId     string `json:"k"`
	AccountId       string `json:"a"`
	RoleName        string `json:"r"`
	RoleSessionName string `json:"s"`
	Expiration      int64  `json:"e"` // Unix seconds, simulated clock
	// Policy is the session policy AssumeRole was given, enforced on each
	// call; empty for none.
	Policy string `json:"p,omitempty"`
}

// stsCredentials are temporary credentials as STS returns them.
type stsCredentials struct {
	AccessKeyId     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      string
}

// credential resolves the AccessKeyId a call presents, with the
// SecurityToken it carries (empty when none), to the account the call acts
// in and the secret its signature is made with. Every signature verifier
// goes through it, so that permanent and temporary keys are judged the same
// way whatever the signature version. Callers hold s.mu.
func (s *Server) credential(accessKeyID, securityToken string) (*Account, string, *apiError) {
	if securityToken == "" {
		if strings.HasPrefix(accessKeyID, stsKeyPrefix) {
			return nil, "", newAPIError(http.StatusBadRequest, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
		}
		acct := s.world.account(accessKeyID)
		if acct == nil {
			return nil, "", newAPIError(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		}
		return acct, acct.AccessKeySecret, nil
	}
	sess, acct, aerr := s.session(securityToken)
	if aerr != nil {
		return nil, "", aerr
	}
	if sess.AccessKeyId != accessKeyID {
		return nil, "", newAPIError(http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.")
	}
	if !s.now().Before(time.Unix(sess.Expiration, 0)) {
		return nil, "", newAPIError(http.StatusBadRequest, "InvalidSecurityToken.Expired",
			"Specified SecurityToken is expired: it was valid until %s.", time.Unix(sess.Expiration, 0).UTC().Format(timestampLayout))
	}
	return acct, sessionSecret(acct, accessKeyID), nil
}

// session reads and verifies a SecurityToken, returning what it carries
// and the account of its role.
func (s *Server) session(token string) (session, *Account, *apiError) {
	malformed := newAPIError(http.StatusBadRequest, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.")
	body, mac, ok := strings.Cut(token, ".")
	if !ok {
		return session{}, nil, malformed
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return session{}, nil, malformed
	}
	var sess session
	if json.Unmarshal(raw, &sess) != nil {
		return session{}, nil, malformed
	}
	acct := s.world.accountByID(sess.AccountId)
	if acct == nil || !hmac.Equal([]byte(mac), []byte(tokenMAC(acct, body))) {
		return session{}, nil, malformed
	}
	return sess, acct, nil
}

// issue mints temporary credentials for a session in acct.
func issue(acct *Account, sess session) stsCredentials {
	sess.AccessKeyId = stsKeyPrefix + randomAlphanumeric(24)
	sess.AccountId = acct.AccountId
	raw, err := json.Marshal(sess)
	if err != nil {
		panic(err)
	}
	body := base64.RawURLEncoding.EncodeToString(raw)
	return stsCredentials{
		AccessKeyId:     sess.AccessKeyId,
		AccessKeySecret: sessionSecret(acct, sess.AccessKeyId),
		SecurityToken:   body + "." + tokenMAC(acct, body),
		Expiration:      time.Unix(sess.Expiration, 0).UTC().Format(timestampLayout),
	}
}

func tokenMAC(acct *Account, body string) string {
	return keyedHash(acct.AccessKeySecret, "token\x00"+body)
}

// sessionSecret derives a temporary key's secret from its id, so that it
// need not be stored either.
func sessionSecret(acct *Account, accessKeyID string) string {
	return keyedHash(acct.AccessKeySecret, "secret\x00"+accessKeyID)[:32]
}

func keyedHash(key, msg string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func randomAlphanumeric(n int) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
