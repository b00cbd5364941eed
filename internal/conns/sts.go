package conns

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
)

// Role is one role assumption on top of the credentials before it: an
// AssumeRole call signed with them, or, when OIDCProviderArn is set, an
// AssumeRoleWithOIDC call that needs no credentials at all.
type Role struct {
	RoleArn     string
	SessionName string
	Policy      string
	ExternalID  string
	// Duration is the session's lifetime; zero leaves STS's default
	// (3600 seconds).
	Duration time.Duration

	OIDCProviderArn string
	// OIDCToken returns the token to present. It is called before every
	// AssumeRoleWithOIDC, so that a token file rotated by the platform (as
	// ACK's RRSA does) is read afresh.
	OIDCToken func() (string, error)

	// Source names where this role comes from, for errors (never a secret).
	Source string

	// index is the role's place in Config.Roles.
	index int
}

func (r Role) action() string {
	if r.OIDCProviderArn != "" {
		return "AssumeRoleWithOIDC"
	}
	return "AssumeRole"
}

// anonymous signs the one STS call that carries no credentials
// (AssumeRoleWithOIDC): STS does not check its signature.
var anonymous = credentials.NewStaticAKCredentialsProvider("", "")

// roleProvider returns the credentials of role, assumed with source (nil
// for an OIDC role) through the client's STS endpoint, scheme and
// transport, and renewed before they expire.
func (c *Client) roleProvider(source credentials.CredentialsProvider, role Role) credentials.CredentialsProvider {
	signer := source
	if role.OIDCProviderArn != "" {
		signer = anonymous
	}
	p := newSessionProvider(role.action(), c.clock, func() (session, error) {
		if role.OIDCProviderArn == "" {
			// A source without credentials is not the role's refusal: say
			// which it is.
			if _, err := source.GetCredentials(); err != nil {
				return session{}, err
			}
		}
		client, err := sts.NewClientWithOptions(c.region, c.sdkConfig(context.Background()), signer)
		if err != nil {
			return session{}, err
		}
		c.decorate(&client.Client, c.stsEndpoint)
		if role.OIDCProviderArn != "" {
			return c.assumeRoleWithOIDC(client, role)
		}
		return c.assumeRole(client, role)
	})
	p.inner, _ = source.(*sessionProvider)
	return p
}

// SessionGeneration counts the sessions of the last assumed role (0 when
// none is assumed), for ExpireSession.
func (c *Client) SessionGeneration() uint64 {
	p, ok := c.credentials.(*sessionProvider)
	if !ok {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gen
}

// ExpireSession forgets the assumed roles' temporary credentials after
// the API refused them as expired, unless they were renewed since
// generation gen: the next request assumes the roles afresh. The API's
// clock, not the local one, decides expiry, and it can run ahead of the
// renewal's schedule. It is false when no role is assumed, so there is
// nothing to renew.
func (c *Client) ExpireSession(gen uint64) bool {
	p, ok := c.credentials.(*sessionProvider)
	if !ok {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gen != gen {
		return true
	}
	p.current = nil
	// The roles it was assumed through go too: the API's clock passed
	// them as well. Locks are taken outer first, as GetCredentials does.
	for q := p.inner; q != nil; q = q.inner {
		q.mu.Lock()
		q.current = nil
		q.mu.Unlock()
	}
	return true
}

func (c *Client) assumeRole(client *sts.Client, role Role) (session, error) {
	req := sts.CreateAssumeRoleRequest()
	req.Scheme = c.scheme
	req.RoleArn = role.RoleArn
	req.RoleSessionName = role.SessionName
	req.Policy = role.Policy
	req.ExternalId = role.ExternalID
	if role.Duration > 0 {
		req.DurationSeconds = requests.NewInteger(int(role.Duration / time.Second))
	}
	resp, err := client.AssumeRole(req)
	if err != nil {
		return session{}, &RoleError{Role: role, Index: role.index, Err: err}
	}
	return newSession(resp.Credentials, resp.GetHttpHeaders(), c.clock.Now())
}

func (c *Client) assumeRoleWithOIDC(client *sts.Client, role Role) (session, error) {
	token, err := role.OIDCToken()
	if err != nil {
		return session{}, &RoleError{Role: role, Index: role.index, Err: err}
	}
	req := sts.CreateAssumeRoleWithOIDCRequest()
	req.Scheme = c.scheme
	req.OIDCProviderArn = role.OIDCProviderArn
	req.RoleArn = role.RoleArn
	req.OIDCToken = token
	req.RoleSessionName = role.SessionName
	req.Policy = role.Policy
	if role.Duration > 0 {
		req.DurationSeconds = requests.NewInteger(int(role.Duration / time.Second))
	}
	resp, err := client.AssumeRoleWithOIDC(req)
	if err != nil {
		return session{}, &RoleError{Role: role, Index: role.index, Err: err}
	}
	return newSession(resp.Credentials, resp.GetHttpHeaders(), c.clock.Now())
}

// RoleError is a failed role assumption, naming the role and where it was
// configured.
type RoleError struct {
	Role Role
	// Index is the role's place in Config.Roles.
	Index int
	Err   error
}

func (e *RoleError) Error() string {
	return fmt.Sprintf("%s of %s (%s) failed: %v", e.Role.action(), e.Role.RoleArn, e.Role.Source, e.Err)
}

func (e *RoleError) Unwrap() error { return e.Err }

// session is one set of temporary credentials and how long they last.
type session struct {
	creds    credentials.Credentials
	lifetime time.Duration
}

// newSession reads STS's answer, received at now. The lifetime is
// measured against the answer's Date, STS's own clock, so that a skewed
// local clock neither keeps expired credentials nor renews them
// needlessly.
func newSession(c sts.Credentials, headers map[string][]string, now time.Time) (session, error) {
	if c.AccessKeyId == "" || c.AccessKeySecret == "" || c.SecurityToken == "" {
		return session{}, errors.New("STS answered without temporary credentials")
	}
	expires, err := time.Parse(time.RFC3339, c.Expiration)
	if err != nil {
		return session{}, fmt.Errorf("STS answered an unreadable Expiration %q", c.Expiration)
	}
	issued := now
	if d := http.Header(headers).Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			issued = t
		}
	}
	return session{
		creds: credentials.Credentials{
			AccessKeyId:     c.AccessKeyId,
			AccessKeySecret: c.AccessKeySecret,
			SecurityToken:   c.SecurityToken,
		},
		lifetime: expires.Sub(issued),
	}, nil
}

