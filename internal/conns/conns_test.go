package conns

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

type seen struct {
	mu       sync.Mutex
	hosts    []string
	agents   []string
	versions []string
}

func (s *seen) record(r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hosts = append(s.hosts, r.Host)
	s.agents = append(s.agents, r.UserAgent())
	s.versions = append(s.versions, r.Form.Get("Version"))
}

func TestClientSendsToEndpointWithSchemeAndUserAgent(t *testing.T) {
	var got seen
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.record(r)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"RequestId":"r-1","TotalCount":0,"Instances":{"Instance":[]},"Success":true,"Data":{"OrderList":{"Order":[]}}}`))
	}))
	defer ts.Close()
	host := strings.TrimPrefix(ts.URL, "http://")

	c, err := New(Config{
		Region:      "cn-hangzhou",
		Credentials: credentials.NewStaticAKCredentialsProvider("ak", "sk"),
		ECSEndpoint: host,
		BSSEndpoint: host,
		Scheme:      "http",
		UserAgent:   []UserAgentProduct{{Name: "terraform-provider-aliyun", Version: "1.2.3"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Scheme() != SchemeHTTP {
		t.Errorf("Scheme() = %q, want HTTP", c.Scheme())
	}

	ecsClient, err := c.ECS(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ecsClient.DescribeInstances(ecs.CreateDescribeInstancesRequest()); err != nil {
		t.Fatalf("DescribeInstances: %v", err)
	}
	bssClient, err := c.BSS(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bssClient.GetOrderDetail(bssopenapi.CreateGetOrderDetailRequest()); err != nil {
		t.Fatalf("GetOrderDetail: %v", err)
	}

	if len(got.hosts) != 2 {
		t.Fatalf("requests received = %d, want 2", len(got.hosts))
	}
	for i, h := range got.hosts {
		if h != host {
			t.Errorf("request %d host = %q, want %q", i, h, host)
		}
		if !strings.Contains(got.agents[i], "terraform-provider-aliyun/1.2.3") {
			t.Errorf("request %d User-Agent = %q, want it to name the provider and version", i, got.agents[i])
		}
	}
	if got.versions[0] != "2014-05-26" || got.versions[1] != "2017-12-14" {
		t.Errorf("API versions = %v, want ECS then BSS", got.versions)
	}
}

// hangingServer never answers: a request ends only when its client gives up.
func hangingServer(t *testing.T) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() {
		close(release)
		ts.Close()
	})
	return ts
}

func TestClientRequestStopsWithContext(t *testing.T) {
	ts := hangingServer(t)

	c, err := New(Config{
		Region:      "cn-hangzhou",
		Credentials: credentials.NewStaticAKCredentialsProvider("ak", "sk"),
		ECSEndpoint: strings.TrimPrefix(ts.URL, "http://"),
		Scheme:      SchemeHTTP,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	client, err := c.ECS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := client.DescribeInstances(ecs.CreateDescribeInstancesRequest())
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if err == nil || !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "context canceled") {
			t.Fatalf("err = %v, want context canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("request did not stop after its context was cancelled")
	}
}

func TestNewRejectsIncompleteConfig(t *testing.T) {
	creds := credentials.NewStaticAKCredentialsProvider("ak", "sk")
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no region", Config{Credentials: creds}, "region"},
		{"no credentials", Config{Region: "cn-hangzhou"}, "credentials"},
		{"bad scheme", Config{Region: "cn-hangzhou", Credentials: creds, Scheme: "FTP"}, "HTTPS or HTTP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestNewDefaultsToHTTPS(t *testing.T) {
	c, err := New(Config{Region: "cn-hangzhou", Credentials: credentials.NewStaticAKCredentialsProvider("ak", "sk")})
	if err != nil {
		t.Fatal(err)
	}
	if c.Scheme() != SchemeHTTPS {
		t.Fatalf("Scheme() = %q, want HTTPS", c.Scheme())
	}
}

func TestClientReadTimeout(t *testing.T) {
	ts := hangingServer(t)

	c, err := New(Config{
		Region:      "cn-hangzhou",
		Credentials: credentials.NewStaticAKCredentialsProvider("ak", "sk"),
		ECSEndpoint: strings.TrimPrefix(ts.URL, "http://"),
		Scheme:      SchemeHTTP,
		ReadTimeout: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	client, err := c.ECS(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := client.DescribeInstances(ecs.CreateDescribeInstancesRequest())
		done <- err
	}()
	select {
	case err := <-done:
		// A timeout, not a cancellation: the retry policy retries it.
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() || errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want a transport timeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a stalled answer was not abandoned after the read timeout")
	}
}

func TestShared(t *testing.T) {
	newClient := func() *Client {
		c, err := New(Config{Region: "cn-hangzhou", Credentials: credentials.NewStaticAKCredentialsProvider("k", "s")})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	type key struct{}
	a, b := newClient(), newClient()
	var made sync.Map
	get := func(c *Client) *int {
		return Shared(c, key{}, func() *int {
			v := new(int)
			made.Store(v, true)
			return v
		})
	}

	var wg sync.WaitGroup
	got := make([]*int, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = get(a)
		}()
	}
	wg.Wait()
	for _, v := range got {
		if v != got[0] {
			t.Fatal("one client gave different values for the same key")
		}
	}
	if get(b) == got[0] {
		t.Fatal("two clients share a value")
	}
	n := 0
	made.Range(func(any, any) bool { n++; return true })
	if n != 2 {
		t.Fatalf("create ran %d times for two clients, want 2", n)
	}
	if a.Limiter() == nil || a.Limiter() == b.Limiter() {
		t.Fatal("each client needs a limiter of its own")
	}
}

func TestObserveAnswers(t *testing.T) {
	const date = "Tue, 01 Jan 2030 12:00:00 GMT"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", date)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"RequestId":"r-1","TotalCount":0,"Instances":{"Instance":[]}}`))
	}))
	defer ts.Close()
	c, err := New(Config{
		Region:      "cn-hangzhou",
		Credentials: credentials.NewStaticAKCredentialsProvider("ak", "sk"),
		ECSEndpoint: strings.TrimPrefix(ts.URL, "http://"),
		Scheme:      "http",
	})
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	c.ObserveAnswers(func(resp *http.Response) { dates = append(dates, resp.Header.Get("Date")) })
	ecsClient, err := c.ECS(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ecsClient.DescribeInstances(ecs.CreateDescribeInstancesRequest()); err != nil {
		t.Fatalf("DescribeInstances: %v", err)
	}
	if len(dates) != 1 || dates[0] != date {
		t.Errorf("observed Date headers = %q, want the one answer's %q", dates, date)
	}
}
