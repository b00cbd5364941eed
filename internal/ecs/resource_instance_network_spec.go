package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

const (
	// defaultTimeout bounds create, update and delete unless the timeouts
	// block says otherwise.
	defaultTimeout = 10 * time.Minute
	// readTimeout bounds a refresh, retries of transient errors included.
	readTimeout = 5 * time.Minute
)

var (
	_ resource.Resource                = (*instanceNetworkSpecResource)(nil)
	_ resource.ResourceWithConfigure   = (*instanceNetworkSpecResource)(nil)
	_ resource.ResourceWithImportState = (*instanceNetworkSpecResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*instanceNetworkSpecResource)(nil)
)

type instanceNetworkSpecResource struct {
	client *conns.Client
}

// NewInstanceNetworkSpecResource is the factory the provider registers.
func NewInstanceNetworkSpecResource() resource.Resource {
	return &instanceNetworkSpecResource{}
}

func (r *instanceNetworkSpecResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ecs_instance_network_spec"
}

func (r *instanceNetworkSpecResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := conns.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.client = client
	if client != nil {
		// The cloud's clock starts with the first answer.
		sharedOf(client)
	}
}

func (r *instanceNetworkSpecResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := plan.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)

	inst, err := findInstance(ctx, r.client, id)
	if err != nil {
		resp.Diagnostics.Append(diagnose(err))
		return
	}
	from := factsOf(inst)
	resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateOriginal, from.networkSpec)...)
	resp.Diagnostics.Append(keepFacts(ctx, r.client, resp.Private, from)...)
	planned, _, diags := windowOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A failed create leaves no state: the next apply's begin finds the
	// order this one placed, if any, among the instance's open orders.
	o := changeOptions{Change: nextChange(plan, planned, nil, from.networkSpec, cloudNow(r.client)), From: from, Keep: resp.Private}
	res, diags := applyChange(ctx, r.client, o)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.afterApply(ctx, o, planned, nil, res, cloudNow(r.client))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *instanceNetworkSpecResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	id := state.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)

	inst, err := findInstance(ctx, r.client, id)
	if isNotFound(err) {
		resp.Diagnostics.AddWarning("Instance gone, removed from state",
			fmt.Sprintf("Instance %s no longer exists in %s for these credentials, so aliyun_ecs_instance_network_spec stops "+
				"managing it. If the instance was replaced, the next plan proposes managing the instance_id configured.",
				id, r.client.Region()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnose(err))
		return
	}

	facts := factsOf(inst)
	settledOrder, diags := settledChange(ctx, req.Private, resp.Private, facts.networkSpec)
	resp.Diagnostics.Append(diags...)
	// The plan that follows judges by these facts instead of reading again.
	resp.Diagnostics.Append(keepFacts(ctx, r.client, resp.Private, facts)...)
	resp.Diagnostics.Append(refreshFromInstance(ctx, &state, facts, cloudNow(r.client))...)
	if settledOrder != "" {
		// A change an earlier apply left waiting took effect since.
		state.OrderID = types.StringValue(settledOrder)
	}
	original, diags := getPrivate[networkSpec](ctx, req.Private, privateOriginal)
	resp.Diagnostics.Append(diags...)
	if original == nil {
		// Imported: the spec found now is the one to restore.
		resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateOriginal, facts.networkSpec)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *instanceNetworkSpecResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := plan.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)

	planned, _, diags := windowOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	prior, _, diags := windowOf(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The refreshed state holds the instance's permanent spec.
	c := nextChange(plan, planned, prior, state.spec(), cloudNow(r.client))
	if c.empty() {
		tflog.Info(ctx, "no network spec change to send")
		fillUnknownFromState(&plan, state)
		resp.Diagnostics.Append(setWindow(ctx, &plan, windowAfterApply(planned, prior, "", cloudNow(r.client)))...)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}

	// The instance as the plan judged it, with the permanent spec.
	facts, err := instanceAsSeen(ctx, r.client, req.Private, resp.Private, id)
	if err != nil {
		resp.Diagnostics.Append(diagnose(err))
		return
	}
	lastOrder := state.OrderID.ValueString()
	o := changeOptions{Change: c, From: facts.withSpec(state.spec()), LastOrderID: &lastOrder, Prior: req.Private, Keep: resp.Private}
	res, diags := applyChange(ctx, r.client, o)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		// The state keeps the prior values: they are still what the
		// instance has until the change completes, and the next apply
		// resumes from them and the cloud.
		return
	}
	resp.Diagnostics.Append(plan.afterApply(ctx, o, planned, prior, res, cloudNow(r.client))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *instanceNetworkSpecResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)
	if !state.RestoreOnDestroy.ValueBool() {
		tflog.Info(ctx, "restore_on_destroy is false: the instance keeps its network spec")
		return
	}

	original, diags := getPrivate[networkSpec](ctx, req.Private, privateOriginal)
	resp.Diagnostics.Append(diags...)
	if original == nil {
		resp.Diagnostics.AddWarning("Original network spec unknown",
			fmt.Sprintf("restore_on_destroy is set, but the spec instance %s had when first managed was not recorded "+
				"(the state predates it or was edited), so nothing was restored. Set the bandwidth you want with "+
				"another apply before destroying, or change it in the console.", id))
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	inst, err := findInstance(ctx, r.client, id)
	if isNotFound(err) {
		tflog.Info(ctx, "the instance is gone: nothing to restore")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnose(err))
		return
	}
	// The permanent spec, as the destroy plan announced the restore from:
	// during a temporary upgrade the instance shows the window's.
	facts := factsOf(inst)
	resp.Diagnostics.Append(refreshFromInstance(ctx, &state, facts, cloudNow(r.client))...)
	from := facts.withSpec(state.spec())
	lastOrder := state.OrderID.ValueString()
	_, diags = applyChange(ctx, r.client, changeOptions{
		Change: restoreChange(*original, from, autoPayOf(state)), From: from, LastOrderID: &lastOrder, Prior: req.Private,
	})
	resp.Diagnostics.Append(diags...)
}

