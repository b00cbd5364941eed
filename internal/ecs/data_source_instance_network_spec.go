package ecs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

var (
	_ datasource.DataSource              = (*instanceNetworkSpecDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*instanceNetworkSpecDataSource)(nil)
)

type instanceNetworkSpecDataSource struct {
	client *conns.Client
}

// NewInstanceNetworkSpecDataSource is the factory the provider registers.
func NewInstanceNetworkSpecDataSource() datasource.DataSource {
	return &instanceNetworkSpecDataSource{}
}

// dataSourceModel is the state of the aliyun_ecs_instance_network_spec
// data source.
type dataSourceModel struct {
	ID                      types.String `tfsdk:"id"`
	InstanceID              types.String `tfsdk:"instance_id"`
	InternetMaxBandwidthOut types.Int64  `tfsdk:"internet_max_bandwidth_out"`
	InternetMaxBandwidthIn  types.Int64  `tfsdk:"internet_max_bandwidth_in"`
	InternetChargeType      types.String `tfsdk:"internet_charge_type"`
	InstanceChargeType      types.String `tfsdk:"instance_charge_type"`
	InstanceNetworkType     types.String `tfsdk:"instance_network_type"`
	Status                  types.String `tfsdk:"status"`
	PublicIPAddress         types.String `tfsdk:"public_ip_address"`
	EIPAddress              types.String `tfsdk:"eip_address"`
	EIPAllocationID         types.String `tfsdk:"eip_allocation_id"`
	OutMin                  types.Int64  `tfsdk:"out_min"`
	OutMax                  types.Int64  `tfsdk:"out_max"`
	InMin                   types.Int64  `tfsdk:"in_min"`
	InMax                   types.Int64  `tfsdk:"in_max"`
}

func (d *instanceNetworkSpecDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ecs_instance_network_spec"
}

func (d *instanceNetworkSpecDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the current network spec of an ECS instance and the outbound bandwidth range the API allows it now, " +
			"so that a module can compute values the `aliyun_ecs_instance_network_spec` resource will be allowed to set.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The instance ID.",
				Computed:            true,
			},
			"instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the ECS instance to read.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"internet_max_bandwidth_out": schema.Int64Attribute{
				MarkdownDescription: "Current maximum outbound public bandwidth, Mbit/s.",
				Computed:            true,
			},
			"internet_max_bandwidth_in": schema.Int64Attribute{
				MarkdownDescription: "Current maximum inbound public bandwidth, Mbit/s.",
				Computed:            true,
			},
			"internet_charge_type": schema.StringAttribute{
				MarkdownDescription: "Billing method of the public bandwidth: `PayByTraffic` or `PayByBandwidth`.",
				Computed:            true,
			},
			"instance_charge_type": schema.StringAttribute{
				MarkdownDescription: "Billing method of the instance: `PrePaid` (subscription) or `PostPaid` (pay-as-you-go).",
				Computed:            true,
			},
			"instance_network_type": schema.StringAttribute{
				MarkdownDescription: "Network type of the instance: `vpc` or `classic`.",
				Computed:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status of the instance, such as `Running` or `Stopped`. A classic-network instance must be " +
					"`Stopped` for its outbound bandwidth to go from 0 to more.",
				Computed: true,
			},
			"public_ip_address": schema.StringAttribute{
				MarkdownDescription: "The address the Internet reaches the instance at: its own public IP or, when it has none, " +
					"the bound EIP (for a VPC instance with an EIP, the EIP is its public address, also in `eip_address`); " +
					"null when it has neither. The resource's `public_ip_address` reads the same.",
				Computed: true,
			},
			"eip_address": schema.StringAttribute{
				MarkdownDescription: "Address of the Elastic IP bound to the instance; null when none. A VPC instance with an EIP " +
					"takes its public bandwidth from the EIP, and the resource refuses to change its bandwidth.",
				Computed: true,
			},
			"eip_allocation_id": schema.StringAttribute{
				MarkdownDescription: "Allocation ID of the bound Elastic IP; null when none.",
				Computed:            true,
			},
			"out_min": schema.Int64Attribute{
				MarkdownDescription: "Lowest outbound bandwidth, Mbit/s, the API allows this instance now for its current network " +
					"charge type (`DescribeBandwidthLimitation`, operation `Downgrade`). A subscription instance with outbound " +
					"bandwidth cannot go to 0.",
				Computed: true,
			},
			"out_max": schema.Int64Attribute{
				MarkdownDescription: "Highest outbound bandwidth, Mbit/s, the API allows this instance now for its current network " +
					"charge type (`DescribeBandwidthLimitation`, operation `Upgrade`).",
				Computed: true,
			},
			"in_min": schema.Int64Attribute{
				MarkdownDescription: "Lowest inbound bandwidth, Mbit/s. The API gives no per-instance inbound range: this is the " +
					"documented limit of `ModifyInstanceNetworkSpec`, 1.",
				Computed: true,
			},
			"in_max": schema.Int64Attribute{
				MarkdownDescription: "Highest inbound bandwidth, Mbit/s: the documented limit of `ModifyInstanceNetworkSpec`, 200.",
				Computed:            true,
			},
		},
	}
}

func (d *instanceNetworkSpecDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.client = client
}

func (d *instanceNetworkSpecDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	id := m.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)

	inst, err := findInstance(ctx, d.client, id)
	if err != nil {
		resp.Diagnostics.Append(diagnose(err))
		return
	}
	facts := factsOf(inst)
	low, high := int64(minBandwidthOut), int64(maxBandwidthOut)
	for _, op := range []string{bandwidthDowngrade, bandwidthUpgrade} {
		limits, err := findBandwidthLimitation(ctx, d.client, id, facts.InstanceChargeType, op)
		if err != nil {
			resp.Diagnostics.Append(diagnose(err))
			return
		}
		l, ok := limitFor(limits, facts.ChargeType)
		if !ok {
			resp.Diagnostics.AddError("No bandwidth range for the instance",
				fmt.Sprintf("DescribeBandwidthLimitation (%s) gave no range for %s on instance %s.", op, facts.ChargeType, id))
			return
		}
		if op == bandwidthDowngrade {
			low = int64(l.Min)
		} else {
			high = int64(l.Max)
		}
	}

	m.ID = types.StringValue(facts.InstanceID)
	m.InternetMaxBandwidthOut = types.Int64Value(facts.Out)
	m.InternetMaxBandwidthIn = types.Int64Value(facts.In)
	m.InternetChargeType = types.StringValue(facts.ChargeType)
	m.InstanceChargeType = types.StringValue(facts.InstanceChargeType)
	m.InstanceNetworkType = types.StringValue(facts.NetworkType)
	m.Status = types.StringValue(facts.Status)
	m.PublicIPAddress = stringOrNull(facts.PublicAddress)
	m.EIPAddress = stringOrNull(facts.EIP)
	m.EIPAllocationID = stringOrNull(facts.EIPAllocationID)
	m.OutMin, m.OutMax = types.Int64Value(low), types.Int64Value(high)
	m.InMin, m.InMax = types.Int64Value(minBandwidthIn), types.Int64Value(maxBandwidthIn)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
