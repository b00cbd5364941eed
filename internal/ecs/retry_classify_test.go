package ecs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
)

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// silentListener accepts connections and never writes to them.
func silentListener(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { <-done; _ = c.Close() }()
		}
	}()
	return l.Addr().String()
}

// get makes one request as the SDK would (with the operation's context),
// through the provider's error wrapping.
func get(ctx context.Context, client *http.Client, rawURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	return wrapSDKError("DescribeInstances", err)
}

func dnsNotFound(host string) error {
	return wrapSDKError("DescribeInstances", &url.Error{Op: "Post", URL: "https://" + host + "/?Signature=s3cr3t",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}})
}

func TestClassify(t *testing.T) {
	// quick times out against the silent listener; the endpoints that do
	// answer get patient, so that a loaded machine (or the first
	// certificate check loading the system roots under -race) cannot turn
	// their answer into a timeout.
	quick := &http.Client{Timeout: 100 * time.Millisecond}
	patient := &http.Client{Timeout: time.Minute}
	silent := silentListener(t)
	resetting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
			_ = c.Close()
		}
	}))
	defer resetting.Close()
	untrusted := httptest.NewTLSServer(http.NotFoundHandler())
	defer untrusted.Close()
	apiErr := func(status int, code string) error {
		return wrapSDKError("DescribeInstances", serverError(status, code, "the API's message"))
	}

	tests := []struct {
		name string
		err  error
		want failure
	}{
		{"throttling", apiErr(400, "Throttling.User"), failTransient},
		{"service unavailable", apiErr(503, "ServiceUnavailable"), failTransient},
		{"internal error", apiErr(500, "InternalError"), failTransient},
		{"unknown 5xx", apiErr(502, "Gateway.Bad"), failTransient},
		{"last order processing", apiErr(403, "LastOrderProcessing"), failTransient},
		{"proxy 502 without JSON", wrapSDKError("X", sdkerrors.NewServerError(502, "<html>Bad Gateway</html>", "")), failTransient},
		{"sdk timeout", wrapSDKError("X", sdkerrors.NewClientError(sdkerrors.TimeoutErrorCode, "read timeout", nil)), failTransient},
		{"wrong secret", apiErr(400, "SignatureDoesNotMatch"), failFinal},
		{"unknown key", apiErr(404, "InvalidAccessKeyId.NotFound"), failFinal},
		{"expired token", apiErr(400, "InvalidSecurityToken.Expired"), failFinal},
		{"token of another key", apiErr(400, "InvalidSecurityToken.MismatchWithAccessKey"), failFinal},
		{"missing permission", apiErr(403, "Forbidden.RAM"), failFinal},
		{"not found", apiErr(404, "InvalidInstanceId.NotFound"), failFinal},
		{"unknown 4xx", apiErr(400, "Something.New"), failFinal},
		{"sdk bad parameter", wrapSDKError("X", sdkerrors.NewClientError(sdkerrors.InvalidParamErrorCode, "bad", nil)), failFinal},
		{"name does not resolve", dnsNotFound("ecs.nowhere.invalid"), failUnresolvable},
		{"resolver timed out", wrapSDKError("X", &url.Error{Op: "Post", URL: "https://ecs.example",
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "i/o timeout", Name: "ecs.example", IsTimeout: true}}}), failUnreachable},
		{"connection refused", get(t.Context(), patient, "http://"+closedPort(t)+"/"), failUnreachable},
		{"no answer within the read timeout", get(t.Context(), quick, "http://"+silent+"/"), failSilent},
		{"no TLS handshake", get(t.Context(), &http.Client{Transport: &http.Transport{TLSHandshakeTimeout: 100 * time.Millisecond}}, "https://"+silent+"/"), failSilent},
		{"connection cut", get(t.Context(), patient, resetting.URL), failTransient},
		{"untrusted certificate", get(t.Context(), patient, untrusted.URL), failFinal},
		{"cancelled", fmt.Errorf("X: %w", &url.Error{Op: "Post", URL: "http://x", Err: context.Canceled}), failFinal},
		{"deadline", context.DeadlineExceeded, failFinal},
		{"nil", nil, failFinal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify(tt.err); got != tt.want {
				t.Fatalf("classify(%v) = %d, want %d", tt.err, got, tt.want)
			}
			if tt.err != nil && strings.Contains(tt.err.Error(), "s3cr3t") {
				t.Errorf("the error shows the request's signature: %v", tt.err)
			}
		})
	}
}

