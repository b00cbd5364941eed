package ecsmock

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits of ModifyInstanceNetworkSpec.
const (
	// maxBandwidthOut is the reference's outbound ceiling, which an
	// instance's BandwidthLimits may replace up to maxLimitOut.
	maxBandwidthOut     = 100
	maxLimitOut         = 10000
	minBandwidthIn      = 1
	maxBandwidthIn      = 200
	maxClientTokenLen   = 64
	maxDowngrades       = 3
	maxUnpaidPerAccount = 5
)

// networkSpecRequest is a ModifyInstanceNetworkSpec call once its
// parameters are read; nil pointers are parameters left out.
type networkSpecRequest struct {
	InstanceID       string
	Out, In          *int
	ChargeType       string
	AllocatePublicIP bool
	AutoPay          bool
	ClientToken      string
	Start, End       *time.Time
}

func (m *networkSpecRequest) window() bool { return m.Start != nil }

// canonical is the request's identity for ClientToken idempotency.
func (m *networkSpecRequest) canonical() string {
	num := func(n *int) string {
		if n == nil {
			return "-"
		}
		return strconv.Itoa(*n)
	}
	tm := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.Format(time.RFC3339)
	}
	return strings.Join([]string{m.InstanceID, num(m.Out), num(m.In), m.ChargeType,
		strconv.FormatBool(m.AllocatePublicIP), strconv.FormatBool(m.AutoPay), tm(m.Start), tm(m.End)}, "|")
}

type modifyResponse struct {
	RequestId string
	OrderId   string
}

// parseNetworkSpecRequest applies the parameter-format rules.
func parseNetworkSpecRequest(p params) (*networkSpecRequest, *apiError) {
	m := &networkSpecRequest{InstanceID: p["InstanceId"], ChargeType: p["NetworkChargeType"], ClientToken: p["ClientToken"], AutoPay: true}
	if m.InstanceID == "" {
		return nil, missingParameter("InstanceId")
	}
	if p.has("InternetMaxBandwidthOut") {
		n, err := strconv.Atoi(p["InternetMaxBandwidthOut"])
		if err != nil || n < 0 || n > maxLimitOut {
			return nil, badRequest("InvalidInternetMaxBandwidthOut.ValueNotSupported", "The specified InternetMaxBandwidthOut is beyond the permitted range.")
		}
		m.Out = &n
	}
	if p.has("InternetMaxBandwidthIn") {
		n, err := strconv.Atoi(p["InternetMaxBandwidthIn"])
		if err != nil || n < minBandwidthIn || n > maxBandwidthIn {
			return nil, badRequest("InvalidInternetMaxBandwidthIn.ValueNotSupported", "The specified InternetMaxBandwidthIn is beyond the permitted range.")
		}
		m.In = &n
	}
	if m.ChargeType != "" && m.ChargeType != netPayByTraffic && m.ChargeType != netPayByBandwidth {
		return nil, badRequest("InvalidInternetChargeType.ValueNotSupported", "The specified InternetChargeType is invalid.")
	}
	var ok bool
	if m.AllocatePublicIP, ok = boolParam(p, "AllocatePublicIp", false); !ok {
		return nil, badRequest("InvalidParam.AllocatePublicIp", "The specified param AllocatePublicIp is invalid.")
	}
	if m.AutoPay, ok = boolParam(p, "AutoPay", true); !ok {
		return nil, badRequest("InvalidParameter", "The specified parameter %q is not valid: true or false is expected.", "AutoPay")
	}
	if len(m.ClientToken) > maxClientTokenLen {
		return nil, badRequest("InvalidParameter", "The specified parameter %q is longer than %d characters.", "ClientToken", maxClientTokenLen)
	}
	if p.has("StartTime") {
		t, err := parseWindowTime(p["StartTime"])
		if err != nil {
			return nil, badRequest("InvalidStartTime.ValueNotSupported", "The specified StartTime %q is not a UTC time of the form yyyy-MM-ddThh:mmZ.", p["StartTime"])
		}
		m.Start = &t
	}
	if p.has("EndTime") {
		t, err := parseWindowTime(p["EndTime"])
		if err != nil {
			return nil, badRequest("InvalidEndTime.ValueNotSupported", "The specified EndTime %q is not a UTC time of the form yyyy-MM-ddThhZ.", p["EndTime"])
		}
		m.End = &t
	}
	if (m.Start == nil) != (m.End == nil) {
		return nil, badRequest("InvalidParameter.Conflict", "StartTime and EndTime must be given together for a temporary bandwidth upgrade.")
	}
	if m.window() && !m.End.After(*m.Start) {
		return nil, badRequest("InvalidStartTime.ValueNotSupported", "The specified StartTime must be before EndTime.")
	}
	if m.AllocatePublicIP && m.Out != nil && *m.Out == 0 {
		return nil, badRequest("InvalidParameter.Conflict", "AllocatePublicIp=true needs an InternetMaxBandwidthOut greater than 0.")
	}
	if m.Out == nil && m.In == nil && m.ChargeType == "" {
		return nil, badRequest("InvalidParameter.Bandwidth", "Specify at least one of InternetMaxBandwidthOut, InternetMaxBandwidthIn and NetworkChargeType.")
	}
	if m.window() && m.Out == nil && m.In == nil {
		return nil, badRequest("InvalidParameter.Bandwidth", "A temporary bandwidth upgrade needs InternetMaxBandwidthOut or InternetMaxBandwidthIn.")
	}
	if m.window() && m.ChargeType != "" {
		return nil, badRequest("InvalidParameter.Conflict", "A temporary bandwidth upgrade cannot change NetworkChargeType.")
	}
	if m.window() && m.AllocatePublicIP {
		return nil, badRequest("InvalidParameter.Conflict", "A temporary bandwidth upgrade cannot allocate a public IP address.")
	}
	return m, nil
}

