// Package acctest holds what the acceptance tests share: the provider
// factories, a pre-check that makes sure Terraform is used from PATH and
// never downloaded, an in-process simulator per test, and configuration
// builders.
package acctest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/provider"
)

// Names the tests share with the simulator's default world.
const (
	Region    = "cn-hangzhou"
	AccessKey = "mock-access-key"
	SecretKey = "mock-secret"
)

// ProtoV6ProviderFactories serve the provider in-process to the Terraform
// CLI the tests drive.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	provider.TypeName: func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6(provider.New("acctest")())(), nil
	},
}

var terraformPath struct {
	once sync.Once
	path string
	err  error
}

// PreCheck fails the test unless Terraform is on PATH (or named by
// TF_ACC_TERRAFORM_PATH), and pins that binary for the test framework,
// which would otherwise download one when none is found.
func PreCheck(t *testing.T) {
	t.Helper()
	terraformPath.once.Do(func() {
		if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
			terraformPath.path = p
			return
		}
		terraformPath.path, terraformPath.err = exec.LookPath("terraform")
		if terraformPath.err == nil {
			// Process-wide on purpose: every test after this one must use the
			// same binary, and t.Setenv would undo it when this test ends.
			terraformPath.err = os.Setenv("TF_ACC_TERRAFORM_PATH", terraformPath.path) //nolint:usetesting
		}
		if os.Getenv("CHECKPOINT_DISABLE") == "" {
			_ = os.Setenv("CHECKPOINT_DISABLE", "1") //nolint:usetesting // process-wide, as above
		}
	})
	if terraformPath.err != nil {
		t.Fatalf("the acceptance tests need the Terraform CLI on PATH (or TF_ACC_TERRAFORM_PATH) and never download it: %v",
			terraformPath.err)
	}
}

// Mock is a simulator serving one test.
type Mock struct {
	*ecsmock.Server
	// Endpoint is host:port of the simulator's listener.
	Endpoint string
	listener *dualListener
}

// Connections counts the connections the simulator accepted over TLS and
// over plain HTTP.
func (m *Mock) Connections() (tls, plain int64) {
	return m.listener.tlsConns.Load(), m.listener.plainConns.Load()
}

// StartMock starts a simulator on a loopback port with the default world,
// quick settling and payment, and stops it when the test ends. The port
// speaks HTTPS, with a certificate the provider under test trusts (CAPEM),
// and plain HTTP.
func StartMock(t *testing.T) *Mock {
	t.Helper()
	return StartMockWith(t, ecsmock.Config{})
}

// StartMockWith is StartMock with a given configuration; zero Settle and
// PayDelay become 50ms and 20ms.
func StartMockWith(t *testing.T, cfg ecsmock.Config) *Mock {
	t.Helper()
	if cfg.Settle == 0 {
		cfg.Settle = 50 * time.Millisecond
	}
	if cfg.PayDelay == 0 {
		cfg.PayDelay = 20 * time.Millisecond
	}
	srv, err := ecsmock.New(cfg)
	if err != nil {
		t.Fatalf("starting the simulator: %v", err)
	}
	tlsConfig, _ := testCA()
	conns.TrustForTesting(CAPool())
	ts := httptest.NewUnstartedServer(srv)
	listener := newDualListener(ts.Listener, tlsConfig)
	ts.Listener = listener
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return &Mock{Server: srv, Endpoint: strings.TrimPrefix(ts.URL, "http://"), listener: listener}
}

// ProviderConfig is the provider block pointing at the simulator with the
// default world's first account.
func (m *Mock) ProviderConfig() string {
	return m.ProviderConfigFor(AccessKey, SecretKey)
}

// ProviderConfigFor is the provider block pointing at the simulator with
// the given keys, over HTTPS (the provider's default).
func (m *Mock) ProviderConfigFor(accessKey, secretKey string) string {
	return fmt.Sprintf(`
provider "aliyun" {
  region     = %q
  access_key = %q
  secret_key = %q

  endpoints {
%s  }
}
`, Region, accessKey, secretKey, m.EndpointsBlock())
}

// HTTPProviderConfig is ProviderConfig over plain HTTP.
func (m *Mock) HTTPProviderConfig() string {
	return strings.Replace(m.ProviderConfig(), "\n  endpoints {", "\n  protocol = \"HTTP\"\n\n  endpoints {", 1)
}

// EndpointsBlock is the body of an endpoints block that sends every API,
// STS included, to the simulator.
func (m *Mock) EndpointsBlock() string {
	return fmt.Sprintf("    ecs = %q\n    bss = %q\n    sts = %q\n", m.Endpoint, m.Endpoint, m.Endpoint)
}

// CountCalls is how many calls of action the simulator received.
func (m *Mock) CountCalls(action string) int {
	n := 0
	for _, c := range m.Calls() {
		if c.Action == action {
			n++
		}
	}
	return n
}

// Instance is the simulator's view of one instance of any account.
func (m *Mock) Instance(id string) (ecsmock.Instance, bool) {
	w := m.State()
	for _, a := range w.Accounts {
		for _, inst := range a.Instances {
			if inst.InstanceId == id {
				return inst, true
			}
		}
	}
	return ecsmock.Instance{}, false
}

// Orders are the orders the simulator holds for an instance, oldest first.
func (m *Mock) Orders(instanceID string) []ecsmock.Order {
	var orders []ecsmock.Order
	for _, a := range m.State().Accounts {
		for _, o := range a.Orders {
			if o.InstanceId == instanceID {
				orders = append(orders, o)
			}
		}
	}
	return orders
}

// UpdateInstance changes one instance in the simulator's world, out of
// band of the provider.
func (m *Mock) UpdateInstance(id string, update func(*ecsmock.Instance)) error {
	w := m.State()
	for ai := range w.Accounts {
		for ii := range w.Accounts[ai].Instances {
			if w.Accounts[ai].Instances[ii].InstanceId == id {
				update(&w.Accounts[ai].Instances[ii])
				return m.SetState(w)
			}
		}
	}
	return fmt.Errorf("no instance %s in the simulator", id)
}

// RemoveInstance deletes an instance from the simulator's world, as if it
// had been released out of band. Its orders go with it, and the
// ClientTokens that name them, as the simulator keeps no order of an
// instance it does not know.
func (m *Mock) RemoveInstance(id string) error {
	w := m.State()
	for ai := range w.Accounts {
		a := &w.Accounts[ai]
		insts := a.Instances
		for ii := range insts {
			if insts[ii].InstanceId != id {
				continue
			}
			a.Instances = append(insts[:ii:ii], insts[ii+1:]...)
			a.Orders = slices.DeleteFunc(a.Orders, func(o ecsmock.Order) bool { return o.InstanceId == id })
			a.ClientTokens = slices.DeleteFunc(a.ClientTokens, func(r ecsmock.ClientTokenRecord) bool { return r.InstanceId == id })
			return m.SetState(w)
		}
	}
	return fmt.Errorf("no instance %s in the simulator", id)
}

// ConfigCompose joins configuration fragments.
func ConfigCompose(parts ...string) string {
	return strings.Join(parts, "\n")
}
