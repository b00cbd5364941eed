package ecsmock

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// API versions served on the one listener.
const (
	ecsVersion = "2014-05-26"
	bssVersion = "2017-12-14"
)

const (
	// timestampSkew is how far a request's Timestamp may be from the real
	// clock; nonces are remembered for as long.
	timestampSkew   = 15 * time.Minute
	timestampLayout = "2006-01-02T15:04:05Z"
)

// apiError is a refusal as the API words it: HTTP status, Code, Message.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func newAPIError(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func missingParameter(name string) *apiError {
	return newAPIError(http.StatusBadRequest, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", name)
}

// errorBody is the error document of the RPC APIs: every field a string (the
// SDK panics on anything else).
type errorBody struct {
	RequestId string
	HostId    string
	Code      string
	Message   string
	Recommend string
}

// params are a request's parameters, query and form merged, first value of
// each name.
type params map[string]string

func (p params) has(name string) bool { _, ok := p[name]; return ok && p[name] != "" }

// readParams merges the query string and a form body, as the SDK may put
// parameters in either.
func readParams(r *http.Request) (params, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	p := params{}
	for name, values := range r.Form {
		if len(values) > 0 {
			p[name] = values[0]
		}
	}
	return p, nil
}

// percentEncode is the RFC 3986 encoding of signature version 1.0.
func percentEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}

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

// authenticate applies the protocol checks common to every action, in the
// order the gateway applies them, and returns the caller's account.
func (s *Server) authenticate(method string, p params, realNow time.Time) (*Account, *apiError) {
	for _, name := range []string{"Action", "Version", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"} {
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
	ts, err := time.Parse(timestampLayout, p["Timestamp"])
	if err != nil {
		return nil, newAPIError(http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
	}
	if skew := realNow.Sub(ts); skew > timestampSkew || skew < -timestampSkew {
		return nil, newAPIError(http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	}
	toSign := stringToSign(method, p)
	if !hmac.Equal([]byte(sign(toSign, secret)), []byte(p["Signature"])) {
		return nil, newAPIError(http.StatusBadRequest, "SignatureDoesNotMatch",
			"Specified signature is not matched with our calculation. server string to sign is:%s", toSign)
	}
	s.forgetOldNonces(realNow)
	key := p["AccessKeyId"] + "\x00" + p["SignatureNonce"]
	if _, used := s.nonces[key]; used {
		return nil, newAPIError(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	s.nonces[key] = realNow
	return acct, nil
}

// forgetOldNonces drops nonces whose request would now fail the timestamp
// check anyway.
func (s *Server) forgetOldNonces(realNow time.Time) {
	if realNow.Sub(s.noncesPruned) < time.Minute {
		return
	}
	s.noncesPruned = realNow
	for key, seen := range s.nonces {
		if realNow.Sub(seen) > 2*timestampSkew {
			delete(s.nonces, key)
		}
	}
}

// newRequestID returns an id shaped like the API's RequestId.
func newRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	h := strings.ToUpper(hex.EncodeToString(b[:]))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"Code":"InternalError","Message":"The response could not be encoded."}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func errorResponse(e *apiError, requestID, host string) errorBody {
	return errorBody{
		RequestId: requestID,
		HostId:    host,
		Code:      e.Code,
		Message:   e.Message,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(e.Code),
	}
}
