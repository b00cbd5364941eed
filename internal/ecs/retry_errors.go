package ecs

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// apiError is a refusal the API answered, with what a user needs to quote
// it: the action, code, HTTP status and RequestId.
type apiError struct {
	Action     string
	Code       string
	Message    string
	RequestID  string
	HTTPStatus int
	// Credentials says where the refused credentials came from (see
	// namingCredentials); "" for other refusals.
	Credentials string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s: %s (HTTP %d): %s [RequestId: %s]", e.Action, e.Code, e.HTTPStatus, e.Message, e.RequestID)
}

// wrapSDKError turns the SDK's error for action into an *apiError when the
// API answered, and otherwise keeps the transport or client error. Either
// way its text is redacted: the API echoes the signed string in some
// refusals, and a transport error quotes the signed request URL.
func wrapSDKError(action string, err error) error {
	if err == nil {
		return nil
	}
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return &apiError{
			Action:     action,
			Code:       se.ErrorCode(),
			Message:    redact(se.Message()),
			RequestID:  se.RequestId(),
			HTTPStatus: se.HttpStatus(),
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &transportError{Action: action, Endpoint: hostOf(ue.URL), Err: err}
	}
	return fmt.Errorf("%s: %w", action, redactedError{err})
}

// hostOf is the host[:port] of a request URL, or the URL's text without
// its query when it does not parse.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	before, _, _ := strings.Cut(raw, "?")
	return before
}

// answer quotes the API's answer for a diagnostic's detail.
func (e *apiError) answer() string {
	return fmt.Sprintf("%s answered %s (HTTP %d): %s\nRequestId: %s", e.Action, e.Code, e.HTTPStatus, e.Message, e.RequestID)
}

// transportError is a call that got no answer from the API: the name did
// not resolve, the connection failed or was cut, or no answer came in
// time. Endpoint is the host[:port] the request went to.
type transportError struct {
	Action   string
	Endpoint string
	Err      error
}

func (e *transportError) Error() string {
	return redact(fmt.Sprintf("%s: %s", e.Action, e.Err))
}

func (e *transportError) Unwrap() error { return e.Err }

// endpointProblem is why the retry policy gave up on an endpoint.
type endpointProblem int

const (
	endpointUnresolvable endpointProblem = iota + 1
	endpointUnreachable
	endpointSilent
)

func (p endpointProblem) String() string {
	switch p {
	case endpointUnresolvable:
		return "the endpoint's host name does not resolve"
	case endpointUnreachable:
		return "the endpoint refuses connections"
	default:
		return "the endpoint does not answer"
	}
}

// endpointError ends the retries of a call whose endpoint is dead (see
// deadEndpoint): it names the endpoint, what is wrong with it, and how
// long the provider tried.
type endpointError struct {
	Action   string
	Endpoint string
	Problem  endpointProblem
	Attempts int
	Waited   time.Duration
	// Err is the last attempt's failure.
	Err error
}

func newEndpointError(err error, problem endpointProblem, attempts int, waited time.Duration) *endpointError {
	e := &endpointError{Problem: problem, Attempts: attempts, Waited: waited, Err: err}
	var te *transportError
	if errors.As(err, &te) {
		e.Action, e.Endpoint = te.Action, te.Endpoint
	}
	return e
}

func (e *endpointError) Error() string {
	tries := fmt.Sprintf("%d attempts in %s", e.Attempts, e.Waited.Round(100*time.Millisecond))
	if e.Attempts == 1 {
		tries = fmt.Sprintf("1 attempt of %s", e.Waited.Round(100*time.Millisecond))
	}
	var what string
	switch e.Problem {
	case endpointUnresolvable:
		what = fmt.Sprintf("the host name of endpoint %s does not resolve", e.Endpoint)
	case endpointUnreachable:
		what = fmt.Sprintf("endpoint %s refused every connection (%s)", e.Endpoint, tries)
	default:
		what = fmt.Sprintf("endpoint %s took the request and sent no answer (%s)", e.Endpoint, tries)
	}
	return fmt.Sprintf("%s: %s. Last error: %s", e.Action, what, redact(e.Err.Error()))
}

func (e *endpointError) Unwrap() error { return e.Err }

