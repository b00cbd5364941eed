package ecs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// backoff is the delay between two attempts of a call (see retry): it
// grows by factor from min up to max, each delay moved by up to ±jitter of
// itself so that many waiting resources do not call the API in step.
type backoff struct {
	min    time.Duration
	max    time.Duration
	factor float64
	jitter float64
}

// delay is the pause after the given attempt (0 for the first), jittered
// by c.
func (b backoff) delay(c clock.Clock, attempt int) time.Duration {
	d := float64(b.min)
	for i := 0; i < attempt && d < float64(b.max); i++ {
		d *= b.factor
	}
	return clock.Jitter(c, time.Duration(min(d, float64(b.max))), b.jitter)
}

// retryBackoff paces the retries of one API call: the first after about
// half a second, doubling up to eight seconds, each moved by up to half of
// itself so that resources throttled together do not retry in step. It is
// separate from the waits' pace: a retry answers the API's "not now",
// which wants spread, while the waits' checks go in step on purpose (the
// read batching joins them into one call).
var retryBackoff = backoff{min: 500 * time.Millisecond, max: 8 * time.Second, factor: 2, jitter: 0.5}

// throttleBackoff paces the retries of a throttled call: the client's
// limiter meets a quota by pacing the action, and a retry waits for that
// pace too, so the backoff only spreads the retries (from a quarter of a
// second, doubling up to one second). Random throttling, which no pace
// eases, then costs a throttled call a second or two, not the long
// backoff a failing server gets.
var throttleBackoff = backoff{min: 250 * time.Millisecond, max: time.Second, factor: 2, jitter: 0.5}

// retryBudget bounds the retries of a call made without a deadline (plan
// time): Terraform gives those none, and a throttled plan must still end.
const retryBudget = 2 * time.Minute

// How long a dead endpoint is retried. An endpoint that refuses
// connections (nothing listens, or a firewall rejects them) may be a
// service restarting: it gets about 20 s of retries. One that accepts and
// then never answers costs a read timeout per attempt, so it gets two
// attempts. Throttling and server errors are the API answering; they are
// retried until the operation's deadline.
const (
	unreachableBudget = 20 * time.Second
	silentAttempts    = 2
)

// retry is the provider's one retry policy. It runs call until it succeeds,
// fails for good (see classify), or the operation's deadline or
// cancellation comes; retried failures wait retryBackoff between attempts,
// Throttling throttleBackoff. An assumed role's token refused as expired
// is renewed once and the call made again at once.
//
// It is also the one path of every API call through the client's limiter:
// each attempt waits for the action's pace, and each answer tells the
// limiter whether the API throttled it.
//
// The SDK's own retry stays off (see conns): it retries only transport
// errors and 5xx, without jitter or regard for the operation's deadline,
// and it would repeat a call underneath this policy's count.
//
// A retry that would start after the deadline is not made: the last API
// error is returned at once, so the user sees what the API kept answering
// rather than a bare timeout. An endpoint that cannot be reached ends the
// loop with an *endpointError naming it.
//
// The client's max_retry_timeout, when set, bounds the retries further: a
// retry that would start later than that after the first attempt is not
// made, and the error (a *retryLimitError) says so.
func retry[T any](ctx context.Context, client *conns.Client, what string, call func() (T, error)) (T, error) {
	var zero T
	limiter, retryLimit, clk := client.Limiter(), client.MaxRetryTimeout(), client.Clock()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, retryBudget)
		defer cancel()
	}
	ctx = apiLogContext(ctx)
	action, _, _ := strings.Cut(what, " ")
	started := clk.Now()
	var (
		lastErr           error
		dead              = deadEndpoint{clock: clk}
		throttled, failed int
		// renewed: the assumed role's session was renewed once already.
		renewed bool
	)
	for attempt := 1; ; attempt++ {
		// end is the error of a loop that ctx ended.
		end := func() error {
			return stoppedAfter(ctx, what, dead.last(lastErr, attempt, started), clk.Now().Sub(started))
		}
		if err := limiter.Wait(ctx, action); err != nil {
			return zero, end()
		}
		callStarted, session := clk.Now(), client.SessionGeneration()
		v, err := call()
		logAttempt(ctx, what, attempt, clk.Now().Sub(callStarted), v, err)
		switch {
		case err == nil:
			limiter.Succeeded(action)
		case isThrottling(err):
			limiter.Throttled(ctx, action)
		}
		if err == nil {
			return v, nil
		}
		if ctx.Err() != nil {
			if lastErr == nil {
				// The deadline cut the first attempt short: name its endpoint.
				lastErr = dead.cutShort(err, attempt, started)
			}
			return zero, end()
		}
		if !renewed && isExpiredToken(err) && client.ExpireSession(session) {
			// The API's clock passed the assumed role's session before the
			// renewal's schedule: assume the role again and retry at once.
			renewed = true
			logRetry(ctx, what, attempt, 0, err)
			continue
		}
		kind := classify(err)
		if e := dead.see(err, kind, attempt, callStarted, started); e != nil {
			logGiveUp(ctx, what, attempt, e.Problem.String())
			return zero, e
		}
		if kind == failFinal {
			return zero, namingCredentials(err, client.CredentialSource())
		}
		lastErr = err
		// Each kind of failure backs off by its own count, so that a
		// server error after a run of random Throttling waits as the first
		// server error does.
		var d time.Duration
		if isThrottling(err) {
			d = throttleBackoff.delay(clk, throttled)
			throttled++
		} else {
			d = retryBackoff.delay(clk, failed)
			failed++
		}
		// The deadline is the context's, on the machine's clock.
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
			logGiveUp(ctx, what, attempt, "the deadline comes before the next retry")
			return zero, dead.last(err, attempt, started)
		}
		if e := dead.before(d, attempt, started); e != nil {
			logGiveUp(ctx, what, attempt, e.Problem.String())
			return zero, e
		}
		if waited := clk.Now().Sub(started); retryLimit > 0 && waited+d > retryLimit {
			logGiveUp(ctx, what, attempt, "max_retry_timeout comes before the next retry")
			return zero, &retryLimitError{Limit: retryLimit, Attempts: attempt, Waited: waited, Err: dead.last(err, attempt, started)}
		}
		logRetry(ctx, what, attempt, d, err)
		if clk.Sleep(ctx, d) != nil {
			return zero, end()
		}
	}
}

