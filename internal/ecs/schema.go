package ecs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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

// Limits of ModifyInstanceNetworkSpec, as the API reference gives them. Only
// the lower ones are never valid; the upper ones are the range an instance
// has when its own cannot be looked up.
const (
	minBandwidthOut = 0
	maxBandwidthOut = 100
	minBandwidthIn  = 1
	maxBandwidthIn  = 200
)

// Internet charge types (InternetChargeType; NetworkChargeType in the
// request).
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
	InternetChargeType      types.String   `tfsdk:"internet_charge_type"`
	AllocatePublicIP        types.Bool     `tfsdk:"allocate_public_ip"`
	AutoPay                 types.Bool     `tfsdk:"auto_pay"`
	TemporaryUpgrade        types.List     `tfsdk:"temporary_upgrade"`
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
			"The top-level bandwidth attributes are the instance's permanent spec; a `temporary_upgrade` block books a window " +
			"of higher bandwidth, after which the instance is back at its permanent spec.",
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
				MarkdownDescription: "Permanent maximum outbound public bandwidth in Mbit/s, within the range the API allows the " +
					"instance (`DescribeBandwidthLimitation`; 0 to 100 when it cannot be looked up at plan). Left out: the " +
					"instance's current value. During a temporary upgrade, the value the instance has outside the window.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:    []validator.Int64{int64validator.AtLeast(minBandwidthOut)},
			},
			"internet_max_bandwidth_in": schema.Int64Attribute{
				MarkdownDescription: "Permanent maximum inbound public bandwidth in Mbit/s, 1 to 200. Left out: the instance's " +
					"current value. During a temporary upgrade, the value the instance has outside the window.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:    []validator.Int64{int64validator.AtLeast(minBandwidthIn)},
			},
			"internet_charge_type": schema.StringAttribute{
				MarkdownDescription: "Billing method of the public bandwidth: `PayByTraffic` or `PayByBandwidth` (the name " +
					"`DescribeInstances` and `alicloud_instance` use; the request calls it `NetworkChargeType`). A subscription " +
					"(`PrePaid`) instance can move from `PayByTraffic` to `PayByBandwidth` only; a pay-as-you-go instance either " +
					"way. Left out: the instance's current value.",
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
			"restore_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "On destroy, put back the bandwidth and charge type the instance had when this resource " +
					"first managed it. Default `false`: destroy changes nothing in the cloud.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"public_ip_address": schema.StringAttribute{
				MarkdownDescription: "The address the Internet reaches the instance at: its own public IP or, when it has none, " +
					"the bound EIP (for a VPC instance with an EIP, the EIP is its public address); null when it has neither. " +
					"The data source's `public_ip_address` reads the same.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
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
			"temporary_upgrade": temporaryUpgradeBlock(),
			"timeouts":          timeoutsBlock(ctx),
		},
	}
}

// windowModel is the temporary_upgrade block.
type windowModel struct {
	InternetMaxBandwidthOut types.Int64  `tfsdk:"internet_max_bandwidth_out"`
	InternetMaxBandwidthIn  types.Int64  `tfsdk:"internet_max_bandwidth_in"`
	StartTime               types.String `tfsdk:"start_time"`
	EndTime                 types.String `tfsdk:"end_time"`
	OrderID                 types.String `tfsdk:"order_id"`
	Status                  types.String `tfsdk:"status"`
}

// Statuses of a temporary upgrade, by the cloud's clock against its times.
const (
	windowBooked = "Booked"
	windowActive = "Active"
	windowEnded  = "Ended"
)

func temporaryUpgradeBlock() schema.Block {
	otherBandwidth := func(name string) path.Expression { return path.MatchRelative().AtParent().AtName(name) }
	return schema.ListNestedBlock{
		MarkdownDescription: "A temporary bandwidth upgrade (at most one block): from `start_time` to `end_time` the " +
			"instance has the block's bandwidth, then it is back at its permanent spec. Subscription (`PrePaid`) instances " +
			"only, upwards only. The window's order is placed at apply; a window that has ended may stay in the " +
			"configuration and changes nothing.",
		Validators: []validator.List{listvalidator.SizeAtMost(1)},
		NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				"internet_max_bandwidth_out": schema.Int64Attribute{
					MarkdownDescription: "Outbound public bandwidth during the window, Mbit/s, above the permanent value. " +
						"Set this, `internet_max_bandwidth_in`, or both.",
					Optional: true,
					Validators: []validator.Int64{
						int64validator.AtLeast(minBandwidthOut),
						int64validator.AtLeastOneOf(otherBandwidth("internet_max_bandwidth_in")),
					},
				},
				"internet_max_bandwidth_in": schema.Int64Attribute{
					MarkdownDescription: "Inbound public bandwidth during the window, Mbit/s, above the permanent value.",
					Optional:            true,
					Validators:          []validator.Int64{int64validator.AtLeast(minBandwidthIn)},
				},
				"start_time": schema.StringAttribute{
					MarkdownDescription: "Start of the window, UTC, `yyyy-MM-ddThh:mmZ` (the API's `StartTime` format), " +
						"for example `2030-06-01T08:00Z`. It must be ahead of the cloud's clock when the window is placed.",
					Required:   true,
					Validators: []validator.String{windowTimeFormat(startTimeLayout)},
				},
				"end_time": schema.StringAttribute{
					MarkdownDescription: "End of the window, UTC, `yyyy-MM-ddThhZ` (the API's `EndTime` format, whole " +
						"hours), for example `2030-06-03T08Z`, after `start_time`.",
					Required:   true,
					Validators: []validator.String{windowTimeFormat(endTimeLayout), endAfterStart()},
				},
				"order_id": schema.StringAttribute{
					MarkdownDescription: "ID of the window's order (`TemporaryUpgrade`).",
					Computed:            true,
				},
				"status": schema.StringAttribute{
					MarkdownDescription: "`Booked` before `start_time`, `Active` until `end_time`, `Ended` after it, by " +
						"the cloud's clock.",
					Computed: true,
				},
			},
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