// retryLimitError ends the retries of a call at the provider's
// max_retry_timeout, before the operation's own timeout.
type retryLimitError struct {
	Limit    time.Duration
	Attempts int
	Waited   time.Duration
	// Err is the last attempt's failure.
	Err error
}

func (e *retryLimitError) Error() string {
	return fmt.Sprintf("gave up after %d attempts in %s: max_retry_timeout is %s. Last error: %s",
		e.Attempts, e.Waited.Round(100*time.Millisecond), e.Limit, e.Err)
}

func (e *retryLimitError) Unwrap() error { return e.Err }

// notFoundError says the instance does not exist for these credentials.
type notFoundError struct {
	InstanceID string
	Region     string
}

func (e *notFoundError) Error() string {
	return fmt.Sprintf("instance %s not found in %s", e.InstanceID, e.Region)
}

func isNotFound(err error) bool {
	var nf *notFoundError
	if errors.As(err, &nf) {
		return true
	}
	var ae *apiError
	return errors.As(err, &ae) && ae.Code == "InvalidInstanceId.NotFound"
}

// isOrderNotFound: the API does not know the order (for these credentials).
func isOrderNotFound(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Code == "InvalidOrderId.NotFound"
}

// orderCancelledError: the order ended without payment.
type orderCancelledError struct {
	OrderID    string
	InstanceID string
}

func (e *orderCancelledError) Error() string {
	return fmt.Sprintf("order %s for instance %s was cancelled", e.OrderID, e.InstanceID)
}

// waitTimeoutError: the awaited condition did not come before the deadline.
type waitTimeoutError struct {
	What       string
	LastStatus string
	Waited     time.Duration
	Cause      error
}

func (e *waitTimeoutError) Error() string {
	return fmt.Sprintf("timed out after %s waiting for %s (last seen: %s)", e.Waited.Round(time.Second), e.What, e.LastStatus)
}

func (e *waitTimeoutError) Unwrap() error { return e.Cause }

// orderUnpaidError: the deadline passed while the order was still unpaid.
type orderUnpaidError struct {
	OrderID    string
	InstanceID string
	Timeout    *waitTimeoutError
}

func (e *orderUnpaidError) Error() string {
	return fmt.Sprintf("order %s for instance %s is still unpaid: %v", e.OrderID, e.InstanceID, e.Timeout)
}

func (e *orderUnpaidError) Unwrap() error { return e.Timeout }

// permissionCodes are the API's answers for a call the credentials are not
// allowed to make.
var permissionCodes = map[string]bool{
	"Forbidden":              true,
	"Forbidden.RAM":          true,
	"Forbidden.SubUser":      true,
	"Forbidden.NoPermission": true,
	"Forbidden.Unauthorized": true,
	"NoPermission":           true,
	"NotAuthorized":          true,
}

func isPermissionCode(code string) bool { return permissionCodes[code] }

// isCredentialRefusal: the API refused the credentials themselves (key,
// secret, token, clock) or their permission for the call. No retry and no
// other call with them can succeed, so a plan fails on it.
func isCredentialRefusal(err error) bool {
	var ae *apiError
	if !errors.As(err, &ae) {
		return false
	}
	switch {
	case strings.HasPrefix(ae.Code, "InvalidAccessKeyId"), strings.HasPrefix(ae.Code, "InvalidSecurityToken"),
		ae.Code == "SignatureDoesNotMatch", ae.Code == "IncompleteSignature", ae.Code == "InvalidTimeStamp.Expired":
		return true
	}
	return isPermissionCode(ae.Code)
}

// openOrderError: an unpaid order of the instance blocks the change, and it
// is not one this change would have placed.
type openOrderError struct {
	InstanceID string
	OrderID    string
	OrderType  string
	// Want is the kind of order the change places.
	Want string
}

func (e *openOrderError) Error() string {
	return fmt.Sprintf("order %s (%s) for instance %s is unpaid and is not this change's (%s)", e.OrderID, e.OrderType, e.InstanceID, e.Want)
}

// rivalChangeError: while waiting for the change, the instance settled on
// a value that is neither the old one nor the change's.
type rivalChangeError struct {
	InstanceID string
	Found      string
	Want       string
	// Attribute is the first attribute found with the other value.
	Attribute string
}

func (e *rivalChangeError) Error() string {
	return fmt.Sprintf("instance %s settled on %s instead of %s: another change won", e.InstanceID, e.Found, e.Want)
}