// stoppedAfter is the error of a retry loop that ctx ended after waited:
// the last transient error when the deadline passed, else the
// cancellation or a timeout naming the call.
func stoppedAfter(ctx context.Context, what string, lastErr error, waited time.Duration) error {
	if lastErr != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return lastErr
	}
	status := "no answer"
	if lastErr != nil {
		status = lastErr.Error()
	}
	return stopped(ctx, what, status, waited)
}

// failure is what one failed attempt tells the retry policy.
type failure int

const (
	// failFinal: an answer or a set-up that no retry changes: a refusal
	// of the request, the credentials or the permission, a TLS failure,
	// a cancellation.
	failFinal failure = iota
	// failTransient goes away by itself: throttling, a 5xx, a "try later"
	// code, a connection cut mid-call, an answer that is not the API's.
	// Retried until the operation's deadline.
	failTransient
	// failUnresolvable: the endpoint's host name does not resolve. Not
	// retried: a name that does not exist will not in a second either.
	failUnresolvable
	// failUnreachable: no connection could be made (refused, connect
	// timeout, no route). Retried for unreachableBudget.
	failUnreachable
	// failSilent: the endpoint took the request and sent no answer within
	// the read timeout (or the TLS handshake timeout). Retried up to
	// silentAttempts in all.
	failSilent
)

// classify tells what a failed call means for the retry policy. It is the
// one place that decides what is retried, and for how long.
func classify(err error) failure {
	if err == nil || errors.Is(err, context.Canceled) {
		return failFinal
	}
	var ae *apiError
	if errors.As(err, &ae) {
		if transientCodes[ae.Code] || ae.HTTPStatus >= 500 {
			return failTransient
		}
		return failFinal
	}
	if isTLSFailure(err) {
		return failFinal
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		if dns.IsNotFound || (!dns.IsTimeout && !dns.IsTemporary) {
			return failUnresolvable
		}
		return failUnreachable
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return failUnreachable
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			// The read timeout (http.Client.Timeout) or the TLS handshake
			// timeout: the endpoint took the connection and said nothing.
			// The operation's own deadline is the caller's to check.
			return failSilent
		}
		return failTransient
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return failFinal
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return failTransient
	}
	var ce *sdkerrors.ClientError
	if errors.As(err, &ce) {
		// A body that is not the API's JSON comes from something between
		// the provider and the API (a proxy, a cut connection).
		if ce.ErrorCode() == sdkerrors.TimeoutErrorCode || ce.ErrorCode() == sdkerrors.JsonUnmarshalErrorCode {
			return failTransient
		}
	}
	return failFinal
}

// transientCodes are refusals that go away by themselves: throttling,
// server trouble, another order still being processed, an instance in a
// transitional state. Anything else is permanent and fails at once.
var transientCodes = map[string]bool{
	"Throttling":                  true,
	"Throttling.User":             true,
	"Throttling.Api":              true,
	"Throttling.Resource":         true,
	"ServiceUnavailable":          true,
	"InternalError":               true,
	"UnknownError":                true,
	"LastOrderProcessing":         true,
	"OperationConflict":           true,
	"Operation.Conflict":          true,
	"IncorrectInstanceStatus":     true,
	"SignatureNonceUsed":          true,
	"OrderProcessing":             true,
	"InvalidOperation.Processing": true,
}

