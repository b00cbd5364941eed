package ecsmock

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"sort"
	"strings"
	"time"
)

// stringToSign builds METHOD&%2F&encode(sorted, encoded name=value pairs)
// over every parameter but Signature.
func stringToSign(method string, p params) string {
	names := make([]string, 0, len(p))
	for name := range p {
		if name != "Signature" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, name := range names {
		pairs[i] = percentEncode(name) + "=" + percentEncode(p[name])
	}
	return method + "&" + percentEncode("/") + "&" + percentEncode(strings.Join(pairs, "&"))
}

func sign(toSign, secret string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(toSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// authenticateV1 verifies a signature version 1.0 call (HMAC-SHA1 over the
// query and form parameters) and returns the caller's account.
func (s *Server) authenticateV1(method string, p params, realNow time.Time) (*Account, *apiError) {
	for _, name := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"} {
		if !p.has(name) {
			return nil, missingParameter(name)
		}
	}
	if p["SignatureMethod"] != "HMAC-SHA1" {
		return nil, newAPIError(http.StatusBadRequest, "InvalidParameter", "The specified parameter %q is not valid.", "SignatureMethod")
	}
	if p["SignatureVersion"] != "1.0" {
		return nil, newAPIError(http.StatusBadRequest, "InvalidParameter", "The specified parameter %q is not valid.", "SignatureVersion")
	}
	acct, secret, aerr := s.credential(p["AccessKeyId"], p["SecurityToken"])
	if aerr != nil {
		return nil, aerr
	}
	if aerr := checkTimestamp(p["Timestamp"], realNow); aerr != nil {
		return nil, aerr
	}
	toSign := stringToSign(method, p)
	if !hmac.Equal([]byte(sign(toSign, secret)), []byte(p["Signature"])) {
		return nil, signatureMismatch(toSign)
	}
	if aerr := s.useNonce(p["AccessKeyId"], p["SignatureNonce"], realNow); aerr != nil {
		return nil, aerr
	}
	return acct, nil
}
