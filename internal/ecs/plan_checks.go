package ecs

import (
	"fmt"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Values of the instance facts the plan-time checks read.
const (
	networkVPC     = "vpc"
	networkClassic = "classic"
	statusStopped  = "Stopped"
	lockFinancial  = "financial"
)

// Limits of subscription downgrades, as the API reference gives them.
const (
	maxDowngrades = 3
	downgradeLock = "five minutes"
)

// planCheck is one change the apply will send, with the facts it is judged
// against.
type planCheck struct {
	facts  instanceFacts
	change change
	now    time.Time
}

func (p planCheck) window() bool { return p.change.StartTime != "" }

// newOut is the outbound bandwidth the change leads to (the window's, for
// a temporary upgrade).
func (p planCheck) newOut() int64 {
	if p.change.Out != nil {
		return *p.change.Out
	}
	return p.facts.Out
}

// bandwidthOperation is the DescribeBandwidthLimitation operation type
// whose range the outbound bandwidth of the change must fall in.
func (p planCheck) bandwidthOperation() string {
	if p.newOut() < p.facts.Out {
		return bandwidthDowngrade
	}
	return bandwidthUpgrade
}

// refusal is an error diagnostic for what ModifyInstanceNetworkSpec would
// refuse with code: the summary the apply would show, then why and what to
// do.
func refusal(attr path.Path, code, detail string) diag.Diagnostic {
	summary := codeGuidance[code].Summary
	detail += fmt.Sprintf("\n\nDecided before any change was sent, from the instance's current facts: ModifyInstanceNetworkSpec would refuse the change with %s.", code)
	return diag.NewAttributeErrorDiagnostic(attr, summary, detail)
}

// bandwidthPath is where a bandwidth of the change is configured: in the
// temporary_upgrade block for a window, at the top level otherwise.
func (p planCheck) bandwidthPath(attr string) path.Path {
	if p.window() {
		return windowPath(attr)
	}
	return path.Root(attr)
}

// checkFacts decides what the instance's facts decide, in the order the
// API checks them, and stops at the first refusal: that is the refusal the
// apply would meet. Warnings say what only the apply can tell. A window's
// times and its conflicts with other changes are decided before, from the
// configuration and the state (checkWindowPlan, checkOneChange).
func (p planCheck) checkFacts() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, check := range []func() *diag.Diagnostic{
		p.checkBilling, p.checkClassicStopped, p.checkEIP, p.checkInboundWithoutAddress,
		p.checkAllocateWithAddress, p.checkChargeType, p.checkWindowBandwidth,
	} {
		if d := check(); d != nil {
			diags.Append(*d)
			return diags
		}
	}
	diags.Append(p.warnDowngrade()...)
	return diags
}

func (p planCheck) checkBilling() *diag.Diagnostic {
	if !p.facts.FinancialLock {
		return nil
	}
	var d diag.Diagnostic
	if p.facts.prepaid() {
		d = refusal(path.Root("instance_id"), "InstanceExpiredOrInArrears", fmt.Sprintf(
			"Instance %s is a subscription that has expired (expiry %s) and is locked for billing, so its bandwidth cannot change. "+
				"Renew the subscription in the ECS console, then plan again.", p.facts.InstanceID, p.facts.ExpiredTime))
	} else {
		d = refusal(path.Root("instance_id"), "InstanceExpiredOrInArrears", fmt.Sprintf(
			"Instance %s is pay-as-you-go and locked for billing: the account has overdue payments. "+
				"Settle them in the Billing Management console, then plan again.", p.facts.InstanceID))
	}
	return &d
}

func (p planCheck) checkClassicStopped() *diag.Diagnostic {
	if p.facts.NetworkType != networkClassic || p.facts.Out != 0 || p.newOut() == 0 || p.facts.Status == statusStopped {
		return nil
	}
	d := refusal(path.Root("internet_max_bandwidth_out"), "InvalidInstanceStatus", fmt.Sprintf(
		"Instance %s is in the classic network and %s: its outbound bandwidth can go from 0 to %d Mbit/s only while it is Stopped. "+
			"Stop the instance, apply, then start it again.", p.facts.InstanceID, p.facts.Status, p.newOut()))
	return &d
}

func (p planCheck) checkEIP() *diag.Diagnostic {
	if p.facts.NetworkType != networkVPC || p.facts.EIP == "" {
		return nil
	}
	var d diag.Diagnostic
	switch {
	case p.window():
		d = refusal(windowPath(""), "BandwidthUpgradeDenied.EipBoundInstance", fmt.Sprintf(
			"Instance %s is in a VPC with Elastic IP %s bound, so it cannot have a temporary bandwidth upgrade. "+
				"Remove the temporary_upgrade block, and change the bandwidth of the EIP instead.", p.facts.InstanceID, p.facts.EIP))
	case p.change.Out != nil || p.change.In != nil:
		attr := "internet_max_bandwidth_out"
		if p.change.Out == nil {
			attr = "internet_max_bandwidth_in"
		}
		d = refusal(path.Root(attr), "InvalidInstance.InstanceNotSupported", fmt.Sprintf(
			"Instance %s is in a VPC with Elastic IP %s bound: its public bandwidth is the EIP's, not the instance's. "+
				"Leave %s out (or at the current value) and change the EIP's bandwidth, or unbind the EIP first.",
			p.facts.InstanceID, p.facts.EIP, attr))
	default:
		return nil
	}
	return &d
}

