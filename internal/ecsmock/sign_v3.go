package ecsmock

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// v3Algorithm is the signature V3 scheme served; the SDKs use it by default.
const v3Algorithm = "ACS3-HMAC-SHA256"

// isV3 tells a signature V3 call by its Authorization header; any other call
// is judged as signature version 1.0.
func isV3(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-")
}

// v3Authorization is the parsed Authorization header of a V3 call:
// ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex>.
type v3Authorization struct {
	Algorithm     string
	Credential    string
	SignedHeaders []string
	Signature     string
}

func parseV3Authorization(header string) (v3Authorization, bool) {
	var a v3Authorization
	algorithm, rest, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok {
		return a, false
	}
	a.Algorithm = algorithm
	for part := range strings.SplitSeq(rest, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return a, false
		}
		switch name {
		case "Credential":
			a.Credential = value
		case "SignedHeaders":
			for h := range strings.SplitSeq(value, ";") {
				if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
					a.SignedHeaders = append(a.SignedHeaders, h)
				}
			}
		case "Signature":
			a.Signature = value
		default:
			return a, false
		}
	}
	slices.Sort(a.SignedHeaders)
	a.SignedHeaders = slices.Compact(a.SignedHeaders)
	return a, a.Credential != "" && len(a.SignedHeaders) > 0 && a.Signature != ""
}

// v3Credential is the AccessKeyId a V3 call presents, for routing faults and
// the call record before it is verified; empty when unreadable.
func v3Credential(r *http.Request) string {
	a, _ := parseV3Authorization(r.Header.Get("Authorization"))
	return a.Credential
}

// authenticateV3 verifies a signature V3 call and returns the caller's
// account. The checks and their codes follow signature version 1.0; the
// body must be readable (readParams keeps it so).
func (s *Server) authenticateV3(r *http.Request, realNow time.Time) (*Account, *apiError) {
	auth, ok := parseV3Authorization(r.Header.Get("Authorization"))
	if !ok {
		return nil, newAPIError(http.StatusBadRequest, "IncompleteSignature",
			"The request signature does not conform to Aliyun standards: Authorization must be %q.",
			v3Algorithm+" Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>")
	}
	if auth.Algorithm != v3Algorithm {
		return nil, newAPIError(http.StatusBadRequest, "InvalidParameter",
			"The specified signature algorithm %q is not supported; use %s.", auth.Algorithm, v3Algorithm)
	}
	for _, name := range []string{"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		if r.Header.Get(name) == "" {
			return nil, missingParameter(name)
		}
	}
	// Every x-acs-* header and host must be signed, or they could be
	// changed in transit without breaking the signature.
	for name := range r.Header {
		if lower := strings.ToLower(name); strings.HasPrefix(lower, "x-acs-") && !slices.Contains(auth.SignedHeaders, lower) {
			return nil, unsignedHeader(lower)
		}
	}
	if !slices.Contains(auth.SignedHeaders, "host") {
		return nil, unsignedHeader("host")
	}
	acct, secret, aerr := s.credential(auth.Credential, r.Header.Get("x-acs-security-token"))
	if aerr != nil {
		return nil, aerr
	}
	if aerr := checkTimestamp(r.Header.Get("x-acs-date"), realNow); aerr != nil {
		return nil, aerr
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, newAPIError(http.StatusBadRequest, "InvalidParameter", "The request body could not be read: %v", err)
	}
	sum := sha256.Sum256(body)
	bodyHash := hex.EncodeToString(sum[:])
	if !strings.EqualFold(r.Header.Get("x-acs-content-sha256"), bodyHash) {
		return nil, newAPIError(http.StatusBadRequest, "SignatureDoesNotMatch",
			"Specified signature is not matched with our calculation: x-acs-content-sha256 is not the SHA-256 of the request body (%s).", bodyHash)
	}
	toSign := v3Algorithm + "\n" + hexSHA256(canonicalRequestV3(r, auth.SignedHeaders, bodyHash))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(toSign))
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(strings.ToLower(auth.Signature))) {
		return nil, signatureMismatch(toSign)
	}
	if aerr := s.useNonce(auth.Credential, r.Header.Get("x-acs-signature-nonce"), realNow); aerr != nil {
		return nil, aerr
	}
	return acct, nil
}

func unsignedHeader(name string) *apiError {
	return newAPIError(http.StatusBadRequest, "IncompleteSignature",
		"The request signature does not conform to Aliyun standards: header %q must be listed in SignedHeaders.", name)
}

// canonicalRequestV3 is METHOD, canonical URI, canonical query, canonical
// headers (one "name:value\n" each), the signed-header list and the body
// hash, joined by newlines. signed is sorted.
func canonicalRequestV3(r *http.Request, signed []string, bodyHash string) string {
	uri := r.URL.EscapedPath()
	if uri == "" {
		uri = "/"
	}
	var headers strings.Builder
	for _, name := range signed {
		values := headerValues(r, name)
		for i := range values {
			values[i] = strings.TrimSpace(values[i])
		}
		slices.Sort(values)
		headers.WriteString(name + ":" + strings.Join(values, ",") + "\n")
	}
	return strings.Join([]string{r.Method, uri, canonicalQueryV3(r.URL.RawQuery), headers.String(), strings.Join(signed, ";"), bodyHash}, "\n")
}

// headerValues are the values a client sent for a header; net/http moves
// Host out of Request.Header.
func headerValues(r *http.Request, name string) []string {
	if name == "host" {
		return []string{r.Host}
	}
	return slices.Clone(r.Header.Values(name))
}

// canonicalQueryV3 is the query's name=value pairs sorted by name (then
// value), each RFC 3986 encoded; an unreadable query signs as sent.
func canonicalQueryV3(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return raw
	}
	names := slices.Sorted(maps.Keys(q))
	var pairs []string
	for _, name := range names {
		values := slices.Sorted(slices.Values(q[name]))
		for _, v := range values {
			pairs = append(pairs, percentEncode(name)+"="+percentEncode(v))
		}
	}
	return strings.Join(pairs, "&")
}

func hexSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