// renewMargin is how long before its expiry a session is renewed: a
// quarter of its lifetime, at most five minutes, so that a request signed
// just before the renewal still arrives in time.
func renewMargin(lifetime time.Duration) time.Duration {
	return min(lifetime/4, 5*time.Minute)
}

// sessionProvider caches temporary credentials and fetches new ones when
// they near their expiry. It is safe for concurrent use: every SDK client
// of the provider signs with it, and one renewal serves them all.
type sessionProvider struct {
	name  string
	clock clock.Clock
	fetch func() (session, error)

	// inner is the session the credentials are assumed with, in a chain
	// of roles; nil otherwise.
	inner *sessionProvider

	mu        sync.Mutex
	current   *credentials.Credentials
	renewAt   time.Time
	expiresAt time.Time
	// gen counts the sessions fetched.
	gen uint64
}

func newSessionProvider(name string, c clock.Clock, fetch func() (session, error)) *sessionProvider {
	return &sessionProvider{name: name, clock: c, fetch: fetch}
}

func (p *sessionProvider) GetCredentials() (*credentials.Credentials, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	if p.current != nil && now.Before(p.renewAt) {
		return p.copy(), nil
	}
	s, err := p.fetch()
	if err != nil {
		// Credentials that are still valid outlive a failed renewal: the
		// next request tries again.
		if p.current != nil && now.Before(p.expiresAt) {
			return p.copy(), nil
		}
		return nil, err
	}
	p.current = &s.creds
	p.current.ProviderName = p.name
	p.gen++
	p.expiresAt = now.Add(s.lifetime)
	p.renewAt = p.expiresAt.Add(-renewMargin(s.lifetime))
	return p.copy(), nil
}

func (p *sessionProvider) copy() *credentials.Credentials {
	c := *p.current
	return &c
}

func (p *sessionProvider) GetProviderName() string { return p.name }

// lockedProvider serialises an SDK credentials provider that caches and
// renews credentials without a lock of its own (instance role, URI).
type lockedProvider struct {
	mu   sync.Mutex
	base credentials.CredentialsProvider
}

// Serialised wraps p so that concurrent requests may share it.
func Serialised(p credentials.CredentialsProvider) credentials.CredentialsProvider {
	return &lockedProvider{base: p}
}

func (p *lockedProvider) GetCredentials() (*credentials.Credentials, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.base.GetCredentials()
}

func (p *lockedProvider) GetProviderName() string { return p.base.GetProviderName() }
