package ecs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Limits of ModifyInstanceNetworkSpec, as the API reference gives them.
const (
	minBandwidthOut = 0
	maxBandwidthOut = 100
	minBandwidthIn  = 1
	maxBandwidthIn  = 200
)

// Network charge types (InternetChargeType / NetworkChargeType).
const (
	chargePayByTraffic   = "PayByTraffic"
	chargePayByBandwidth = "PayByBandwidth"
)

// Instance charge types.
const (
	instancePrePaid  = "PrePaid"
	instancePostPaid = "PostPaid"
)

// resourceModel is the state and plan of aliyun_ecs_instance_network_spec.
type resourceModel struct {
	ID                      types.String   `tfsdk:"id"`
	InstanceID              types.String   `tfsdk:"instance_id"`
	InternetMaxBandwidthOut types.Int64    `tfsdk:"internet_max_bandwidth_out"`
	InternetMaxBandwidthIn  types.Int64    `tfsdk:"internet_max_bandwidth_in"`
	NetworkChargeType       types.String   `tfsdk:"network_charge_type"`
	AllocatePublicIP        types.Bool     `tfsdk:"allocate_public_ip"`
	AutoPay                 types.Bool     `tfsdk:"auto_pay"`
	StartTime               types.String   `tfsdk:"start_time"`
	EndTime                 types.String   `tfsdk:"end_time"`
	RestoreOnDestroy        types.Bool     `tfsdk:"restore_on_destroy"`
	PublicIPAddress         types.String   `tfsdk:"public_ip_address"`
	OrderID                 types.String   `tfsdk:"order_id"`
	InstanceChargeType      types.String   `tfsdk:"instance_charge_type"`
	InstanceNetworkType     types.String   `tfsdk:"instance_network_type"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`
}

func (r *instanceNetworkSpecResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the public bandwidth of an existing ECS instance through `ModifyInstanceNetworkSpec`. " +
			"The resource does not create the instance: it changes only what differs from the configuration, waits until the " +
			"order (subscription instances) is paid and the new bandwidth is in effect, and reports API refusals as errors on " +
			"the attribute at fault — at plan time whenever the configuration alone decides it.\n\n" +
			"While `start_time`/`end_time` declare a temporary upgrade, the state keeps the window's bandwidth: the instance " +
			"going back to its previous bandwidth after `end_time` is expected and does not show as a difference.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The instance ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the ECS instance whose network spec is managed. Changing it moves management to another instance.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"internet_max_bandwidth_out": schema.Int64Attribute{
				MarkdownDescription: "Maximum outbound public bandwidth in Mbit/s, 0 to 100. Left out: the instance's current value.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:          []validator.Int64{int64validator.Between(minBandwidthOut, maxBandwidthOut)},
			},
			"internet_max_bandwidth_in": schema.Int64Attribute{
				MarkdownDescription: "Maximum inbound public bandwidth in Mbit/s, 1 to 200. Left out: the instance's current value.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:          []validator.Int64{int64validator.Between(minBandwidthIn, maxBandwidthIn)},
			},
			"network_charge_type": schema.StringAttribute{
				MarkdownDescription: "Billing method of the public bandwidth: `PayByTraffic` or `PayByBandwidth`. " +
					"Only subscription (`PrePaid`) instances can change it. Left out: the instance's current value.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.OneOf(chargePayByTraffic, chargePayByBandwidth)},
			},
			"allocate_public_ip": schema.BoolAttribute{
				MarkdownDescription: "Ask for a public IP address when `internet_max_bandwidth_out` goes from 0 to more. " +
					"Subscription instances get one anyway; pay-as-you-go instances only with this set. Default `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"auto_pay": schema.BoolAttribute{
				MarkdownDescription: "Pay the order of a subscription instance's change automatically from the account balance. " +
					"With `false` the order waits for payment in the console, and apply waits for it until the timeout. Default `true`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"start_time": schema.StringAttribute{
				MarkdownDescription: "Start of a temporary bandwidth upgrade, UTC, `yyyy-MM-ddThh:mmZ` (or `yyyy-MM-ddThhZ`). " +
					"Set together with `end_time`; subscription instances only.",
				Optional: true,
				Validators: []validator.String{
					windowTimeFormat(),
					stringvalidator.AlsoRequires(path.MatchRoot("end_time")),
				},
			},
			"end_time": schema.StringAttribute{
				MarkdownDescription: "End of a temporary bandwidth upgrade, UTC, `yyyy-MM-ddThhZ` (or `yyyy-MM-ddThh:mmZ`), " +
					"after `start_time`. The instance then returns to its previous bandwidth.",
				Optional: true,
				Validators: []validator.String{
					windowTimeFormat(),
					stringvalidator.AlsoRequires(path.MatchRoot("start_time")),
					endAfterStart(),
				},
			},
			"restore_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "On destroy, put back the bandwidth and charge type the instance had when this resource " +
					"first managed it. Default `false`: destroy changes nothing in the cloud.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"public_ip_address": schema.StringAttribute{
				MarkdownDescription: "The instance's public IP address (or its EIP's), if any.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"order_id": schema.StringAttribute{
				MarkdownDescription: "ID of the order placed by the last change. Pay-as-you-go changes place no order.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_charge_type": schema.StringAttribute{
				MarkdownDescription: "Billing method of the instance: `PrePaid` (subscription) or `PostPaid` (pay-as-you-go).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_network_type": schema.StringAttribute{
				MarkdownDescription: "Network type of the instance: `vpc` or `classic`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx),
		},
	}
}

// timeoutsBlock is the timeouts block, with the Markdown descriptions the
// documentation generator reads.
func timeoutsBlock(ctx context.Context) schema.Block {
	block, ok := timeouts.Block(ctx, timeouts.Opts{
		Create:            true,
		Update:            true,
		Delete:            true,
		CreateDescription: "How long create may wait for the order and the new bandwidth, as a duration such as `30m` (default `10m`).",
		UpdateDescription: "How long update may wait for the order and the new bandwidth, as a duration such as `30m` (default `10m`).",
		DeleteDescription: "How long destroy may wait while `restore_on_destroy` puts the original spec back (default `10m`).",
	}).(schema.SingleNestedBlock)
	if !ok {
		panic(fmt.Sprintf("timeouts.Block is a %T, not a SingleNestedBlock", block))
	}
	block.MarkdownDescription = "Time limits of the operations that wait for orders and bandwidth changes."
	for name, a := range block.Attributes {
		if s, ok := a.(schema.StringAttribute); ok {
			s.MarkdownDescription = s.Description
			block.Attributes[name] = s
		}
	}
	return block
}
