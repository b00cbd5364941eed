package ecsmock

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// newTLSFixture serves the simulator over HTTPS with a LoopbackTLS
// certificate and returns the fixture and the CA's pool.
func newTLSFixture(t *testing.T) (*fixture, *x509.CertPool) {
	t.Helper()
	cfg, caPEM, err := LoopbackTLS()
	if err != nil {
		t.Fatalf("LoopbackTLS: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatalf("the CA PEM does not parse: %q", caPEM)
	}
	srv, err := New(Config{Settle: time.Hour, PayDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.TLS = cfg
	ts.StartTLS()
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return &fixture{t: t, srv: srv, http: ts, host: strings.TrimPrefix(ts.URL, "https://")}, pool
}

func TestLoopbackTLSWithTheSDK(t *testing.T) {
	f, pool := newTLSFixture(t)
	trusting := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}

	c := f.sts(key1, secret1, "")
	c.SetTransport(trusting)
	req := stsAssumeRoleRequest(f, "https")
	resp, err := c.AssumeRole(req)
	if err != nil {
		t.Fatalf("AssumeRole over HTTPS: %v", err)
	}
	e := f.stsECS(resp.Credentials)
	e.SetTransport(trusting)
	d := ecsDescribeRequest("i-target-postpaid")
	d.Scheme, d.Domain = "https", f.host
	got, err := e.DescribeInstances(d)
	if err != nil || len(got.Instances.Instance) != 1 {
		t.Fatalf("DescribeInstances over HTTPS with the temporary key: %v", err)
	}

	// A client that does not trust the CA is refused by its own TLS check.
	untrusting := f.sts(key1, secret1, "")
	untrusting.SetTransport(&http.Transport{})
	_, err = untrusting.AssumeRole(stsAssumeRoleRequest(f, "https"))
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("a client without the CA: err = %v, want an unknown authority error", err)
	}
}

func TestLoopbackTLSNames(t *testing.T) {
	cfg, caPEM, err := LoopbackTLS()
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	leaf, err := x509.ParseCertificate(cfg.Certificates[0].Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"127.0.0.1", "::1", "localhost"} {
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: pool}); err != nil {
			t.Errorf("the certificate does not serve %s: %v", name, err)
		}
	}
	for _, name := range []string{"192.168.1.1", "example.com", "ecs.aliyuncs.com"} {
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: pool}); err == nil {
			t.Errorf("the certificate also serves %s", name)
		}
	}
	_, otherPEM, err := LoopbackTLS()
	if err != nil {
		t.Fatal(err)
	}
	other := x509.NewCertPool()
	other.AppendCertsFromPEM(otherPEM)
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: "localhost", Roots: other}); err == nil {
		t.Error("another LoopbackTLS CA also vouches for this certificate")
	}
}

// TestLoopbackTLSFaults: the connection faults behave over HTTPS as over
// HTTP, a reset being a TCP RST and a drop an end of stream.
func TestLoopbackTLSFaults(t *testing.T) {
	f, pool := newTLSFixture(t)
	client := f.ecs(key1, secret1)
	client.SetTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}})
	describe := func() error {
		req := ecsDescribeRequest("i-postpaid-vpc")
		req.Scheme, req.Domain = "https", f.host
		_, err := client.DescribeInstances(req)
		return err
	}
	f.addFault(FaultRule{Action: "DescribeInstances", Kind: FaultReset, Count: 1})
	if err := describe(); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("reset over HTTPS: err = %v, want a connection reset", err)
	}
	f.addFault(FaultRule{Action: "DescribeInstances", Kind: FaultDrop, Count: 1})
	if err := describe(); !errors.Is(err, io.EOF) {
		t.Errorf("drop over HTTPS: err = %v, want EOF", err)
	}
	if err := describe(); err != nil {
		t.Errorf("after the faults: %v", err)
	}
}