func (p planCheck) checkInboundWithoutAddress() *diag.Diagnostic {
	if p.facts.NetworkType != networkVPC || p.facts.hasPublicAddress() || p.newOut() != 0 || p.change.In == nil {
		return nil
	}
	d := refusal(path.Root("internet_max_bandwidth_in"), "OperationDenied", fmt.Sprintf(
		"Instance %s is in a VPC with no public IP or EIP and keeps 0 Mbit/s outbound: inbound Internet bandwidth means nothing "+
			"without an address. Give it outbound bandwidth too (internet_max_bandwidth_out of 1 or more), or leave "+
			"internet_max_bandwidth_in out.", p.facts.InstanceID))
	return &d
}

func (p planCheck) checkAllocateWithAddress() *diag.Diagnostic {
	if !p.change.AllocatePublicIP || !p.facts.hasPublicAddress() {
		return nil
	}
	addr := p.facts.PublicAddress
	d := refusal(path.Root("allocate_public_ip"), "InvalidParam.AllocatePublicIp", fmt.Sprintf(
		"Instance %s already has public address %s, so no other can be allocated. Set allocate_public_ip = false.",
		p.facts.InstanceID, addr))
	return &d
}

// checkChargeType: temporary upgrades are for subscriptions; a
// subscription moves from PayByTraffic to PayByBandwidth only, as the API
// reference says, while a pay-as-you-go instance may move either way.
func (p planCheck) checkChargeType() *diag.Diagnostic {
	var d diag.Diagnostic
	c, f := p.change, p.facts
	switch {
	case !f.prepaid() && p.window():
		d = refusal(windowPath(""), "ChargeTypeViolation", fmt.Sprintf(
			"Instance %s is pay-as-you-go (%s): temporary bandwidth upgrades are for subscription instances only. "+
				"Remove the temporary_upgrade block and set the bandwidth you need; it can be lowered again at any time.",
			f.InstanceID, f.InstanceChargeType))
	case f.prepaid() && c.ChargeType != nil && f.ChargeType == chargePayByBandwidth && *c.ChargeType == chargePayByTraffic:
		d = refusal(path.Root("internet_charge_type"), "ChargeTypeViolation", fmt.Sprintf(
			"Instance %s is a subscription (%s) billed %s for its bandwidth: through this API a subscription moves from "+
				"%s to %s only, not back. Set internet_charge_type = %q or leave it out.", f.InstanceID, f.InstanceChargeType,
			f.ChargeType, chargePayByTraffic, chargePayByBandwidth, f.ChargeType))
	default:
		return nil
	}
	return &d
}

func (p planCheck) checkWindowBandwidth() *diag.Diagnostic {
	if !p.window() {
		return nil
	}
	var d diag.Diagnostic
	c, f := p.change, p.facts
	switch {
	case c.Out != nil && *c.Out < f.Out:
		d = refusal(windowPath("internet_max_bandwidth_out"), "InvalidBandwidth.ValueNotSupported", fmt.Sprintf(
			"A temporary upgrade cannot go below the current bandwidth: instance %s has %d Mbit/s outbound, the window asks %d. "+
				"Set the window's internet_max_bandwidth_out to %d or more, or lower the top-level one for good instead.",
			f.InstanceID, f.Out, *c.Out, f.Out))
	case c.In != nil && *c.In < f.In:
		d = refusal(windowPath("internet_max_bandwidth_in"), "InvalidBandwidth.ValueNotSupported", fmt.Sprintf(
			"A temporary upgrade cannot go below the current bandwidth: instance %s has %d Mbit/s inbound, the window asks %d. "+
				"Set the window's internet_max_bandwidth_in to %d or more, or lower the top-level one for good instead.",
			f.InstanceID, f.In, *c.In, f.In))
	case f.Out == 0:
		d = refusal(windowPath(""), "InvalidParameter.Bandwidth", fmt.Sprintf(
			"Instance %s has no outbound bandwidth, and a temporary upgrade only raises an existing one. "+
				"Give it outbound bandwidth for good first (top-level internet_max_bandwidth_out, without the "+
				"temporary_upgrade block), then add the window.", f.InstanceID))
	case p.newOut() == f.Out && (c.In == nil || *c.In == f.In):
		d = refusal(windowPath(""), "InvalidParameter.Bandwidth", fmt.Sprintf(
			"The temporary upgrade raises nothing: instance %s already has %d Mbit/s outbound and %d inbound. "+
				"Set a higher internet_max_bandwidth_out or internet_max_bandwidth_in for the window.", f.InstanceID, f.Out, f.In))
	default:
		return nil
	}
	return &d
}

