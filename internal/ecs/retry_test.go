package ecs

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// retryClient is a client for the retry policy alone: it makes no call.
func retryClient(t *testing.T, maxRetryTimeout time.Duration) *conns.Client {
	t.Helper()
	client, err := conns.New(conns.Config{
		Region:          "cn-hangzhou",
		Credentials:     credentials.NewStaticAKCredentialsProvider("mock-access-key", "mock-secret"),
		MaxRetryTimeout: maxRetryTimeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func TestBackoffDelay(t *testing.T) {
	b := backoff{min: 100 * time.Millisecond, max: time.Second, factor: 2, jitter: 0.2}
	tests := []struct {
		name    string
		rand    float64
		attempt int
		want    time.Duration
	}{
		{"first, no jitter", 0.5, 0, 100 * time.Millisecond},
		{"second doubles", 0.5, 1, 200 * time.Millisecond},
		{"fourth", 0.5, 3, 800 * time.Millisecond},
		{"capped", 0.5, 4, time.Second},
		{"stays capped", 0.5, 50, time.Second},
		{"jitter low", 0, 1, 160 * time.Millisecond},
		{"jitter high", 1, 1, 240 * time.Millisecond},
		{"jitter on the cap", 1, 10, 1200 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clocktest.New(time.Time{})
			c.SetRand(tt.rand)
			if got := b.delay(c, tt.attempt); got != tt.want {
				t.Fatalf("delay(%d) = %s, want %s", tt.attempt, got, tt.want)
			}
		})
	}
}

func TestRetry(t *testing.T) {
	throttled := &apiError{Action: "X", Code: "Throttling", HTTPStatus: 400, RequestID: "r-1"}
	denied := &apiError{Action: "X", Code: "ChargeTypeViolation", HTTPStatus: 403, RequestID: "r-2"}
	badSecret := &apiError{Action: "X", Code: "SignatureDoesNotMatch", HTTPStatus: 400, RequestID: "r-3"}
	unknownKey := &apiError{Action: "X", Code: "InvalidAccessKeyId.NotFound", HTTPStatus: 404, RequestID: "r-4"}
	unavailable := &apiError{Action: "X", Code: "ServiceUnavailable", HTTPStatus: 503, RequestID: "r-5"}
	tests := []struct {
		name     string
		errs     []error // answers before success; the last repeats
		succeed  bool
		timeout  time.Duration
		minCalls int
		maxCalls int
		wantErr  error
	}{
		{"first call works", nil, true, time.Second, 1, 1, nil},
		{"transient then success", []error{throttled, throttled}, true, 10 * time.Second, 3, 3, nil},
		{"permanent fails at once", []error{denied}, false, 10 * time.Second, 1, 1, denied},
		{"wrong secret fails at once", []error{badSecret}, false, 10 * time.Second, 1, 1, badSecret},
		{"unknown key fails at once", []error{unknownKey}, false, 10 * time.Second, 1, 1, unknownKey},
		// A server error backs off 0.25-0.75s, then 0.5-1.5s, then 1-3s: two
		// or three retries fit in 2.5s, and the deadline ends them with the
		// API's error. (Throttling backs off less, by a count jitter makes
		// less certain.)
		{"transient until the deadline reports the API's error", []error{unavailable}, false, 2500 * time.Millisecond, 2, 4, unavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), tt.timeout)
			defer cancel()
			calls := 0
			got, err := retry(ctx, retryClient(t, 0), "X i-1", func() (string, error) {
				calls++
				if calls <= len(tt.errs) {
					return "", tt.errs[calls-1]
				}
				if !tt.succeed {
					return "", tt.errs[len(tt.errs)-1]
				}
				return "ok", nil
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && got != "ok" {
				t.Fatalf("result = %q, want ok", got)
			}
			if calls < tt.minCalls || calls > tt.maxCalls {
				t.Fatalf("calls = %d, want %d to %d", calls, tt.minCalls, tt.maxCalls)
			}
		})
	}
}

// TestRetryMaxRetryTimeout: max_retry_timeout ends the retries of a
// retryable failure before the operation's deadline, with an error that
// says so; the deadline still wins when it comes first, and a refusal
// still fails at once.
func TestRetryMaxRetryTimeout(t *testing.T) {
	throttled := &apiError{Action: "DescribeInstances", Code: "Throttling.User", HTTPStatus: 400, RequestID: "r-1"}
	denied := &apiError{Action: "DescribeInstances", Code: "ChargeTypeViolation", HTTPStatus: 403, RequestID: "r-2"}
	tests := []struct {
		name      string
		limit     time.Duration
		deadline  time.Duration
		answer    error
		wantLimit bool
		maxCalls  int
	}{
		{"throttled past the limit", time.Second, time.Minute, throttled, true, 10},
		{"the deadline before the limit", time.Minute, 1500 * time.Millisecond, throttled, false, 10},
		{"a refusal fails at once", time.Second, time.Minute, denied, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), tt.deadline)
			defer cancel()
			started, calls := time.Now(), 0
			_, err := retry(ctx, retryClient(t, tt.limit), "DescribeInstances i-1", func() (string, error) {
				calls++
				return "", tt.answer
			})
			if !errors.Is(err, tt.answer) {
				t.Fatalf("err = %v, want the last answer %v kept", err, tt.answer)
			}
			var limited *retryLimitError
			if got := errors.As(err, &limited); got != tt.wantLimit {
				t.Fatalf("err = %v; given up at max_retry_timeout: %v, want %v", err, got, tt.wantLimit)
			}
			if calls > tt.maxCalls {
				t.Errorf("calls = %d, want at most %d", calls, tt.maxCalls)
			}
			if !tt.wantLimit {
				return
			}
			if calls < 2 {
				t.Errorf("calls = %d: the throttled call was not retried within max_retry_timeout", calls)
			}
			// Far from the minute's deadline: the limit, not the deadline, ended it.
			if waited := time.Since(started); waited > 20*time.Second {
				t.Errorf("gave up after %s, want about max_retry_timeout (%s)", waited, tt.limit)
			}
			d := diagnose(err)
			for _, want := range []string{"max_retry_timeout is 1s", "Raise max_retry_timeout", "Throttling.User", "RequestId: r-1"} {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("diagnostic %q: detail %q lacks %q", d.Summary(), d.Detail(), want)
				}
			}
		})
	}
}

func TestRetryStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	_, err := retry(ctx, retryClient(t, 0), "X i-1", func() (string, error) {
		calls++
		cancel()
		return "", &apiError{Code: "ServiceUnavailable", HTTPStatus: 503}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the cancellation", err)
	}
	if calls != 1 {
		t.Fatalf("calls = %d, want 1: no retry after the apply was interrupted", calls)
	}
}

func TestRetryBackoffBounded(t *testing.T) {
	for _, r := range []float64{0, 0.5, 0.999999} {
		testBackoffBounded(t, retryBackoff, r)
		testBackoffBounded(t, throttleBackoff, r)
	}
}

func testBackoffBounded(t *testing.T, b backoff, r float64) {
	t.Helper()
	c := clocktest.New(time.Time{})
	c.SetRand(r)
	prev := time.Duration(0)
	for attempt := 0; attempt < 40; attempt++ {
		d := b.delay(c, attempt)
		lo := time.Duration(float64(b.min) * (1 - b.jitter))
		hi := time.Duration(float64(b.max) * (1 + b.jitter))
		if d < lo || d > hi {
			t.Fatalf("rand %v attempt %d: delay %s outside [%s, %s]", r, attempt, d, lo, hi)
		}
		if d < prev {
			t.Fatalf("rand %v attempt %d: delay %s shorter than the previous %s", r, attempt, d, prev)
		}
		prev = d
	}
	if last := b.delay(c, 39); last < time.Duration(float64(b.max)*(1-b.jitter)) {
		t.Errorf("rand %v: delay %s never reaches the cap %s", r, last, b.max)
	}
}

// TestRetryFeedsTheLimiter: the client's limiter learns of every
// Throttling answer and success of its action; server errors, refusals and
// other actions are not counted as either.
func TestRetryFeedsTheLimiter(t *testing.T) {
	client := retryClient(t, 0)
	limiter := client.Limiter()
	answers := []error{
		&apiError{Action: "X", Code: "ServiceUnavailable", HTTPStatus: 503},
		&apiError{Action: "X", Code: "Throttling.User", HTTPStatus: 400},
	}
	calls := 0
	_, err := retry(t.Context(), client, "X i-1", func() (string, error) {
		calls++
		if calls <= len(answers) {
			return "", answers[calls-1]
		}
		return "ok", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if thr, n := limiter.Throttling("X"); thr != 1 || n != 2 {
		t.Fatalf("limiter saw %d Throttling answers of %d, want 1 of 2 (the 503 is neither)", thr, n)
	}
	if _, err := retry(t.Context(), client, "Y i-1", func() (string, error) {
		return "", &apiError{Action: "Y", Code: "ChargeTypeViolation", HTTPStatus: 403}
	}); err == nil {
		t.Fatal("want the refusal back")
	}
	if thr, n := limiter.Throttling("Y"); thr != 0 || n != 0 {
		t.Fatalf("limiter saw %d Throttling answers of %d for a refusal, want none", thr, n)
	}
}

func TestIsThrottling(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&apiError{Code: "Throttling"}, true},
		{&apiError{Code: "Throttling.User"}, true},
		{&apiError{Code: "Throttling.Api"}, true},
		{&apiError{Code: "ThrottlingX"}, false},
		{&apiError{Code: "ServiceUnavailable", HTTPStatus: 503}, false},
		{errors.New("Throttling"), false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := isThrottling(tt.err); got != tt.want {
			t.Errorf("isThrottling(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestRetryRenewsExpiredSession: the simulator's clock passes the assumed
// role's session while the provider, by its own clock, still holds it
// valid; the refused call assumes the role again once and succeeds.
func TestRetryRenewsExpiredSession(t *testing.T) {
	srv, err := ecsmock.New(ecsmock.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	host := strings.TrimPrefix(ts.URL, "http://")
	client, err := conns.New(conns.Config{
		Region:      "cn-hangzhou",
		Credentials: credentials.NewStaticAKCredentialsProvider("mock-access-key", "mock-secret"),
		Roles:       []conns.Role{{RoleArn: "acs:ram::1000000000000005:role/deployer", SessionName: "renewal", Duration: 900 * time.Second}},
		ECSEndpoint: host, BSSEndpoint: host, STSEndpoint: host, Scheme: conns.SchemeHTTP,
	})
	if err != nil {
		t.Fatal(err)
	}
	const id = "i-target-postpaid"
	if _, err := findInstance(t.Context(), client, id); err != nil {
		t.Fatal(err)
	}
	srv.AdvanceClock(time.Hour)
	srv.ResetCalls()
	if _, err := findInstance(t.Context(), client, id); err != nil {
		t.Fatalf("after the session expired on the API's clock: %v", err)
	}
	var got []string
	for _, c := range srv.Calls() {
		got = append(got, c.Action+" "+c.Code)
	}
	want := []string{"DescribeInstances InvalidSecurityToken.Expired", "AssumeRole ", "DescribeInstances "}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("calls %q, want %q", got, want)
	}
}