func (r *instanceNetworkSpecResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("instance_id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// afterApply fills what the plan left unknown once the change o went
// through with res: the order it placed goes to order_id, or to the
// window's when it booked one (the permanent values then stay o's from);
// the rest from the instance as the wait last saw it.
func (m *resourceModel) afterApply(ctx context.Context, o changeOptions, planned, prior *windowModel, res changeResult, now time.Time) diag.Diagnostics {
	windowOrder := ""
	if o.Change.books() {
		windowOrder = res.OrderID
		whenUnknown(&m.InternetMaxBandwidthOut, types.Int64Value(o.From.Out))
		whenUnknown(&m.InternetMaxBandwidthIn, types.Int64Value(o.From.In))
	} else {
		whenUnknown(&m.OrderID, stringOrNull(res.OrderID))
	}
	diags := setWindow(ctx, m, windowAfterApply(planned, prior, windowOrder, now))
	fillUnknownFromInstance(m, res.Instance)
	return diags
}

// fillUnknownFromInstance sets what the plan left unknown from the
// instance as it is now; known plan values stay, as Terraform requires.
func fillUnknownFromInstance(m *resourceModel, f instanceFacts) {
	whenUnknown(&m.ID, types.StringValue(f.InstanceID))
	whenUnknown(&m.InternetMaxBandwidthOut, types.Int64Value(f.Out))
	whenUnknown(&m.InternetMaxBandwidthIn, types.Int64Value(f.In))
	whenUnknown(&m.InternetChargeType, types.StringValue(f.ChargeType))
	whenUnknown(&m.PublicIPAddress, stringOrNull(f.PublicAddress))
	whenUnknown(&m.InstanceChargeType, types.StringValue(f.InstanceChargeType))
	whenUnknown(&m.InstanceNetworkType, types.StringValue(f.NetworkType))
	whenUnknown(&m.OrderID, types.StringNull())
}

// whenUnknown sets v to fill when the plan left v unknown: known plan
// values stay, as Terraform requires.
func whenUnknown[T attr.Value](v *T, fill T) {
	if (*v).IsUnknown() {
		*v = fill
	}
}

// fillUnknownFromState sets what the plan left unknown from the prior
// state, for an update that sent nothing.
func fillUnknownFromState(m *resourceModel, state resourceModel) {
	whenUnknown(&m.ID, state.ID)
	whenUnknown(&m.InternetMaxBandwidthOut, state.InternetMaxBandwidthOut)
	whenUnknown(&m.InternetMaxBandwidthIn, state.InternetMaxBandwidthIn)
	whenUnknown(&m.InternetChargeType, state.InternetChargeType)
	whenUnknown(&m.PublicIPAddress, state.PublicIPAddress)
	whenUnknown(&m.OrderID, state.OrderID)
	whenUnknown(&m.InstanceChargeType, state.InstanceChargeType)
	whenUnknown(&m.InstanceNetworkType, state.InstanceNetworkType)
}

// refreshFromInstance updates the state from the instance as of now, by
// the cloud's clock. The top-level bandwidth is the permanent spec: while
// a temporary upgrade is in effect the instance shows the window's, and
// the state keeps the values from before it. The window's status follows
// its times.
func refreshFromInstance(ctx context.Context, m *resourceModel, f instanceFacts, now time.Time) diag.Diagnostics {
	m.ID = types.StringValue(f.InstanceID)
	out, in := types.Int64Value(f.Out), types.Int64Value(f.In)
	w, _, diags := windowOf(ctx, *m)
	if w != nil {
		out = permanentValue(out.ValueInt64(), w.InternetMaxBandwidthOut, m.InternetMaxBandwidthOut, *w, now)
		in = permanentValue(in.ValueInt64(), w.InternetMaxBandwidthIn, m.InternetMaxBandwidthIn, *w, now)
		if out.ValueInt64() != f.Out || in.ValueInt64() != f.In {
			tflog.Debug(ctx, "the temporary upgrade is in effect: the state keeps the permanent bandwidth", map[string]any{
				"start_time": w.StartTime.ValueString(), "end_time": w.EndTime.ValueString(),
				"instance_out": f.Out, "instance_in": f.In,
			})
		}
		w.Status = stringOrNull(w.status(now))
		diags.Append(setWindow(ctx, m, w)...)
	}
	m.InternetMaxBandwidthOut, m.InternetMaxBandwidthIn = out, in
	m.InternetChargeType = types.StringValue(f.ChargeType)
	m.PublicIPAddress = stringOrNull(f.PublicAddress)
	m.InstanceChargeType = types.StringValue(f.InstanceChargeType)
	m.InstanceNetworkType = types.StringValue(f.NetworkType)
	if m.AllocatePublicIP.IsNull() {
		m.AllocatePublicIP = types.BoolValue(false)
	}
	if m.AutoPay.IsNull() {
		m.AutoPay = types.BoolValue(true)
	}
	if m.RestoreOnDestroy.IsNull() {
		m.RestoreOnDestroy = types.BoolValue(false)
	}
	if m.TemporaryUpgrade.IsNull() {
		m.TemporaryUpgrade = types.ListNull(windowObjectType)
	}
	return diags
}