// warnDowngrade: the API neither shows how many downgrades a subscription
// has used nor whether it is locked, so the plan warns of both.
func (p planCheck) warnDowngrade() diag.Diagnostics {
	var diags diag.Diagnostics
	if p.window() || !p.facts.prepaid() {
		return diags
	}
	attr, from, to := "", int64(0), int64(0)
	switch c, f := p.change, p.facts; {
	case c.Out != nil && *c.Out < f.Out:
		attr, from, to = "internet_max_bandwidth_out", f.Out, *c.Out
	case c.In != nil && *c.In < f.In:
		attr, from, to = "internet_max_bandwidth_in", f.In, *c.In
	default:
		return diags
	}
	diags.AddAttributeWarning(path.Root(attr), "Subscription downgrade",
		fmt.Sprintf("Lowering %s of subscription instance %s from %d to %d Mbit/s is a downgrade: the price difference is refunded, "+
			"at most %d times per instance (then InstanceDowngrade.QuotaExceed), and the instance accepts no other change for "+
			"%s after it (InvalidInstanceStatus). The API does not show how many downgrades are used, so only the apply can tell.",
			attr, p.facts.InstanceID, from, to, maxDowngrades, downgradeLock))
	return diags
}

// chargeType is the Internet charge type the instance will have.
func (p planCheck) chargeType() string {
	if p.change.ChargeType != nil {
		return *p.change.ChargeType
	}
	return p.facts.ChargeType
}

// checkRange checks the outbound bandwidth against the instance's own
// range, as DescribeBandwidthLimitation gave it (see allowedOut).
func (p planCheck) checkRange(l outLimit) diag.Diagnostics {
	var diags diag.Diagnostics
	if p.change.Out == nil {
		return diags
	}
	if !l.listed {
		diags.Append(refusal(path.Root("internet_charge_type"), "ChargeTypeViolation", fmt.Sprintf(
			"DescribeBandwidthLimitation lists no outbound bandwidth for %s on instance %s (%s): the instance's billing method does not "+
				"allow that Internet charge type. Leave internet_charge_type out or set it to %q.",
			l.chargeType, p.facts.InstanceID, p.facts.InstanceChargeType, p.facts.ChargeType)))
		return diags
	}
	out := *p.change.Out
	if out >= int64(l.Min) && out <= int64(l.Max) {
		return diags
	}
	code, why := "InvalidInternetMaxBandwidthOut.ValueNotSupported", ""
	if p.facts.prepaid() && p.facts.Out > 0 && out == 0 {
		// The API names this case on its own.
		code, why = "DecreasedBandwidthNotAllowed", " A subscription instance cannot go to 0: it would release the public IP it paid for."
	}
	if l.committedDiffers {
		why += fmt.Sprintf(" The API judges the change against the bandwidth the instance is committed to, not the %d Mbit/s it "+
			"shows: another change (another workspace's, or the console's) is taking effect.", p.facts.Out)
	}
	diags.Append(refusal(p.bandwidthPath("internet_max_bandwidth_out"), code, fmt.Sprintf(
		"For instance %s (%s, %s, now %d Mbit/s), DescribeBandwidthLimitation allows %s to %d-%d Mbit/s outbound; "+
			"the plan asks %d.%s Set internet_max_bandwidth_out within %d-%d.",
		p.facts.InstanceID, p.facts.InstanceChargeType, l.chargeType, p.facts.Out, operationVerb(l.operation),
		l.Min, l.Max, out, why, l.Min, l.Max)))
	return diags
}

// limitFor is the range given for one Internet charge type.
func limitFor(limits []ecs.Bandwidth, chargeType string) (ecs.Bandwidth, bool) {
	for _, l := range limits {
		if l.InternetChargeType == chargeType {
			return l, true
		}
	}
	return ecs.Bandwidth{}, false
}

func operationVerb(operation string) string {
	if operation == bandwidthDowngrade {
		return "lowering it"
	}
	return "raising it"
}

// checkPending tells what happens to a change a previous apply left in
// flight with an order. The same change resumes on that order. Another
// change meets the order if it is still unpaid; whether it is would take a
// billing call, so the plan warns rather than refuses (a paid order would
// otherwise block every later plan).
func checkPending(pending *pendingChange, fingerprint string) diag.Diagnostics {
	var diags diag.Diagnostics
	if pending == nil || pending.OrderID == "" {
		return diags
	}
	if pending.Fingerprint == fingerprint {
		diags.AddWarning("Resuming an earlier change",
			fmt.Sprintf("A previous apply placed order %s for this same change and did not see it through. The apply resumes "+
				"waiting on that order instead of placing another: pay it in the Billing Management console (Orders) if it is "+
				"still unpaid.", pending.OrderID))
		return diags
	}
	diags.AddWarning("Earlier order may still be unpaid",
		fmt.Sprintf("A previous apply placed order %s for a different change and did not see it through. If that order is still "+
			"unpaid, the API refuses this change (InvalidInstance.UnpaidOrder): pay or cancel it in the Billing Management "+
			"console (Orders) first, or go back to the configuration of that apply to resume it.", pending.OrderID))
	return diags
}
