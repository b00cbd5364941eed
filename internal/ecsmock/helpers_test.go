package ecsmock

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

const (
	key1, secret1 = "mock-access-key", "mock-secret"
	key2, secret2 = "mock-access-key-2", "mock-secret-2"
)

type fixture struct {
	t    *testing.T
	srv  *Server
	http *httptest.Server
	host string
}

// newFixture starts a simulator on an httptest server with the given world
// (nil: the built-in one) and long timings, so that nothing settles unless
// the test moves the clock.
// newFixture settles and pays after an hour: tests about time move the
// simulated clock instead of sleeping.
func newFixture(t *testing.T, world *World) *fixture {
	t.Helper()
	return newFixtureConfig(t, Config{World: world, Settle: time.Hour, PayDelay: time.Hour, DowngradeLock: 5 * time.Minute})
}

func newFixtureConfig(t *testing.T, cfg Config) *fixture {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		// Whatever a test made the simulator do, the world it ends with must
		// load again from its state file.
		if w := srv.State(); validateWorld(&w) != nil {
			t.Errorf("the simulator made a world it refuses: %v", validateWorld(&w))
		}
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &fixture{t: t, srv: srv, http: ts, host: strings.TrimPrefix(ts.URL, "http://")}
}

func (f *fixture) ecs(key, secret string) *ecs.Client {
	f.t.Helper()
	c, err := ecs.NewClientWithAccessKey("cn-hangzhou", key, secret)
	if err != nil {
		f.t.Fatalf("ecs client: %v", err)
	}
	return c
}

func (f *fixture) bss(key, secret string) *bssopenapi.Client {
	f.t.Helper()
	c, err := bssopenapi.NewClientWithAccessKey("cn-hangzhou", key, secret)
	if err != nil {
		f.t.Fatalf("bss client: %v", err)
	}
	return c
}

// target points an SDK request at the fixture's listener.
func (f *fixture) target(r *requests.RpcRequest) {
	r.Scheme = "http"
	r.Domain = f.host
}

// spec is the subset of ModifyInstanceNetworkSpec parameters a test sets;
// empty strings are left out.
type spec struct {
	Out, In, ChargeType, Allocate, AutoPay, Token, Start, End string
}

func (f *fixture) modifyAs(key, secret, instanceID string, s spec) (*ecs.ModifyInstanceNetworkSpecResponse, error) {
	f.t.Helper()
	req := ecs.CreateModifyInstanceNetworkSpecRequest()
	f.target(req.RpcRequest)
	req.InstanceId = instanceID
	req.InternetMaxBandwidthOut = requests.Integer(s.Out)
	req.InternetMaxBandwidthIn = requests.Integer(s.In)
	req.NetworkChargeType = s.ChargeType
	req.AllocatePublicIp = requests.Boolean(s.Allocate)
	req.AutoPay = requests.Boolean(s.AutoPay)
	req.ClientToken = s.Token
	req.StartTime = s.Start
	req.EndTime = s.End
	return f.ecs(key, secret).ModifyInstanceNetworkSpec(req)
}

func (f *fixture) modify(instanceID string, s spec) (*ecs.ModifyInstanceNetworkSpecResponse, error) {
	f.t.Helper()
	return f.modifyAs(key1, secret1, instanceID, s)
}

// mustModify asserts a change is accepted and returns its OrderId.
func (f *fixture) mustModify(instanceID string, s spec) string {
	f.t.Helper()
	resp, err := f.modify(instanceID, s)
	if err != nil {
		f.t.Fatalf("ModifyInstanceNetworkSpec(%s, %+v): %v", instanceID, s, err)
	}
	return resp.OrderId
}

func (f *fixture) describe(instanceID string) ecs.Instance {
	f.t.Helper()
	req := ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	req.InstanceIds = `["` + instanceID + `"]`
	resp, err := f.ecs(key1, secret1).DescribeInstances(req)
	if err != nil {
		f.t.Fatalf("DescribeInstances(%s): %v", instanceID, err)
	}
	if len(resp.Instances.Instance) != 1 {
		f.t.Fatalf("DescribeInstances(%s): %d instances, want 1", instanceID, len(resp.Instances.Instance))
	}
	return resp.Instances.Instance[0]
}

func (f *fixture) order(orderID string) bssopenapi.Order {
	f.t.Helper()
	req := bssopenapi.CreateGetOrderDetailRequest()
	f.target(req.RpcRequest)
	req.OrderId = orderID
	resp, err := f.bss(key1, secret1).GetOrderDetail(req)
	if err != nil {
		f.t.Fatalf("GetOrderDetail(%s): %v", orderID, err)
	}
	if !resp.Success || len(resp.Data.OrderList.Order) != 1 {
		f.t.Fatalf("GetOrderDetail(%s): success %v, %d orders", orderID, resp.Success, len(resp.Data.OrderList.Order))
	}
	return resp.Data.OrderList.Order[0]
}

// stateInstance reads an instance from the world, pending changes and all.
func (f *fixture) stateInstance(instanceID string) Instance {
	f.t.Helper()
	for _, a := range f.srv.State().Accounts {
		if in := a.instance(instanceID); in != nil {
			return *in
		}
	}
	f.t.Fatalf("instance %s not in the world", instanceID)
	return Instance{}
}

// wantAPIError asserts err is the SDK's ServerError with code and status.
func wantAPIError(t *testing.T, err error, code string, status int) {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v, want ServerError %s (%d)", err, code, status)
	}
	if se.ErrorCode() != code || se.HttpStatus() != status {
		t.Fatalf("error = %s (%d) %q, want %s (%d)", se.ErrorCode(), se.HttpStatus(), se.Message(), code, status)
	}
	if se.RequestId() == "" {
		t.Errorf("error %s has no RequestId", code)
	}
}
