package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
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
	cur := currentOf(inst)
	resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateOriginal, cur.networkSpec)...)
	if resp.Diagnostics.HasError() {
		return
	}

	planned, _, diags := windowOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	orderID := ""
	c := nextChange(plan, planned, nil, cur, cloudNow(r.client))
	if !c.empty() {
		// A failed create leaves no state: the next apply's begin finds the
		// order this one placed, if any, among the instance's open orders.
		run, err := beginChange(ctx, r.client, id, c, cur, nil, nil)
		if err != nil {
			resp.Diagnostics.Append(diagnose(err))
			return
		}
		res, err := run.apply(ctx, r.client, nil)
		if err != nil {
			resp.Diagnostics.Append(diagnose(err))
			return
		}
		inst, orderID = res.Instance, res.OrderID
		resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateTiming, res.Timing)...)
		resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateLastChange, cloudNow(r.client))...)
	} else {
		tflog.Info(ctx, "the instance already has the configured network spec: nothing to change")
	}

	windowOrder := ""
	if c.books() {
		windowOrder, orderID = orderID, ""
		keepPermanent(&plan, cur)
	}
	plan.OrderID = stringOrNull(orderID)
	resp.Diagnostics.Append(setWindow(ctx, &plan, windowAfterApply(planned, nil, windowOrder, cloudNow(r.client)))...)
	fillUnknownFromInstance(&plan, inst)
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

	settledOrder, diags := forgetSettledChange(ctx, req.Private, resp.Private, inst)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(refreshFromInstance(ctx, &state, inst, cloudNow(r.client))...)
	if settledOrder != "" {
		// A change an earlier apply left waiting took effect since.
		state.OrderID = types.StringValue(settledOrder)
	}
	original, diags := getPrivate[networkSpec](ctx, req.Private, privateOriginal)
	resp.Diagnostics.Append(diags...)
	if original == nil {
		// Imported: the spec found now is the one to restore.
		resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateOriginal, specOf(inst))...)
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

	// The refreshed state holds the instance's permanent spec.
	cur := currentOfState(state)
	planned, _, diags := windowOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	prior, _, diags := windowOf(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := nextChange(plan, planned, prior, cur, cloudNow(r.client))
	if c.empty() {
		tflog.Info(ctx, "no network spec change to send")
		fillUnknownFromState(&plan, state)
		resp.Diagnostics.Append(setWindow(ctx, &plan, windowAfterApply(planned, prior, "", cloudNow(r.client)))...)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}

	hint, diags := getPrivate[changeTiming](ctx, req.Private, privateTiming)
	resp.Diagnostics.Append(diags...)
	pending, diags := getPrivate[pendingChange](ctx, req.Private, privatePending)
	resp.Diagnostics.Append(diags...)
	lastOrder := state.OrderID.ValueString()
	run, err := beginChange(ctx, r.client, id, c, cur, &lastOrder, pending)
	if err != nil {
		resp.Diagnostics.Append(diagnose(err))
		return
	}
	res, err := run.apply(ctx, r.client, hint)
	if err != nil {
		// The state keeps the prior values: they are still what the
		// instance has until the change completes, and the next apply
		// resumes from them and the cloud.
		if finished(res, err) {
			resp.Diagnostics.Append(run.abandon(ctx, resp.Private)...)
		} else {
			resp.Diagnostics.Append(run.record(ctx, resp.Private)...)
		}
		resp.Diagnostics.Append(diagnose(err))
		return
	}
	resp.Diagnostics.Append(run.settle(ctx, resp.Private)...)
	resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateTiming, res.Timing)...)
	resp.Diagnostics.Append(setPrivate(ctx, resp.Private, privateLastChange, cloudNow(r.client))...)

	windowOrder := ""
	if c.books() {
		windowOrder = res.OrderID
		keepPermanent(&plan, cur)
	} else if plan.OrderID.IsUnknown() {
		plan.OrderID = stringOrNull(res.OrderID)
	}
	resp.Diagnostics.Append(setWindow(ctx, &plan, windowAfterApply(planned, prior, windowOrder, cloudNow(r.client)))...)
	fillUnknownFromInstance(&plan, res.Instance)
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
	resp.Diagnostics.Append(refreshFromInstance(ctx, &state, inst, cloudNow(r.client))...)
	cur := currentOfState(state)
	c := restoreChange(*original, cur, autoPayOf(state))
	if c.empty() {
		tflog.Info(ctx, "the instance already has its original network spec")
		return
	}
	if _, err := applyChange(ctx, r.client, id, c, cur, newClientToken(), "", nil); err != nil {
		resp.Diagnostics.Append(diagnose(err))
	}
}

