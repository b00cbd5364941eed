// Package conns holds the configured Alibaba Cloud client that the provider
// hands to its resources: the credentials, region, endpoints and scheme
// resolved once at provider configuration, and a factory for SDK clients
// bound to the caller's context.
package conns

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
)

// Schemes accepted for API requests.
const (
	SchemeHTTPS = "HTTPS"
	SchemeHTTP  = "HTTP"
)

// Config is what the provider resolved from its configuration and
// environment.
type Config struct {
	Region string
	// Credentials are the source credentials; Roles, assumed in order on
	// top of them, give the credentials every request is signed with. The
	// source may be nil when the first role is an OIDC one.
	Credentials credentials.CredentialsProvider
	Roles       []Role
	// CredentialSource says where the credentials come from (static
	// arguments, environment, profile and mode, roles ...), never a
	// secret, for the errors of calls they are refused on.
	CredentialSource string
	// ECSEndpoint, BSSEndpoint and STSEndpoint are host[:port]; empty
	// means the SDK's endpoint for the region.
	ECSEndpoint string
	BSSEndpoint string
	STSEndpoint string
	Scheme      string
	// UserAgent entries are appended to every request's User-Agent as
	// "name/value".
	UserAgent []UserAgentProduct
	// ReadTimeout bounds one request from sending to the end of the answer,
	// ConnectTimeout the connection set-up; zero means DefaultReadTimeout
	// and DefaultConnectTimeout.
	ReadTimeout    time.Duration
	ConnectTimeout time.Duration
	// MaxRetryTimeout bounds how long a call's retryable failures are
	// retried; zero means until the operation's timeout.
	MaxRetryTimeout time.Duration
	// Clock is the provider's one clock: every time read, sleep, timer
	// and jitter of the client and its users; nil means clock.System.
	Clock clock.Clock
}

// Per-request timeouts. A request that outlives them is abandoned and, as
// a transport error, retried by the resource's retry policy within the
// operation's timeout: an answer held by a stalled connection or proxy then
// costs one read timeout, not the whole apply. The read timeout leaves room
// for the slowest answers of the actions used, which come in seconds.
const (
	DefaultReadTimeout    = 30 * time.Second
	DefaultConnectTimeout = 5 * time.Second
)

// UserAgentProduct is one "name/version" token of the User-Agent.
type UserAgentProduct struct {
	Name    string
	Version string
}

// initEndpointMaps fills the SDK's lazily built global endpoint maps once,
// before any concurrent client construction could race on them.
var initEndpointMaps sync.Once

// Client is the provider data shared by every resource.
type Client struct {
	region      string
	credentials credentials.CredentialsProvider
	source      string
	ecsEndpoint string
	bssEndpoint string
	stsEndpoint string
	scheme      string
	userAgent   []UserAgentProduct
	transport   http.RoundTripper
	readTimeout time.Duration
	maxRetry    time.Duration
	limiter     *Limiter
	clock       clock.Clock

	sharedMu sync.Mutex
	shared   map[any]any

	observersMu sync.Mutex
	observers   []func(*http.Response)
}

// New checks cfg and builds the shared client.
func New(cfg Config) (*Client, error) {
	if cfg.Region == "" {
		return nil, errors.New("region is empty")
	}
	if cfg.Credentials == nil && (len(cfg.Roles) == 0 || cfg.Roles[0].OIDCProviderArn == "") {
		return nil, errors.New("no credentials provider")
	}
	scheme := strings.ToUpper(cfg.Scheme)
	switch scheme {
	case "":
		scheme = SchemeHTTPS
	case SchemeHTTPS, SchemeHTTP:
	default:
		return nil, errors.New("scheme must be HTTPS or HTTP")
	}
	readTimeout := cfg.ReadTimeout
	if readTimeout <= 0 {
		readTimeout = DefaultReadTimeout
	}
	connectTimeout := cfg.ConnectTimeout
	if connectTimeout <= 0 {
		connectTimeout = DefaultConnectTimeout
	}
	clk := cfg.Clock
	if clk == nil {
		clk = clock.System
	}
	initEndpointMaps.Do(func() {
		ecs.GetEndpointMap()
		bssopenapi.GetEndpointMap()
		sts.GetEndpointMap()
	})
	c := &Client{
		region:      cfg.Region,
		source:      cfg.CredentialSource,
		ecsEndpoint: cfg.ECSEndpoint,
		bssEndpoint: cfg.BSSEndpoint,
		stsEndpoint: cfg.STSEndpoint,
		scheme:      scheme,
		userAgent:   cfg.UserAgent,
		transport:   newTransport(connectTimeout),
		readTimeout: readTimeout,
		maxRetry:    max(cfg.MaxRetryTimeout, 0),
		limiter:     NewLimiter(clk),
		clock:       clk,
		shared:      map[any]any{},
	}
	c.credentials = cfg.Credentials
	for i, role := range cfg.Roles {
		role.index = i
		c.credentials = c.roleProvider(c.credentials, role)
	}
	return c, nil
}

