package ecs

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// TestFindInstanceBatchesConcurrentReads reads 150 instances at once
// through the simulator, as a refresh at -parallelism=150 would: each read
// gets its own instance (more than a page of the API's default 10, more
// than the 100 ids one call takes), an unknown one is not found, and the
// reads share few calls.
func TestFindInstanceBatchesConcurrentReads(t *testing.T) {
	const n = 150
	acct := ecsmock.Account{AccessKeyId: "mock-access-key", AccessKeySecret: "mock-secret", Balance: 100}
	for i := range n {
		acct.Instances = append(acct.Instances, ecsmock.Instance{
			InstanceId: fmt.Sprintf("i-%03d", i), RegionId: "cn-hangzhou", Status: "Running",
			InstanceChargeType: "PostPaid", InternetChargeType: "PayByTraffic",
			InternetMaxBandwidthOut: i % 100, InternetMaxBandwidthIn: 10, InstanceNetworkType: "vpc",
			ExpiredTime: "2099-01-01T00:00Z",
		})
	}
	client, srv := simClientWith(t, ecsmock.Config{World: &ecsmock.World{Accounts: []ecsmock.Account{acct}}})

	var wg sync.WaitGroup
	for i := range n + 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			id := fmt.Sprintf("i-%03d", i)
			inst, err := findInstance(ctx, client, id)
			if i == n {
				var nf *notFoundError
				if !errors.As(err, &nf) || nf.InstanceID != id {
					t.Errorf("read of unknown %s: %v, %v; want *notFoundError", id, inst, err)
				}
				return
			}
			if err != nil || inst.InstanceId != id || inst.InternetMaxBandwidthOut != i%100 {
				t.Errorf("read of %s = %+v, %v", id, inst, err)
			}
		}()
	}
	wg.Wait()
	if calls := countCalls(srv, "DescribeInstances"); calls > n/2 {
		t.Fatalf("DescribeInstances calls = %d for %d concurrent reads, want them batched", calls, n+1)
	}
}

// simClientWith starts a simulator configured by cfg and returns a client
// of the account mock-access-key.
func simClientWith(t *testing.T, cfg ecsmock.Config) (*conns.Client, *ecsmock.Server) {
	t.Helper()
	srv, err := ecsmock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	host := strings.TrimPrefix(ts.URL, "http://")
	client, err := conns.New(conns.Config{
		Region:      "cn-hangzhou",
		Credentials: credentials.NewStaticAKCredentialsProvider("mock-access-key", "mock-secret"),
		ECSEndpoint: host, BSSEndpoint: host, Scheme: conns.SchemeHTTP,
	})
	if err != nil {
		t.Fatal(err)
	}
	return client, srv
}
