package ecs_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ecsnet/terraform-provider-aliyun/internal/acctest"
)

const dataSourceName = "data." + resourceType + ".test"

func testAccDataSourceConfig(mock *acctest.Mock, instanceID string) string {
	return acctest.ConfigCompose(mock.ProviderConfig(), fmt.Sprintf(`
data %q "test" {
  instance_id = %q
}
`, resourceType, instanceID))
}

func expectData(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dataSourceName, tfjsonpath.New(attr), v)
}

func TestAccECSInstanceNetworkSpecDataSource_basic(t *testing.T) {
	tests := []struct {
		name       string
		instanceID string
		checks     []statecheck.StateCheck
	}{
		{
			name:       "subscription with a public IP",
			instanceID: "i-prepaid-vpc",
			checks: []statecheck.StateCheck{
				expectData("id", knownvalue.StringExact("i-prepaid-vpc")),
				expectData("internet_max_bandwidth_out", knownvalue.Int64Exact(5)),
				expectData("internet_max_bandwidth_in", knownvalue.Int64Exact(10)),
				expectData("internet_charge_type", knownvalue.StringExact("PayByBandwidth")),
				expectData("instance_charge_type", knownvalue.StringExact("PrePaid")),
				expectData("instance_network_type", knownvalue.StringExact("vpc")),
				expectData("status", knownvalue.StringExact("Running")),
				expectData("public_ip_address", knownvalue.StringExact("47.0.0.2")),
				expectData("eip_address", knownvalue.Null()),
				expectData("eip_allocation_id", knownvalue.Null()),
				// A subscription with bandwidth cannot go to 0.
				expectData("out_min", knownvalue.Int64Exact(1)),
				expectData("out_max", knownvalue.Int64Exact(100)),
				expectData("in_min", knownvalue.Int64Exact(1)),
				expectData("in_max", knownvalue.Int64Exact(200)),
			},
		},
		{
			name:       "VPC instance with an EIP",
			instanceID: "i-vpc-eip",
			checks: []statecheck.StateCheck{
				expectData("internet_max_bandwidth_out", knownvalue.Int64Exact(0)),
				expectData("internet_charge_type", knownvalue.StringExact("PayByTraffic")),
				expectData("instance_charge_type", knownvalue.StringExact("PostPaid")),
				// The EIP is the instance's public address.
				expectData("public_ip_address", knownvalue.StringExact("47.0.1.1")),
				expectData("eip_address", knownvalue.StringExact("47.0.1.1")),
				expectData("eip_allocation_id", knownvalue.StringExact("eip-0001")),
				expectData("out_min", knownvalue.Int64Exact(0)),
				expectData("out_max", knownvalue.Int64Exact(100)),
			},
		},
		{
			name:       "stopped classic instance without bandwidth",
			instanceID: "i-classic-stopped",
			checks: []statecheck.StateCheck{
				expectData("instance_network_type", knownvalue.StringExact("classic")),
				expectData("status", knownvalue.StringExact("Stopped")),
				expectData("public_ip_address", knownvalue.Null()),
				expectData("out_min", knownvalue.Int64Exact(0)),
				expectData("out_max", knownvalue.Int64Exact(100)),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mock := acctest.StartMock(t)
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: testAccDataSourceConfig(mock, tt.instanceID), ConfigStateChecks: tt.checks},
				},
			})
			for _, a := range writeActions {
				if n := mock.CountCalls(a); n != 0 {
					t.Errorf("%s calls = %d, want 0: the data source only reads", a, n)
				}
			}
		})
	}
}

func TestAccECSInstanceNetworkSpecDataSource_notFound(t *testing.T) {
	mock := acctest.StartMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccDataSourceConfig(mock, "i-does-not-exist"),
				ExpectError: wrappedPattern(`(?s)Instance not found.*No instance i-does-not-exist exists in region cn-hangzhou`),
			},
		},
	})
}

// TestAccECSInstanceNetworkSpecDataSource_publicIPAgrees checks that the
// resource and the data source give one public_ip_address for one
// instance: its own public IP, or the EIP bound to it.
func TestAccECSInstanceNetworkSpecDataSource_publicIPAgrees(t *testing.T) {
	tests := []struct {
		instanceID string
		out        int
		want       string
	}{
		{instanceID: "i-vpc-eip", out: 0, want: "47.0.1.1"},
		{instanceID: "i-prepaid-vpc", out: 5, want: "47.0.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.instanceID, func(t *testing.T) {
			mock := acctest.StartMock(t)
			config := acctest.ConfigCompose(testAccDataSourceConfig(mock, tt.instanceID),
				acctest.ResourceConfig(resourceType, "test", spec(tt.instanceID, acctest.Int("internet_max_bandwidth_out", tt.out))))
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigStateChecks: []statecheck.StateCheck{
							expectState("public_ip_address", knownvalue.StringExact(tt.want)),
							expectData("public_ip_address", knownvalue.StringExact(tt.want)),
							statecheck.CompareValuePairs(resourceName, tfjsonpath.New("public_ip_address"),
								dataSourceName, tfjsonpath.New("public_ip_address"), compare.ValuesSame()),
						},
						ConfigPlanChecks: emptyPlanAfterApply,
					},
				},
			})
		})
	}
}

// TestAccECSInstanceNetworkSpecDataSource_feedsResource checks that a
// module can set the resource from the data source's range: the value it
// computes passes the plan-time checks and is applied.
func TestAccECSInstanceNetworkSpecDataSource_feedsResource(t *testing.T) {
	mock := acctest.StartMock(t)
	const id = "i-postpaid-vpc"
	config := acctest.ConfigCompose(testAccDataSourceConfig(mock, id),
		acctest.ResourceConfig(resourceType, "test", []acctest.Attr{
			acctest.Raw("instance_id", dataSourceName+".instance_id"),
			acctest.Raw("internet_max_bandwidth_out", "min("+dataSourceName+".internet_max_bandwidth_out * 30, "+dataSourceName+".out_max)"),
		}))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expectState("internet_max_bandwidth_out", knownvalue.Int64Exact(100))},
				Check:             checkInstance(mock, id, bandwidthIs(100, 10)),
			},
		},
	})
}