// boolParam reads an optional true/false parameter.
func boolParam(p params, name string, def bool) (value, ok bool) {
	if !p.has(name) {
		return def, true
	}
	switch strings.ToLower(p[name]) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// windowHourLayout is the whole-hour form of a window bound.
const windowHourLayout = "2006-01-02T15Z"

// parseWindowTime accepts both window forms for either bound, whole UTC
// hours or minutes, written exactly: time.Parse alone would take a
// one-digit hour.
func parseWindowTime(s string) (time.Time, error) {
	for _, layout := range []string{apiMinuteTimeLayout, windowHourLayout} {
		if t, err := time.Parse(layout, s); err == nil && t.Format(layout) == s {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not yyyy-MM-ddThh:mmZ or yyyy-MM-ddThhZ", s)
}

// modifyPlan is what the call asks, worked out before any rule is
// checked: the checks only read it, and commitModify applies it.
type modifyPlan struct {
	cur       PendingChange // the spec the change is judged against
	target    PendingChange // the permanent spec asked for
	windowOut int
	windowIn  int
	prepaid   bool
	downgrade bool
	needsIP   bool
	price     float64
	noop      bool
}

// modifyInstanceNetworkSpec reads the call, answers a ClientToken retry as
// the first call was answered, works out the plan, then runs the rules in
// the order of the reference's error table: each only reads the world and
// the plan, so a refusal leaves nothing behind; commitModify alone applies
// what was accepted.
func (s *Server) modifyInstanceNetworkSpec(req *request) (any, *apiError) {
	m, aerr := parseNetworkSpecRequest(req.params)
	if aerr != nil {
		return nil, aerr
	}
	acct := req.account
	if m.ClientToken != "" {
		for _, rec := range acct.ClientTokens {
			if rec.ClientToken != m.ClientToken {
				continue
			}
			if rec.Request != m.canonical() {
				return nil, badRequest("IdempotentParameterMismatch", "The request uses the same client token as a previous, but non-identical request.")
			}
			return modifyResponse{RequestId: req.requestID, OrderId: rec.OrderId}, nil
		}
	}
	in, aerr := req.findInstance(m.InstanceID)
	if aerr != nil {
		return nil, aerr
	}
	plan := newModifyPlan(in, m)
	for _, check := range []func() *apiError{
		func() *apiError { return checkRange(in, m, plan) },
		func() *apiError { return checkBillingState(acct, in, req.now) },
		func() *apiError { return checkStatus(in, m, plan, req.now) },
		func() *apiError { return checkNetwork(in, m, plan) },
		func() *apiError { return checkChange(in, m, plan) },
		func() *apiError { return s.checkOrder(acct, in, m, plan) },
	} {
		if aerr := check(); aerr != nil {
			return nil, aerr
		}
	}
	return modifyResponse{RequestId: req.requestID, OrderId: s.commitModify(req, in, m, plan)}, nil
}

func newModifyPlan(in *Instance, m *networkSpecRequest) *modifyPlan {
	cur := in.committed()
	plan := &modifyPlan{cur: cur, target: cur, windowOut: cur.InternetMaxBandwidthOut, windowIn: cur.InternetMaxBandwidthIn,
		prepaid: in.InstanceChargeType == chargePrePaid}
	plan.target.OrderId, plan.target.EffectiveTime, plan.target.AllocatePublicIp = "", nil, false
	if m.window() {
		if m.Out != nil {
			plan.windowOut = *m.Out
		}
		if m.In != nil {
			plan.windowIn = *m.In
		}
		if plan.prepaid {
			plan.price = windowPrice(cur, plan.windowOut, plan.windowIn, *m.Start, *m.End)
		}
		return plan
	}
	t := &plan.target
	if m.Out != nil {
		t.InternetMaxBandwidthOut = *m.Out
	}
	if m.In != nil {
		t.InternetMaxBandwidthIn = *m.In
	}
	if m.ChargeType != "" {
		t.InternetChargeType = m.ChargeType
	}
	plan.noop = t.InternetMaxBandwidthOut == cur.InternetMaxBandwidthOut && t.InternetMaxBandwidthIn == cur.InternetMaxBandwidthIn &&
		t.InternetChargeType == cur.InternetChargeType && !m.AllocatePublicIP
	plan.downgrade = plan.prepaid && (t.InternetMaxBandwidthOut < cur.InternetMaxBandwidthOut || t.InternetMaxBandwidthIn < cur.InternetMaxBandwidthIn)
	plan.needsIP = t.InternetMaxBandwidthOut > 0 && !in.hasPublicAddress() &&
		((plan.prepaid && cur.InternetMaxBandwidthOut == 0) || m.AllocatePublicIP)
	if plan.prepaid {
		plan.price = changePrice(cur, plan.target)
	}
	return plan
}

// newOut is the outbound bandwidth the call leads to.
func (p *modifyPlan) newOut(m *networkSpecRequest) int {
	if m.window() {
		return p.windowOut
	}
	return p.target.InternetMaxBandwidthOut
}

// checkRange: the outbound bandwidth asked, within the instance's range for
// the charge type it will have.
func checkRange(in *Instance, m *networkSpecRequest, plan *modifyPlan) *apiError {
	if m.Out == nil {
		return nil
	}
	charge := plan.target.InternetChargeType
	if lo, hi := in.outRange(charge); *m.Out < lo || *m.Out > hi {
		return badRequest("InvalidInternetMaxBandwidthOut.ValueNotSupported",
			"The specified InternetMaxBandwidthOut is beyond the permitted range: %s allows %d-%d Mbit/s under %s.", in.InstanceId, lo, hi, charge)
	}
	return nil
}

// checkBillingState: accounts in arrears and lapsed subscriptions.
func checkBillingState(acct *Account, in *Instance, now time.Time) *apiError {
	if acct.InArrears {
		if in.InstanceChargeType == chargePrePaid {
			return badRequest("Account.Arrearage", "Your account has an outstanding payment.")
		}
		return forbidden("InstanceExpiredOrInArrears", "The specified operation is denied as your prepay instance is expired (prepay mode) or in arrears (afterpay mode).")
	}
	if in.expired(now) {
		return forbidden("InstanceExpiredOrInArrears", "The specified operation is denied as your prepay instance is expired (prepay mode) or in arrears (afterpay mode).")
	}
	return nil
}

// checkStatus: transitional states, the locks after a change and after a
// downgrade, and classic
// instances that must be stopped to get a public bandwidth.
func checkStatus(in *Instance, m *networkSpecRequest, plan *modifyPlan, now time.Time) *apiError {
	if in.Status != statusRunning && in.Status != statusStopped {
		return forbidden("IncorrectInstanceStatus", "The current state of the instance does not support this operation (instance is %s).", in.Status)
	}
	if in.ChangeLockedUntil != nil && now.Before(*in.ChangeLockedUntil) {
		return forbidden("LastOrderProcessing", "The previous order of this instance is still being processed; it accepts another change after %s.",
			in.ChangeLockedUntil.Format(time.RFC3339))
	}
	if in.DowngradeLockedUntil != nil && now.Before(*in.DowngradeLockedUntil) {
		return forbidden("InvalidInstanceStatus", "The current state of the instance does not support this operation: it is locked after a bandwidth downgrade until %s.",
			in.DowngradeLockedUntil.Format(time.RFC3339))
	}
	if in.InstanceNetworkType == networkClassic && plan.cur.InternetMaxBandwidthOut == 0 && plan.newOut(m) > 0 && in.Status != statusStopped {
		return badRequest("InvalidInstanceStatus", "The specified instance state does not support this action: a classic network instance must be Stopped to raise InternetMaxBandwidthOut from 0.")
	}
	return nil
}

// checkNetwork: EIP-bound VPC instances, inbound-only changes of VPC
// instances without a public address, and AllocatePublicIp.
func checkNetwork(in *Instance, m *networkSpecRequest, plan *modifyPlan) *apiError {
	vpc := in.InstanceNetworkType == networkVpc
	if vpc && in.EipAddress.IpAddress != "" {
		if m.window() {
			return badRequest("BandwidthUpgradeDenied.EipBoundInstance", "The specified VPC instance has bound EIP, temporary bandwidth upgrade is denied.")
		}
		if m.Out != nil || m.In != nil {
			return forbidden("InvalidInstance.InstanceNotSupported", "The special vpc instance with eip not need bandwidth.")
		}
	}
	if vpc && !in.hasPublicAddress() && plan.newOut(m) == 0 && m.In != nil {
		return badRequest("OperationDenied", "Specified instance is in VPC.")
	}
	if m.AllocatePublicIP {
		if in.hasPublicAddress() {
			return badRequest("InvalidParam.AllocatePublicIp", "The specified param AllocatePublicIp is invalid: the instance already has a public IP address.")
		}
		if plan.newOut(m) == 0 {
			return badRequest("InvalidParameter.Conflict", "AllocatePublicIp=true needs an InternetMaxBandwidthOut greater than 0.")
		}
	}
	return nil
}

// canMoveChargeType tells whether a subscription may go from one Internet
// charge type to another: as the reference states, PayByTraffic to
// PayByBandwidth only. Pay-as-you-go instances switch either way.
func canMoveChargeType(from, to string) bool {
	return from == to || (from == netPayByTraffic && to == netPayByBandwidth)
}

// checkChange: charge-type rules, temporary windows, downgrades of
// subscriptions.
func checkChange(in *Instance, m *networkSpecRequest, plan *modifyPlan) *apiError {
	cur := plan.cur
	prepaid := plan.prepaid
	if !prepaid && m.window() {
		return forbidden("ChargeTypeViolation", "The operation is not permitted due to billing method of the instance: temporary bandwidth upgrades are for subscription instances.")
	}
	if prepaid && !canMoveChargeType(cur.InternetChargeType, plan.target.InternetChargeType) {
		return forbidden("ChargeTypeViolation", "The operation is not permitted due to billing method of the instance: a subscription instance may go from PayByTraffic to PayByBandwidth through this API, not back.")
	}
	if m.window() {
		if (m.Out != nil && *m.Out < cur.InternetMaxBandwidthOut) || (m.In != nil && *m.In < cur.InternetMaxBandwidthIn) {
			return badRequest("InvalidBandwidth.ValueNotSupported", "Instance upgrade bandwidth of temporary not allow less then existed.")
		}
		if cur.InternetMaxBandwidthOut == 0 {
			return badRequest("InvalidParameter.Bandwidth", "A temporary bandwidth upgrade needs an instance whose InternetMaxBandwidthOut is already above 0.")
		}
		if plan.windowOut == cur.InternetMaxBandwidthOut && plan.windowIn == cur.InternetMaxBandwidthIn {
			return badRequest("InvalidParameter.Bandwidth", "A temporary bandwidth upgrade must raise InternetMaxBandwidthOut or InternetMaxBandwidthIn.")
		}
		return nil
	}
	if prepaid && cur.InternetMaxBandwidthOut > 0 && plan.target.InternetMaxBandwidthOut == 0 {
		return badRequest("DecreasedBandwidthNotAllowed", "The InternetMaxBandwidthOut of a subscription instance cannot go down to 0: that would release its public IP address.")
	}
	if plan.downgrade && in.DowngradeCount >= maxDowngrades {
		return badRequest("InstanceDowngrade.QuotaExceed", "Quota of instance downgrade is exceed.")
	}
	return nil
}

// checkOrder: unpaid orders, a temporary upgrade in the way, public IP
// availability, balance.
func (s *Server) checkOrder(acct *Account, in *Instance, m *networkSpecRequest, plan *modifyPlan) *apiError {
	unpaid := 0
	for _, o := range acct.Orders {
		if o.PaymentStatus != orderUnpaid {
			continue
		}
		if o.InstanceId == in.InstanceId {
			return forbidden("InvalidInstance.UnpaidOrder", "The specified Instance has unpaid order (%s).", o.OrderId)
		}
		// An auto-paid order is paid by the cloud at once; only the
		// simulator's pay delay shows it Unpaid, so it is no debt of the
		// account's.
		if !o.autoPaid() {
			unpaid++
		}
	}
	if up := in.TemporaryUpgrade; up != nil {
		return badRequest("InvalidParameter.Conflict", "The instance has a temporary bandwidth upgrade until %s; change it after the upgrade ends.", up.EndTime.Format(apiMinuteTimeLayout))
	}
	if plan.noop {
		return nil
	}
	if plan.prepaid && unpaid >= maxUnpaidPerAccount {
		return badRequest("InvalidInstance.UnpaidOrder", "Unpaid order exists in your account, please complete or cancel the payment in the expense center.")
	}
	if plan.needsIP && s.world.ipPoolExhausted(in.RegionId) {
		return badRequest("IpAllocationError", "Allocate public ip failed.")
	}
	if plan.prepaid && m.AutoPay && plan.price > 0 && acct.available() < plan.price {
		return forbidden("InvalidAccountStatus.NotEnoughBalance", "Your account does not have enough balance.")
	}
	return nil
}

// commitModify is the one place an accepted call changes the world: the
// change it books, unless it asks for no change, then the ClientToken
// record that answers its retries. It returns the order id, if any.
func (s *Server) commitModify(req *request, in *Instance, m *networkSpecRequest, plan *modifyPlan) string {
	orderID := ""
	if !plan.noop {
		orderID = s.bookChange(req, in, m, plan)
	}
	if m.ClientToken != "" {
		req.account.ClientTokens = append(req.account.ClientTokens, ClientTokenRecord{
			ClientToken: m.ClientToken, Request: m.canonical(), InstanceId: in.InstanceId, OrderId: orderID,
		})
	}
	s.dirty = true
	return orderID
}

// bookChange records a change: an order for a subscription, the pending
// change or window, the downgrade count and lock, the change lock.
func (s *Server) bookChange(req *request, in *Instance, m *networkSpecRequest, plan *modifyPlan) string {
	if s.changeLock > 0 {
		until := req.now.Add(s.changeLock)
		in.ChangeLockedUntil = &until
	}
	orderID := ""
	if plan.prepaid {
		o := s.placeOrder(req.account, in, plan.price, orderType(m, plan), m.AutoPay, m.ClientToken, req.now)
		orderID = o.OrderId
	}
	if m.window() {
		in.TemporaryUpgrade = &TemporaryUpgrade{
			OrderId:                 orderID,
			InternetMaxBandwidthOut: plan.windowOut,
			InternetMaxBandwidthIn:  plan.windowIn,
			RestoreBandwidthOut:     plan.cur.InternetMaxBandwidthOut,
			RestoreBandwidthIn:      plan.cur.InternetMaxBandwidthIn,
			StartTime:               *m.Start,
			EndTime:                 *m.End,
		}
		return orderID
	}
	change := plan.target
	change.OrderId = orderID
	change.AllocatePublicIp = plan.needsIP
	if orderID == "" {
		at := req.now.Add(s.settle)
		change.EffectiveTime = &at
	}
	in.PendingChanges = append(in.PendingChanges, change)
	if plan.downgrade {
		in.DowngradeCount++
		until := req.now.Add(s.downgradeLock)
		in.DowngradeLockedUntil = &until
	}
	return orderID
}

func orderType(m *networkSpecRequest, plan *modifyPlan) string {
	switch {
	case m.window():
		return "TemporaryUpgrade"
	case plan.downgrade:
		return "Downgrade"
	}
	return "Upgrade"
}
