package ecsmock

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// API versions served on the one listener.
const (
	ecsVersion = "2014-05-26"
	bssVersion = "2017-12-14"
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

func badRequest(code, format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, code, format, args...)
}

func forbidden(code, format string, args ...any) *apiError {
	return newAPIError(http.StatusForbidden, code, format, args...)
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

// intParam reads an optional paging parameter: an integer within [1, hi].
func intParam(p params, name string, def, hi int) (int, *apiError) {
	if !p.has(name) {
		return def, nil
	}
	n, err := strconv.Atoi(p[name])
	if err != nil || n < 1 || n > hi {
		return 0, newAPIError(http.StatusBadRequest, "InvalidParameter",
			"The specified parameter %q is not valid: an integer from 1 to %d is expected.", name, hi)
	}
	return n, nil
}

// readParams merges the query string and a form body, as clients may put
// parameters in either. For a signature V3 call, Action, Version and
// AccessKeyId are those of its x-acs-action and x-acs-version headers and
// its Credential, whatever the query says. The body stays readable, for the
// V3 body hash; serveAPI bounds it (maxRequestBody).
func readParams(r *http.Request) (params, error) {
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	err := r.ParseForm()
	if r.Body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if err != nil {
		return nil, err
	}
	p := params{}
	for name, values := range r.Form {
		if len(values) > 0 {
			p[name] = values[0]
		}
	}
	if isV3(r) {
		for name, v := range map[string]string{
			"Action":      r.Header.Get("x-acs-action"),
			"Version":     r.Header.Get("x-acs-version"),
			"AccessKeyId": v3Credential(r),
		} {
			delete(p, name)
			if v != "" {
				p[name] = v
			}
		}
	}
	return p, nil
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