func (r *instanceNetworkSpecResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("instance_id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// forgetSettledChange drops the pending change once the instance no longer
// shows the spec it started from (the change took effect, or the instance
// was changed otherwise) and returns its order, if it had one.
func forgetSettledChange(ctx context.Context, prior privateGetter, p privateSetter, inst *ecs.Instance) (string, diag.Diagnostics) {
	shown := specOf(inst)
	orderID := ""
	pending, diags := getPrivate[pendingChange](ctx, prior, privatePending)
	if pending != nil && pending.From != shown {
		tflog.Debug(ctx, "the pending change is no longer pending", map[string]any{"order_id": pending.OrderID})
		diags.Append(p.SetKey(ctx, privatePending, nil)...)
		orderID = pending.OrderID
	}
	return orderID, diags
}

// fillUnknownFromInstance sets what the plan left unknown from the
// instance as it is now; known plan values stay, as Terraform requires.
func fillUnknownFromInstance(m *resourceModel, inst *ecs.Instance) {
	m.ID = types.StringValue(inst.InstanceId)
	whenUnknown(&m.InternetMaxBandwidthOut, types.Int64Value(int64(inst.InternetMaxBandwidthOut)))
	whenUnknown(&m.InternetMaxBandwidthIn, types.Int64Value(int64(inst.InternetMaxBandwidthIn)))
	whenUnknown(&m.InternetChargeType, types.StringValue(inst.InternetChargeType))
	whenUnknown(&m.PublicIPAddress, stringOrNull(publicIP(inst)))
	whenUnknown(&m.InstanceChargeType, types.StringValue(inst.InstanceChargeType))
	whenUnknown(&m.InstanceNetworkType, types.StringValue(inst.InstanceNetworkType))
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

// keepPermanent sets the permanent values the plan left unknown from cur,
// for a window's apply: the instance may already show the window's.
func keepPermanent(m *resourceModel, cur current) {
	whenUnknown(&m.InternetMaxBandwidthOut, types.Int64Value(cur.Out))
	whenUnknown(&m.InternetMaxBandwidthIn, types.Int64Value(cur.In))
}

// refreshFromInstance updates the state from the instance as of now, by
// the cloud's clock. The top-level bandwidth is the permanent spec: while
// a temporary upgrade is in effect the instance shows the window's, and
// the state keeps the values from before it. The window's status follows
// its times.
func refreshFromInstance(ctx context.Context, m *resourceModel, inst *ecs.Instance, now time.Time) diag.Diagnostics {
	m.ID = types.StringValue(inst.InstanceId)
	out := types.Int64Value(int64(inst.InternetMaxBandwidthOut))
	in := types.Int64Value(int64(inst.InternetMaxBandwidthIn))
	w, _, diags := windowOf(ctx, *m)
	if w != nil {
		out = permanentValue(out.ValueInt64(), w.InternetMaxBandwidthOut, m.InternetMaxBandwidthOut, *w, now)
		in = permanentValue(in.ValueInt64(), w.InternetMaxBandwidthIn, m.InternetMaxBandwidthIn, *w, now)
		if !out.Equal(types.Int64Value(int64(inst.InternetMaxBandwidthOut))) || !in.Equal(types.Int64Value(int64(inst.InternetMaxBandwidthIn))) {
			tflog.Debug(ctx, "the temporary upgrade is in effect: the state keeps the permanent bandwidth", map[string]any{
				"start_time": w.StartTime.ValueString(), "end_time": w.EndTime.ValueString(),
				"instance_out": inst.InternetMaxBandwidthOut, "instance_in": inst.InternetMaxBandwidthIn,
			})
		}
		w.Status = stringOrNull(w.status(now))
		diags.Append(setWindow(ctx, m, w)...)
	}
	m.InternetMaxBandwidthOut, m.InternetMaxBandwidthIn = out, in
	m.InternetChargeType = types.StringValue(inst.InternetChargeType)
	m.PublicIPAddress = stringOrNull(publicIP(inst))
	m.InstanceChargeType = types.StringValue(inst.InstanceChargeType)
	m.InstanceNetworkType = types.StringValue(inst.InstanceNetworkType)
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
