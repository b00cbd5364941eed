package ecs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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

func newEndpointError(err error, problem endpointProblem, attempts int, started time.Time) *endpointError {
	e := &endpointError{Problem: problem, Attempts: attempts, Waited: time.Since(started), Err: err}
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

// check is what a user should look at for the problem.
func (e *endpointError) check() string {
	switch e.Problem {
	case endpointUnresolvable:
		return fmt.Sprintf("No DNS record exists for %s. Check the host name in the provider's endpoints block (ecs, bss) and the region: "+
			"without an endpoint set, the provider uses the region's own, so a misspelt region names a host that does not exist. "+
			"Check this machine's DNS settings as well.", hostName(e.Endpoint))
	case endpointUnreachable:
		return fmt.Sprintf("Nothing accepted a connection at %s. Check the host and port in the provider's endpoints block (ecs, bss), "+
			"that protocol matches the endpoint (HTTPS uses port 443 and HTTP port 80 unless the endpoint names a port), "+
			"and any proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) or firewall between this machine and the API.", e.Endpoint)
	default:
		return fmt.Sprintf("%s accepted the connection but never answered. Check that the endpoint in the provider's endpoints block "+
			"(ecs, bss) is the API's and not another service on that port, that protocol matches it (HTTP against an HTTPS "+
			"port, or the reverse, can hang), and any proxy or firewall between this machine and the API. Each attempt waits "+
			"client_read_timeout (30 s by default) for the answer.", e.Endpoint)
	}
}

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

// diagnostic is the last failure's, its detail led by why the provider
// stopped retrying it; for an API answer, the answer itself follows (the
// code's own advice speaks of the operation's timeout).
func (e *retryLimitError) diagnostic() diag.Diagnostic {
	last := diagnose(e.Err)
	after := last.Detail()
	var ae *apiError
	if errors.As(e.Err, &ae) {
		after = ae.answer()
	}
	detail := fmt.Sprintf("The provider stopped retrying after %d attempts in %s because the provider's max_retry_timeout is %s. "+
		"Raise max_retry_timeout (or leave it out to retry until the operation's timeout), or apply again later.\n\n%s",
		e.Attempts, e.Waited.Round(100*time.Millisecond), e.Limit, after)
	if withPath, ok := last.(diag.DiagnosticWithPath); ok {
		return diag.NewAttributeErrorDiagnostic(withPath.Path(), last.Summary(), detail)
	}
	return diag.NewErrorDiagnostic(last.Summary(), detail)
}

// hostName is the host of host[:port].
func hostName(endpoint string) string {
	if h, _, err := net.SplitHostPort(endpoint); err == nil {
		return h
	}
	return endpoint
}

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

// guidance is what a diagnostic says about one API code: what happened and
// what to do, and the attribute it is about, if any.
type guidance struct {
	Summary   string
	Detail    string
	Attribute string
}

// codeGuidance covers every error code of the ModifyInstanceNetworkSpec
// reference, plus the lookup, authentication and transient codes the
// provider meets on the way.
var codeGuidance = map[string]guidance{
	"InvalidInternetMaxBandwidthIn.ValueNotSupported": {
		"Inbound bandwidth not supported",
		"The API refused internet_max_bandwidth_in: it is outside what this instance allows (1 to 200 Mbit/s, or a narrower range for its type and charge type). Set a value inside the range.",
		"internet_max_bandwidth_in",
	},
	"InvalidInternetMaxBandwidthOut.ValueNotSupported": {
		"Outbound bandwidth not supported",
		"The API refused internet_max_bandwidth_out: it is outside what this instance allows (0 to 100 Mbit/s, or a narrower range for its type and charge type). Set a value inside the range.",
		"internet_max_bandwidth_out",
	},
	"IncorrectInstanceStatus": {
		"Instance is in a transitional state",
		"The instance is in a state (such as Starting, Stopping or Pending) in which its bandwidth cannot change; the provider retried until the timeout. Wait until the instance is Running or Stopped, then apply again.",
		"",
	},
	"InvalidInstanceStatus": {
		"Instance state does not allow this change",
		"The instance's state does not allow this change: a classic-network instance must be Stopped to go from 0 to more outbound bandwidth, and an instance is locked for five minutes after a downgrade. Bring the instance into the required state, or wait for the time the message names, then apply again.",
		"",
	},
	"InstanceExpiredOrInArrears": {
		"Instance expired or account in arrears",
		"The subscription of this instance has expired, or the pay-as-you-go account has overdue payments. Renew the instance or settle the account in the Billing Management console, then apply again.",
		"",
	},
	"ChargeTypeViolation": {
		"Not allowed for the instance's billing method",
		"The instance's billing method does not allow this change: a subscription (PrePaid) instance moves from PayByTraffic to PayByBandwidth only (internet_charge_type), and temporary upgrades (temporary_upgrade) are for subscription instances only. Remove that part of the change.",
		"",
	},
	"OperationDenied": {
		"Operation denied for a VPC instance",
		"The API denied the change because the instance is in a VPC (for example, the inbound bandwidth of a VPC instance without a public IP cannot be set on its own). Give the instance outbound bandwidth as well, or manage its public traffic through an EIP.",
		"",
	},
	"InvalidParameter.Bandwidth": {
		"Invalid bandwidth request",
		"The API found no valid bandwidth change in the request: a change needs a bandwidth or charge type to set, and a temporary window needs a bandwidth to apply. Check the bandwidth values against the instance's current ones.",
		"",
	},
	"InvalidParameter.Conflict": {
		"Conflicting settings",
		"The API found settings that cannot go together (for example allocate_public_ip with no outbound bandwidth, a temporary upgrade with another change, or any change while a temporary upgrade is booked or running). Fix the combination the message names, or wait until the window's end_time.",
		"",
	},
	"InvalidStartTime.ValueNotSupported": {
		"Invalid start of the temporary window",
		"The API refused the temporary upgrade's start_time: it is malformed, in the past, or not before end_time. Use a future UTC time as yyyy-MM-ddThh:mmZ, earlier than end_time.",
		"temporary_upgrade",
	},
	"InvalidEndTime.ValueNotSupported": {
		"Invalid end of the temporary window",
		"The API refused the temporary upgrade's end_time: it is malformed or not after start_time. Use a UTC time as yyyy-MM-ddThhZ, later than start_time.",
		"temporary_upgrade",
	},
	"Account.Arrearage": {
		"Account has an outstanding payment",
		"The account has overdue payments, so no change that places an order is accepted. Settle them in the Billing Management console, then apply again.",
		"",
	},
	"InvalidInternetChargeType.ValueNotSupported": {
		"Internet charge type not supported",
		"The API refused internet_charge_type. Use PayByTraffic or PayByBandwidth, as the instance's billing method allows.",
		"internet_charge_type",
	},
	"DecreasedBandwidthNotAllowed": {
		"Bandwidth cannot be lowered",
		"The API does not allow lowering this bandwidth for this instance (for example taking a subscription instance's outbound bandwidth to 0, which would release its public IP). Keep the current value or set a higher one.",
		"internet_max_bandwidth_out",
	},
	"BandwidthUpgradeDenied.EipBoundInstance": {
		"Temporary upgrade denied: an EIP is bound",
		"The VPC instance has an Elastic IP bound, so its bandwidth cannot be upgraded temporarily. Remove the temporary_upgrade block, and change the bandwidth of the EIP instead.",
		"temporary_upgrade",
	},
	"InvalidAccountStatus.NotEnoughBalance": {
		"Not enough balance to pay the order",
		"The account balance does not cover the order, so no order was placed. Top up the account, or set auto_pay = false and pay the order in the console.",
		"auto_pay",
	},
	"InvalidInstance.UnpaidOrder": {
		"An unpaid order is open",
		"An order for this instance (or the account) is waiting for payment, and no new change is accepted until it is paid or cancelled. Pay or cancel it in the Billing Management console (Orders), then apply again.",
		"",
	},
	"IpAllocationError": {
		"Public IP allocation failed",
		"The API could not allocate a public IP address for the instance (the region's pool may be exhausted). Apply again later, or set allocate_public_ip = false and attach an EIP instead.",
		"allocate_public_ip",
	},
	"InvalidParam.AllocatePublicIp": {
		"Public IP cannot be allocated",
		"The API refused allocate_public_ip: the instance already has a public IP or an EIP. Set allocate_public_ip = false.",
		"allocate_public_ip",
	},
	"InstanceDowngrade.QuotaExceed": {
		"Downgrade quota used up",
		"A subscription instance can be downgraded at most three times (the price difference is refunded at most three times), and this instance has used them. Keep the current bandwidth or raise it.",
		"internet_max_bandwidth_out",
	},
	"InvalidBandwidth.ValueNotSupported": {
		"Temporary bandwidth lower than the current one",
		"A temporary upgrade cannot go below the instance's current bandwidth. Set the bandwidth for the window to at least the current values.",
		"temporary_upgrade",
	},
	"InvalidInstance.InstanceNotSupported": {
		"The bandwidth belongs to the bound EIP",
		"The VPC instance has an Elastic IP bound, and its public bandwidth is the EIP's, not the instance's. Change the EIP's bandwidth, or unbind the EIP first.",
		"",
	},
	"InvalidInstanceId.NotFound": {
		"Instance not found",
		"No instance with this ID exists in the provider's region for these credentials. Check instance_id, the provider's region and the account.",
		"instance_id",
	},
	"IdempotentParameterMismatch": {
		"Change token reused with other settings",
		"The provider reuses a change's ClientToken only to resume that same change, and the API saw it with different settings. Apply again: a new change gets a new token.",
		"",
	},
	"MissingParameter": {
		"Request incomplete",
		"The API found a required parameter missing. This is a provider bug; please report it with the message below.",
		"",
	},
	"InvalidParameter": {
		"Invalid parameter",
		"The API refused a parameter of the request. Check the value the message names.",
		"",
	},
	"SignatureDoesNotMatch": {
		"Wrong secret_key",
		"The API could not verify the request's signature: the secret key does not belong to the access key. Check secret_key, " +
			"or the environment variable (ALICLOUD_SECRET_KEY) or profile that supplies it.",
		"",
	},
	"InvalidAccessKeyId.NotFound": {
		"Unknown access_key",
		"The API knows no access key with this ID: it is mistyped, deleted, or of another account. Check access_key, " +
			"or the environment variable (ALICLOUD_ACCESS_KEY) or profile that supplies it.",
		"",
	},
	"InvalidAccessKeyId.Inactive": {
		"Disabled access_key",
		"The access key is disabled. Enable it in the RAM console, or set access_key and secret_key to an active key.",
		"",
	},
	"InvalidSecurityToken.Expired": {
		"Expired security_token",
		"The STS security token has expired. Get new temporary credentials and set security_token together with the " +
			"access_key and secret_key issued with it.",
		"",
	},
	"InvalidSecurityToken.MismatchWithAccessKey": {
		"security_token does not match access_key",
		"The STS security token was issued with another access key. Set security_token together with the access_key and " +
			"secret_key issued with it.",
		"",
	},
	"InvalidSecurityToken.Malformed": {
		"Invalid security_token",
		"The API cannot read the STS security token. Check security_token (or ALICLOUD_SECURITY_TOKEN): it must be the " +
			"whole token issued with the access key.",
		"",
	},
	"InvalidTimeStamp.Expired": {
		"Local clock out of sync",
		"The request's timestamp differs from the API's clock by more than 15 minutes. Synchronise this machine's clock, then apply again.",
		"",
	},
	"Throttling": {
		"API throttled",
		"The API kept throttling the requests until the timeout. Apply again later, lower -parallelism, or raise the timeouts.",
		"",
	},
	"ServiceUnavailable": {
		"API unavailable",
		"The API kept answering that it is unavailable until the timeout. Apply again later.",
		"",
	},
	"InternalError": {
		"API internal error",
		"The API kept failing with an internal error until the timeout. Apply again later.",
		"",
	},
	"LastOrderProcessing": {
		"Previous order still processing",
		"A previous order for the instance was still being processed until the timeout. Apply again once it completes.",
		"",
	},
}

// explainedError is an error that knows its own diagnostic.
type explainedError interface {
	error
	diagnostic() diag.Diagnostic
}

// guidanceFor is what to say about a refusal: the code's own guidance,
// or that of its family.
func guidanceFor(ae *apiError) (guidance, bool) {
	if g, ok := codeGuidance[ae.Code]; ok {
		return g, true
	}
	switch {
	case strings.HasPrefix(ae.Code, "Throttling."):
		return codeGuidance["Throttling"], true
	case strings.HasPrefix(ae.Code, "InvalidSecurityToken."):
		return codeGuidance["InvalidSecurityToken.Malformed"], true
	case isPermissionCode(ae.Code):
		action := ramAction(ae.Action)
		return guidance{
			Summary: "Permission denied: grant " + action,
			Detail: fmt.Sprintf("The credentials are not allowed to call %s. Grant the RAM user or role the action %s in a RAM policy. "+
				"The provider calls %s.", ae.Action, action, strings.Join(ramActionsNeeded, ", ")),
		}, true
	}
	return guidance{}, false
}

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

// bssActions are the actions of the billing API, whose RAM actions are
// bssapi:<action>; every other action the provider calls is ECS's.
var bssActions = map[string]bool{"GetOrderDetail": true, "QueryOrders": true}

// ramAction is the RAM action that allows calling action.
func ramAction(action string) string {
	if bssActions[action] {
		return "bssapi:" + action
	}
	return "ecs:" + action
}

// ramActionsNeeded are the RAM actions of every call the provider makes.
var ramActionsNeeded = []string{
	"ecs:DescribeInstances", "ecs:DescribeBandwidthLimitation", "ecs:ModifyInstanceNetworkSpec",
	"ecs:AllocatePublicIpAddress (with allocate_public_ip)", "bssapi:GetOrderDetail", "bssapi:QueryOrders",
}

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

// namingCredentials has a refusal of the credentials (or of their
// permission) name where they came from, so that a user fixes the source
// actually in use: a key in the environment shadowed by the block, a
// profile other than the one they think.
func namingCredentials(err error, source string) error {
	var ae *apiError
	if source != "" && isCredentialRefusal(err) && errors.As(err, &ae) {
		ae.Credentials = source
	}
	return err
}

// diagnose turns any error of an operation into a diagnostic that says
// what happened and what to do.
func diagnose(err error) diag.Diagnostic {
	var (
		ee  *endpointError
		ae  *apiError
		nf  *notFoundError
		oc  *orderCancelledError
		ou  *orderUnpaidError
		wt  *waitTimeoutError
		sum string
		det string
		at  string
	)
	var explained explainedError
	switch {
	case errors.As(err, &explained):
		return explained.diagnostic()
	case errors.As(err, &ee):
		sum = map[endpointProblem]string{
			endpointUnresolvable: "API endpoint does not resolve",
			endpointUnreachable:  "API endpoint refuses connections",
			endpointSilent:       "API endpoint does not answer",
		}[ee.Problem]
		det = ee.Error() + "\n\n" + ee.check()
	case errors.As(err, &ae):
		g, ok := guidanceFor(ae)
		if !ok {
			g = guidance{
				Summary: "API refused the request",
				Detail:  "The API refused the request with a code this provider has no advice for; the message below says why.",
			}
			if ae.HTTPStatus >= 500 {
				g.Detail = "The API kept failing until the timeout. Apply again later."
			}
		}
		sum, at = g.Summary, g.Attribute
		det = g.Detail + "\n\n" + ae.answer()
		if ae.Credentials != "" {
			det = g.Detail + "\n\nCredentials in use: " + ae.Credentials + ".\n\n" + ae.answer()
		}
	case errors.As(err, &nf):
		sum, at = "Instance not found", "instance_id"
		det = fmt.Sprintf("No instance %s exists in region %s for these credentials. Check instance_id, the provider's region and the account.",
			nf.InstanceID, nf.Region)
	case errors.As(err, &oc):
		sum = "Order cancelled"
		det = fmt.Sprintf("Order %s for instance %s was cancelled before it was paid, so the change was not made. "+
			"Apply again to place a new order (with auto_pay = true, make sure the balance covers it).", oc.OrderID, oc.InstanceID)
	case errors.As(err, &ou):
		sum = "Order not paid"
		det = fmt.Sprintf("Order %s for instance %s was still unpaid after %s. Pay it in the Billing Management console (Orders), "+
			"then run terraform apply again: the provider resumes waiting on this order instead of placing another. "+
			"To have orders paid from the balance, set auto_pay = true.", ou.OrderID, ou.InstanceID, ou.Timeout.Waited.Round(time.Second))
	case errors.As(err, &wt):
		sum = "Timed out waiting"
		det = fmt.Sprintf("Timed out after %s waiting for %s; last seen: %s. The change may still complete: run terraform apply "+
			"again to resume, or raise the timeouts.", wt.Waited.Round(time.Second), wt.What, wt.LastStatus)
	case errors.Is(err, context.Canceled):
		sum = "Interrupted"
		det = "The operation was interrupted before it finished. Run terraform apply again to resume: " + err.Error()
	default:
		sum = "Cannot reach the API"
		det = "The request did not get an answer from the API: " + err.Error()
		var te *transportError
		if errors.As(err, &te) {
			det = fmt.Sprintf("The request to endpoint %s did not get an answer from the API: %s", te.Endpoint, err)
		}
		det += "\n\nCheck the provider's endpoints and protocol, and the network."
	}
	if at != "" {
		return diag.NewAttributeErrorDiagnostic(path.Root(at), sum, det)
	}
	return diag.NewErrorDiagnostic(sum, det)
}
