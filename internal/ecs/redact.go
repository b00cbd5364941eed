package ecs

import (
	"regexp"
	"strings"
)

// stringToSignMarker starts the part of a SignatureDoesNotMatch message in
// which the API echoes the whole string it signed: every request parameter,
// the AccessKeyId and an STS SecurityToken included.
const stringToSignMarker = "string to sign is:"

// signedParam matches a signing parameter in a query string, plain or
// percent-encoded once (as inside a string to sign).
var signedParam = regexp.MustCompile(`(?i)\b(AccessKeyId|Signature|SignatureNonce|SecurityToken)(=|%3D)[^&\s"']*`)

// queryString matches the query of a URL quoted in an error
// (one already withheld, starting with "[", is left as it is).
var queryString = regexp.MustCompile(`(https?://[^\s"'?]*)\?[^\s"'\[][^\s"']*`)

// redact removes what a message or error text must never carry into logs
// or diagnostics: the echoed string to sign, the query of a request URL
// and, wherever else they appear, the values of the signing parameters. Secret keys are never part of a request, so
// these are the only places credentials can surface.
func redact(s string) string {
	if i := strings.Index(strings.ToLower(s), stringToSignMarker); i >= 0 {
		s = s[:i+len(stringToSignMarker)] + " [withheld: it holds the request's credentials]"
	}
	s = queryString.ReplaceAllString(s, "$1?[query withheld]")
	return signedParam.ReplaceAllString(s, "$1$2[redacted]")
}

// redactedError shows an error's text redacted while keeping the error
// itself for errors.Is and errors.As, so that a timeout or a cancellation is
// still recognised as one.
type redactedError struct{ err error }

func (e redactedError) Error() string { return redact(e.err.Error()) }

func (e redactedError) Unwrap() error { return e.err }