// Credentials are what every request is signed with: the source
// credentials, or the last assumed role's.
func (c *Client) Credentials() credentials.CredentialsProvider { return c.credentials }

// CredentialSource says where the credentials come from; "" when the
// configuration did not say.
func (c *Client) CredentialSource() string { return c.source }

// Limiter paces every API call made through this client, per action.
func (c *Client) Limiter() *Limiter { return c.limiter }

// Clock is the provider instance's clock (Config.Clock).
func (c *Client) Clock() clock.Clock { return c.clock }

// MaxRetryTimeout is how long a call's retryable failures may be retried
// (max_retry_timeout); zero means until the operation's timeout.
func (c *Client) MaxRetryTimeout() time.Duration { return c.maxRetry }

// Shared returns what c keeps under key, made by create on first use: the
// state the resources of one provider instance share (such as a read
// batcher), kept by the package that owns it without this one knowing its
// type. key is best an unexported type of that package, so that one key
// always holds one type.
func Shared[T any](c *Client, key any, create func() T) T {
	c.sharedMu.Lock()
	defer c.sharedMu.Unlock()
	if v, ok := c.shared[key].(T); ok {
		return v
	}
	v := create()
	c.shared[key] = v
	return v
}

// ObserveAnswers has f called with every HTTP answer this client's SDK
// clients receive (headers only: f must not read or close the body), such
// as to read the cloud's clock from the Date header.
func (c *Client) ObserveAnswers(f func(*http.Response)) {
	c.observersMu.Lock()
	defer c.observersMu.Unlock()
	c.observers = append(c.observers, f)
}

func (c *Client) observeAnswer(resp *http.Response) {
	c.observersMu.Lock()
	observers := c.observers
	c.observersMu.Unlock()
	for _, f := range observers {
		f(resp)
	}
}

// Region is the region every request is made in.
func (c *Client) Region() string { return c.region }

// Scheme is HTTPS or HTTP.
func (c *Client) Scheme() string { return c.scheme }

// ECS returns an ECS client whose requests are cancelled with ctx.
//
// The SDK client rewrites its own http.Client on every request, so one
// instance is not safe for concurrent use: each operation gets its own,
// sharing the connection pool and the credentials.
func (c *Client) ECS(ctx context.Context) (*ecs.Client, error) {
	client, err := ecs.NewClientWithOptions(c.region, c.sdkConfig(ctx), c.credentials)
	if err != nil {
		return nil, err
	}
	c.decorate(&client.Client, c.ecsEndpoint)
	return client, nil
}

// BSS returns a BSS (billing) client whose requests are cancelled with ctx.
func (c *Client) BSS(ctx context.Context) (*bssopenapi.Client, error) {
	client, err := bssopenapi.NewClientWithOptions(c.region, c.sdkConfig(ctx), c.credentials)
	if err != nil {
		return nil, err
	}
	c.decorate(&client.Client, c.bssEndpoint)
	return client, nil
}

func (c *Client) sdkConfig(ctx context.Context) *sdk.Config {
	config := sdk.NewConfig()
	config.Scheme = c.scheme
	// The SDK's AutoRetry stays off. Retries belong to the resource's retry
	// policy, which knows which API codes are transient (the SDK retries
	// only transport errors and 5xx, never Throttling), backs off with
	// jitter, stops at the operation's deadline and logs every attempt;
	// the SDK's retry would repeat calls underneath it without any of that
	// and multiply the count of a retry storm.
	config.AutoRetry = false
	config.MaxRetryTime = 0
	// The SDK applies this as its http.Client's timeout on every request.
	config.Timeout = c.readTimeout
	config.Transport = contextTransport{ctx: ctx, base: c.transport, observe: c.observeAnswer}
	return config
}

func (c *Client) decorate(client *sdk.Client, endpoint string) {
	if endpoint != "" {
		client.Domain = endpoint
	}
	for _, p := range c.userAgent {
		client.AppendUserAgent(p.Name, p.Version)
	}
}

// contextTransport attaches the operation's context to requests the SDK
// builds without one, so that a cancelled apply stops in-flight calls, and
// shows every answer to the client's observers. Being no *http.Transport,
// it also keeps the SDK from mutating the shared pool's dialer and TLS
// settings per request.
type contextTransport struct {
	ctx     context.Context
	base    http.RoundTripper
	observe func(*http.Response)
}

func (t contextTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req.WithContext(t.ctx))
	if err == nil && t.observe != nil {
		t.observe(resp)
	}
	return resp, err
}

func newTransport(connectTimeout time.Duration) *http.Transport {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		base = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t := base.Clone()
	t.DialContext = (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = connectTimeout
	if roots := testRoots.Load(); roots != nil {
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots}
	}
	return t
}

// testRoots replaces the system's certificate roots in the acceptance
// tests, whose simulators present a certificate of their own: the
// provider then runs over HTTPS, as in production, in-process.
var testRoots atomic.Pointer[x509.CertPool]

// TrustForTesting makes every client built afterwards trust only pool.
// The acceptance tests call it; nothing else may.
func TrustForTesting(pool *x509.CertPool) { testRoots.Store(pool) }