// isTLSFailure: the endpoint's certificate or TLS set-up is wrong, which
// no retry mends.
func isTLSFailure(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		record           tls.RecordHeaderError
		verify           *tls.CertificateVerificationError
	)
	return errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &record) || errors.As(err, &verify)
}

// isRetryable: the retry policy tries again after err (for a while, for a
// dead endpoint).
func isRetryable(err error) bool {
	return classify(err) != failFinal && classify(err) != failUnresolvable
}

// deadEndpoint follows the transport failures of one retry loop to end it
// once the endpoint is known dead: at once for a name that does not
// resolve, after unreachableBudget of refused connections, after
// silentAttempts attempts without an answer. Any answer starts it afresh.
type deadEndpoint struct {
	clock            clock.Clock
	unreachableSince time.Time
	silent           int
	// lastKind and lastErr are the last transport failure seen.
	lastKind failure
	lastErr  error
}

// see records one failed attempt and returns the error that ends the loop,
// if the endpoint is dead.
func (d *deadEndpoint) see(err error, kind failure, attempt int, callStarted, started time.Time) *endpointError {
	switch kind {
	case failUnresolvable:
		return newEndpointError(err, endpointUnresolvable, attempt, d.clock.Now().Sub(started))
	case failUnreachable:
		if d.unreachableSince.IsZero() {
			d.unreachableSince = callStarted
		}
		d.silent = 0
	case failSilent:
		d.silent++
		d.unreachableSince = time.Time{}
		if d.silent >= silentAttempts {
			return newEndpointError(err, endpointSilent, attempt, d.clock.Now().Sub(started))
		}
	default:
		*d = deadEndpoint{clock: d.clock}
		return nil
	}
	d.lastKind, d.lastErr = kind, err
	return nil
}

// before is the error that ends the loop instead of a retry in wait:
// the endpoint has refused connections for as long as it may.
func (d *deadEndpoint) before(wait time.Duration, attempt int, started time.Time) *endpointError {
	if d.lastKind != failUnreachable || d.unreachableSince.IsZero() || d.clock.Now().Sub(d.unreachableSince)+wait <= unreachableBudget {
		return nil
	}
	return newEndpointError(d.lastErr, endpointUnreachable, attempt, d.clock.Now().Sub(started))
}

// last is the error of a loop the deadline ends after err: an
// *endpointError when the endpoint gave no answer, else err.
func (d *deadEndpoint) last(err error, attempt int, started time.Time) error {
	switch {
	case d.lastErr != err:
		return err
	case d.lastKind == failUnreachable:
		return newEndpointError(err, endpointUnreachable, attempt, d.clock.Now().Sub(started))
	case d.lastKind == failSilent:
		return newEndpointError(err, endpointSilent, attempt, d.clock.Now().Sub(started))
	}
	return err
}

// cutShort is the error of a first attempt the deadline cut: the endpoint
// did not answer before it. nil when err names no endpoint.
func (d *deadEndpoint) cutShort(err error, attempt int, started time.Time) error {
	var te *transportError
	if !errors.As(err, &te) {
		return nil
	}
	return newEndpointError(err, endpointSilent, attempt, d.clock.Now().Sub(started))
}

// waitsFor says what a "try later" refusal waits for, for the debug log
// of its retries; "" for other failures.
func waitsFor(err error) string {
	var ae *apiError
	if !errors.As(err, &ae) {
		return ""
	}
	switch ae.Code {
	case "LastOrderProcessing":
		return "the instance's previous order to finish processing: the API accepts no other change of the instance until then (LastOrderProcessing)"
	case "OrderProcessing", "InvalidOperation.Processing":
		return "an order of the instance to finish processing (" + ae.Code + ")"
	case "IncorrectInstanceStatus":
		return "the instance to leave its transitional state (IncorrectInstanceStatus)"
	case "OperationConflict", "Operation.Conflict":
		return "a conflicting operation on the instance to end (" + ae.Code + ")"
	}
	return ""
}

// isExpiredToken: the API refused the call's STS token as expired.
func isExpiredToken(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Code == "InvalidSecurityToken.Expired"
}

// isThrottling: the API refused the call for its rate (Throttling,
// Throttling.User, Throttling.Api ...).
func isThrottling(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && (ae.Code == "Throttling" || strings.HasPrefix(ae.Code, "Throttling."))
}