// TestDeadEndpoint: when the policy gives up on an endpoint, measured on
// the attempts' own times.
func TestDeadEndpoint(t *testing.T) {
	refused := wrapSDKError("DescribeInstances", &url.Error{Op: "Post", URL: "http://127.0.0.1:9/",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}})
	silent := wrapSDKError("DescribeInstances", &url.Error{Op: "Post", URL: "http://127.0.0.1:9/",
		Err: timeoutErr{}})
	throttled := &apiError{Action: "DescribeInstances", Code: "Throttling", HTTPStatus: 400}
	type attempt struct {
		err error
		at  time.Duration // after the loop started
	}
	tests := []struct {
		name     string
		attempts []attempt
		next     time.Duration // the pause before the next attempt
		want     endpointProblem
	}{
		{"a name that does not resolve: the first attempt", []attempt{{dnsNotFound("x.invalid"), 0}}, time.Second, endpointUnresolvable},
		{"refused, the budget not spent", []attempt{{refused, 0}, {refused, 10 * time.Second}}, 8 * time.Second, 0},
		{"refused past the budget", []attempt{{refused, 0}, {refused, 15 * time.Second}}, 8 * time.Second, endpointUnreachable},
		{"refused, then an answer: the budget starts again", []attempt{{refused, 0}, {throttled, 14 * time.Second}, {refused, 15 * time.Second}},
			8 * time.Second, 0},
		{"one read timeout", []attempt{{silent, 0}}, time.Second, 0},
		{"two read timeouts", []attempt{{silent, 0}, {silent, 30 * time.Second}}, time.Second, endpointSilent},
		{"read timeouts apart", []attempt{{silent, 0}, {throttled, 30 * time.Second}, {silent, 31 * time.Second}}, time.Second, 0},
		{"throttled for long", []attempt{{throttled, 0}, {throttled, 9 * time.Minute}}, 8 * time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The loop stands at its last attempt.
			c := clocktest.New(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			start := c.Now()
			c.Advance(tt.attempts[len(tt.attempts)-1].at)
			d := deadEndpoint{clock: c}
			var got *endpointError
			for i, a := range tt.attempts {
				if got = d.see(a.err, classify(a.err), i+1, start.Add(a.at), start); got != nil {
					break
				}
			}
			if got == nil {
				got = d.before(tt.next, len(tt.attempts), start)
			}
			switch {
			case tt.want == 0 && got != nil:
				t.Fatalf("gave up: %v", got)
			case tt.want != 0 && (got == nil || got.Problem != tt.want):
				t.Fatalf("got %v, want the endpoint given up as %q", got, tt.want)
			case got != nil && got.Endpoint == "":
				t.Fatalf("the error names no endpoint: %v", got)
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "Client.Timeout exceeded while awaiting headers" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestRetryDeadEndpoint runs the retry policy against endpoints that are
// dead in each way: how many attempts it makes, and what its error says.
func TestRetryDeadEndpoint(t *testing.T) {
	silent := silentListener(t)
	refused := closedPort(t)
	tests := []struct {
		name      string
		call      func(context.Context) error
		timeout   time.Duration
		wantCalls func(int) bool
		want      endpointProblem
		endpoint  string
	}{
		{"a name that does not resolve: one attempt", func(context.Context) error { return dnsNotFound("ecs.nowhere.invalid") }, time.Minute,
			func(n int) bool { return n == 1 }, endpointUnresolvable, "ecs.nowhere.invalid"},
		{"no answer: two attempts", func(ctx context.Context) error {
			return get(ctx, &http.Client{Timeout: 100 * time.Millisecond}, "http://"+silent+"/")
		},
			time.Minute, func(n int) bool { return n == 2 }, endpointSilent, silent},
		{"no answer before the deadline: the endpoint named", func(ctx context.Context) error {
			return get(ctx, &http.Client{Timeout: time.Minute}, "http://"+silent+"/")
		},
			300 * time.Millisecond, func(n int) bool { return n == 1 }, endpointSilent, silent},
		{"refused until the deadline: the endpoint named", func(ctx context.Context) error { return get(ctx, http.DefaultClient, "http://"+refused+"/") },
			2 * time.Second, func(n int) bool { return n >= 2 }, endpointUnreachable, refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), tt.timeout)
			defer cancel()
			calls := 0
			_, err := retry(ctx, retryClient(t, 0), "DescribeInstances i-1", func() (struct{}, error) {
				calls++
				return struct{}{}, tt.call(ctx)
			})
			var ee *endpointError
			if !errors.As(err, &ee) || ee.Problem != tt.want {
				t.Fatalf("err = %v, want the endpoint given up as %q", err, tt.want)
			}
			if ee.Endpoint != tt.endpoint || !strings.Contains(err.Error(), tt.endpoint) {
				t.Errorf("the error names endpoint %q, want %q: %v", ee.Endpoint, tt.endpoint, err)
			}
			if !tt.wantCalls(calls) {
				t.Errorf("calls = %d", calls)
			}
		})
	}
}
