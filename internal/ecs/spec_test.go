package ecs

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

func TestPublicIP(t *testing.T) {
	inst := func(own []string, eip string) *ecs.Instance {
		i := &ecs.Instance{}
		i.PublicIpAddress.IpAddress = own
		i.EipAddress.IpAddress = eip
		return i
	}
	tests := []struct {
		name string
		inst *ecs.Instance
		want string
	}{
		{"own public IP", inst([]string{"47.0.0.2"}, ""), "47.0.0.2"},
		{"EIP of a VPC instance", inst(nil, "47.0.1.1"), "47.0.1.1"},
		{"empty list with an EIP", inst([]string{}, "47.0.1.1"), "47.0.1.1"},
		{"blank entry skipped", inst([]string{"", "47.0.0.3"}, ""), "47.0.0.3"},
		{"own IP wins over an EIP", inst([]string{"47.0.0.2"}, "47.0.1.1"), "47.0.0.2"},
		{"neither", inst(nil, ""), ""},
		{"blank entry only", inst([]string{""}, ""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := factsOf(tt.inst).PublicAddress; got != tt.want {
				t.Errorf("PublicAddress = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestInstanceAsSeen: facts kept less than factsMaxAge ago are judged by
// without a call; older ones, another instance's or none are read again,
// and what was read is kept.
func TestInstanceAsSeen(t *testing.T) {
	const id = "i-prepaid-vpc"
	kept := func(client *conns.Client, f instanceFacts, age time.Duration) memPrivate {
		raw, _ := json.Marshal(seenFacts{Facts: f, SeenAt: cloudNow(client).Add(-age)})
		return memPrivate{privateFacts: raw}
	}
	tests := []struct {
		name      string
		private   func(*conns.Client) memPrivate
		wantReads int
	}{
		{"just refreshed", func(c *conns.Client) memPrivate {
			return kept(c, instanceFacts{InstanceID: id, Status: "Kept"}, time.Second)
		}, 0},
		{"older than factsMaxAge", func(c *conns.Client) memPrivate {
			return kept(c, instanceFacts{InstanceID: id, Status: "Kept"}, factsMaxAge+time.Second)
		}, 1},
		{"another instance's", func(c *conns.Client) memPrivate { return kept(c, instanceFacts{InstanceID: "i-other"}, 0) }, 1},
		{"none kept", func(*conns.Client) memPrivate { return memPrivate{} }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, srv := simClient(t)
			private := tt.private(client)
			got, err := instanceAsSeen(t.Context(), client, private, private, id)
			if err != nil {
				t.Fatal(err)
			}
			if n := countCalls(srv, "DescribeInstances"); n != tt.wantReads {
				t.Errorf("DescribeInstances calls = %d, want %d", n, tt.wantReads)
			}
			if wantKept := tt.wantReads == 0; (got.Status == "Kept") != wantKept {
				t.Errorf("status %q: kept facts used = %v, want %v", got.Status, got.Status == "Kept", wantKept)
			}
			again, err := instanceAsSeen(t.Context(), client, private, nil, id)
			if err != nil || again != got || countCalls(srv, "DescribeInstances") != tt.wantReads {
				t.Errorf("a second look: %+v, %v, %d calls; want what the first kept, without a call", again, err, countCalls(srv, "DescribeInstances"))
			}
		})
	}
}
