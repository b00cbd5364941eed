package ecsmock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"slices"
	"strings"
	"time"
)

// maxAmount bounds balances and order amounts: amounts are kept to the
// cent, and beyond it a float64 no longer holds every cent exactly.
const maxAmount = 1e12

// Values the world's enumerations may take, as the API spells them.
var (
	instanceStatuses = []string{"Pending", statusRunning, "Starting", "Stopping", statusStopped}
	orderStatuses    = []string{orderUnpaid, orderPaid, orderCancelled}
	orderTypes       = []string{"Upgrade", "Downgrade", "TemporaryUpgrade"}
)

// decodeStrict reads one JSON value into v and refuses what would
// otherwise slip through unnoticed: an empty body, null, a field v does
// not have (a misspelling) and anything after the value.
func decodeStrict(data []byte, v any) error {
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return errors.New("empty: a JSON object is expected")
	case bytes.Equal(trimmed, []byte("null")):
		return errors.New("null is not accepted; a JSON object is expected")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data follows the JSON value: give exactly one")
	}
	return nil
}

// decodeWorld reads a world in its JSON form (seed, state file, admin API)
// strictly, fills what a minimal seed may leave out and checks it.
func decodeWorld(data []byte) (World, error) {
	var w World
	if err := decodeStrict(data, &w); err != nil {
		return World{}, err
	}
	if w.Accounts == nil {
		return World{}, errors.New(`the world has no "Accounts" list; give "Accounts": [] for a world without accounts`)
	}
	if err := w.normalize(); err != nil {
		return World{}, err
	}
	return w, nil
}

// validateWorld checks that a world holds only what the API could: known
// enumerations, values in their ranges, unique ids, references that
// resolve, pending changes and windows the clock can carry through. It
// reads the world and changes nothing.
func validateWorld(w *World) error {
	keys := map[string]bool{}
	accountIDs := map[string]bool{}
	instances := map[string]bool{}
	orders := map[string]bool{}
	for ai := range w.Accounts {
		a := &w.Accounts[ai]
		if a.AccessKeyId == "" || a.AccessKeySecret == "" {
			return fmt.Errorf("account %d: AccessKeyId and AccessKeySecret are required", ai)
		}
		if keys[a.AccessKeyId] {
			return fmt.Errorf("account %q: AccessKeyId used twice", a.AccessKeyId)
		}
		keys[a.AccessKeyId] = true
		if strings.HasPrefix(a.AccessKeyId, stsKeyPrefix) {
			return fmt.Errorf("account %q: an AccessKeyId starting %q is reserved for STS temporary keys", a.AccessKeyId, stsKeyPrefix)
		}
		if !isAccountID(a.AccountId) {
			return fmt.Errorf("account %q: AccountId %q is not 16 digits", a.AccessKeyId, a.AccountId)
		}
		if accountIDs[a.AccountId] {
			return fmt.Errorf("account %q: AccountId %s used twice", a.AccessKeyId, a.AccountId)
		}
		accountIDs[a.AccountId] = true
		for ii, in := range a.Instances {
			if in.InstanceId == "" {
				return fmt.Errorf("account %q: instance %d has no InstanceId", a.AccessKeyId, ii)
			}
			if instances[in.InstanceId] {
				return fmt.Errorf("instance %q appears twice", in.InstanceId)
			}
			instances[in.InstanceId] = true
		}
		for oi, o := range a.Orders {
			if o.OrderId == "" {
				return fmt.Errorf("account %q: order %d has no OrderId", a.AccessKeyId, oi)
			}
			if orders[o.OrderId] {
				return fmt.Errorf("order %q appears twice", o.OrderId)
			}
			orders[o.OrderId] = true
		}
	}
	for ai := range w.Accounts {
		if err := validateAccount(&w.Accounts[ai]); err != nil {
			return fmt.Errorf("account %q: %w", w.Accounts[ai].AccessKeyId, err)
		}
	}
	for _, region := range w.ExhaustedIpRegions {
		if region == "" {
			return errors.New("ExhaustedIpRegions: a region is empty")
		}
	}
	return nil
}

func validateAccount(a *Account) error {
	if err := checkAmount("Balance", a.Balance, 0); err != nil {
		return err
	}
	for i := range a.Instances {
		if err := validateInstance(a, &a.Instances[i]); err != nil {
			return fmt.Errorf("instance %q: %w", a.Instances[i].InstanceId, err)
		}
	}
	for i := range a.Orders {
		if err := validateOrder(a, &a.Orders[i]); err != nil {
			return fmt.Errorf("order %q: %w", a.Orders[i].OrderId, err)
		}
	}
	tokens := map[string]bool{}
	for i, rec := range a.ClientTokens {
		if err := validateClientToken(a, rec, tokens); err != nil {
			return fmt.Errorf("ClientTokens[%d]: %w", i, err)
		}
	}
	return nil
}

// checkAmount refuses a money value below lowest or beyond what the world
// can hold to the cent.
func checkAmount(name string, v, lowest float64) error {
	if math.IsNaN(v) || v < lowest || math.Abs(v) > maxAmount {
		return fmt.Errorf("%s %v is outside %v to %v", name, v, lowest, maxAmount)
	}
	return nil
}

func checkIntRange(name string, v, lowest, highest int) error {
	if v < lowest || v > highest {
		return fmt.Errorf("%s %d is outside %d-%d", name, v, lowest, highest)
	}
	return nil
}

func checkOneOf(name, v string, allowed []string) error {
	if !slices.Contains(allowed, v) {
		return fmt.Errorf("%s %q is not one of %q", name, v, allowed)
	}
	return nil
}

// checkBandwidth applies the ranges of ModifyInstanceNetworkSpec to a spec
// the world holds under an Internet charge type, with the field names
// given: out up to the instance's own limit (its Min bounds changes only:
// an instance may sit below it), in 1-200.
func checkBandwidth(inst *Instance, chargeType, outName string, out int, inName string, in int) error {
	_, hi := inst.outRange(chargeType)
	if err := checkIntRange(outName, out, 0, hi); err != nil {
		return err
	}
	return checkIntRange(inName, in, minBandwidthIn, maxBandwidthIn)
}

// validateLimits checks an instance's own bandwidth ranges: at most one
// per Internet charge type, 0 <= Min <= Max <= maxLimitOut.
func validateLimits(limits []BandwidthLimit) error {
	seen := map[string]bool{}
	for i, l := range limits {
		if err := checkOneOf(fmt.Sprintf("BandwidthLimits[%d]: InternetChargeType", i), l.InternetChargeType, []string{netPayByTraffic, netPayByBandwidth}); err != nil {
			return err
		}
		if seen[l.InternetChargeType] {
			return fmt.Errorf("BandwidthLimits[%d]: a second range for %s", i, l.InternetChargeType)
		}
		seen[l.InternetChargeType] = true
		if l.Min < 0 || l.Max < l.Min || l.Max > maxLimitOut {
			return fmt.Errorf("BandwidthLimits[%d]: Min %d and Max %d must satisfy 0 <= Min <= Max <= %d", i, l.Min, l.Max, maxLimitOut)
		}
	}
	return nil
}

const (
	fieldOut = "InternetMaxBandwidthOut"
	fieldIn  = "InternetMaxBandwidthIn"
)

func validateInstance(a *Account, in *Instance) error {
	for _, c := range []struct {
		name, v string
		allowed []string
	}{
		{"Status", in.Status, instanceStatuses},
		{"InstanceChargeType", in.InstanceChargeType, []string{chargePrePaid, chargePostPaid}},
		{"InternetChargeType", in.InternetChargeType, []string{netPayByTraffic, netPayByBandwidth}},
		{"InstanceNetworkType", in.InstanceNetworkType, []string{networkVpc, networkClassic}},
	} {
		if err := checkOneOf(c.name, c.v, c.allowed); err != nil {
			return err
		}
	}
	if err := validateLimits(in.BandwidthLimits); err != nil {
		return err
	}
	if err := checkBandwidth(in, in.InternetChargeType, fieldOut, in.InternetMaxBandwidthOut, fieldIn, in.InternetMaxBandwidthIn); err != nil {
		return err
	}
	for _, ip := range in.PublicIpAddress.IpAddress {
		if net.ParseIP(ip) == nil {
			return fmt.Errorf("PublicIpAddress %q is not an IP address", ip)
		}
	}
	if eip := in.EipAddress; eip.IpAddress != "" || eip.AllocationId != "" {
		if net.ParseIP(eip.IpAddress) == nil || eip.AllocationId == "" {
			return fmt.Errorf("EipAddress needs both an IpAddress and an AllocationId (or neither); got %q and %q", eip.IpAddress, eip.AllocationId)
		}
	}
	if in.ExpiredTime != "" {
		if _, err := parseAPITime(in.ExpiredTime); err != nil {
			return fmt.Errorf("ExpiredTime: %w", err)
		}
	}
	if err := checkIntRange("DowngradeCount", in.DowngradeCount, 0, maxDowngrades); err != nil {
		return err
	}
	for i := range in.PendingChanges {
		if err := validatePendingChange(a, in, &in.PendingChanges[i]); err != nil {
			return fmt.Errorf("PendingChanges[%d]: %w", i, err)
		}
	}
	if up := in.TemporaryUpgrade; up != nil {
		if err := validateWindow(a, in, up); err != nil {
			return fmt.Errorf("TemporaryUpgrade: %w", err)
		}
	}
	return nil
}

// carryingOrder finds the order a pending change or window names: it must
// be an order of the same instance, of the kind given, not cancelled
// (cancelling drops what it carries).
func carryingOrder(a *Account, in *Instance, orderID string, kinds ...string) (*Order, error) {
	o := a.order(orderID)
	switch {
	case o == nil:
		return nil, fmt.Errorf("OrderId %q is not an order of this account", orderID)
	case o.InstanceId != in.InstanceId:
		return nil, fmt.Errorf("OrderId %q is an order of instance %q", orderID, o.InstanceId)
	case !slices.Contains(kinds, o.OrderType):
		return nil, fmt.Errorf("OrderId %q is a %s order, not %s", orderID, o.OrderType, kinds)
	case o.PaymentStatus == orderCancelled:
		return nil, fmt.Errorf("OrderId %q is Cancelled, which drops what it carried", orderID)
	}
	return o, nil
}

// validatePendingChange checks a change the clock can put in effect: one
// without order is due at its EffectiveTime; one with an order gets its
// EffectiveTime when that order is paid, and not before.
func validatePendingChange(a *Account, in *Instance, c *PendingChange) error {
	if err := checkOneOf("InternetChargeType", c.InternetChargeType, []string{netPayByTraffic, netPayByBandwidth}); err != nil {
		return err
	}
	if err := checkBandwidth(in, c.InternetChargeType, fieldOut, c.InternetMaxBandwidthOut, fieldIn, c.InternetMaxBandwidthIn); err != nil {
		return err
	}
	if c.OrderId == "" {
		if c.EffectiveTime == nil {
			return errors.New("a change without OrderId needs its EffectiveTime, or it never takes effect")
		}
		return nil
	}
	o, err := carryingOrder(a, in, c.OrderId, "Upgrade", "Downgrade")
	if err != nil {
		return err
	}
	switch {
	case o.PaymentStatus == orderPaid && c.EffectiveTime == nil:
		return fmt.Errorf("order %q is Paid, so the change needs its EffectiveTime, or it never takes effect", o.OrderId)
	case o.PaymentStatus == orderUnpaid && c.EffectiveTime != nil:
		return fmt.Errorf("order %q is Unpaid, so the change has no EffectiveTime yet", o.OrderId)
	}
	return nil
}

func validateWindow(a *Account, in *Instance, up *TemporaryUpgrade) error {
	if up.StartTime.IsZero() || !up.EndTime.After(up.StartTime) {
		return fmt.Errorf("EndTime %s must come after StartTime %s", up.EndTime.Format(time.RFC3339), up.StartTime.Format(time.RFC3339))
	}
	if err := checkBandwidth(in, in.InternetChargeType, fieldOut, up.InternetMaxBandwidthOut, fieldIn, up.InternetMaxBandwidthIn); err != nil {
		return err
	}
	if err := checkBandwidth(in, in.InternetChargeType, "RestoreBandwidthOut", up.RestoreBandwidthOut, "RestoreBandwidthIn", up.RestoreBandwidthIn); err != nil {
		return err
	}
	if up.OrderId == "" {
		return nil
	}
	o, err := carryingOrder(a, in, up.OrderId, "TemporaryUpgrade")
	if err != nil {
		return err
	}
	if up.Active && o.PaymentStatus != orderPaid {
		return fmt.Errorf("an Active window needs its order %q Paid, not %s", o.OrderId, o.PaymentStatus)
	}
	return nil
}

func validateOrder(a *Account, o *Order) error {
	if o.InstanceId == "" || a.instance(o.InstanceId) == nil {
		return fmt.Errorf("InstanceId %q is not an instance of this account", o.InstanceId)
	}
	if err := checkOneOf("PaymentStatus", o.PaymentStatus, orderStatuses); err != nil {
		return err
	}
	if err := checkOneOf("OrderType", o.OrderType, orderTypes); err != nil {
		return err
	}
	if err := checkAmount("PretaxAmount", o.PretaxAmount, -maxAmount); err != nil {
		return err
	}
	if o.CreateTime.IsZero() {
		return errors.New("CreateTime is required")
	}
	switch {
	case o.PaymentStatus == orderPaid && o.PaymentTime == nil:
		return errors.New("a Paid order needs its PaymentTime")
	case o.PaymentStatus != orderPaid && o.PaymentTime != nil:
		return fmt.Errorf("PaymentTime is set on an order that is %s; only a Paid order has one", o.PaymentStatus)
	}
	if len(o.ClientToken) > maxClientTokenLen {
		return fmt.Errorf("ClientToken is longer than %d characters", maxClientTokenLen)
	}
	return nil
}

// validateClientToken checks a remembered ClientToken answer; seen holds
// the tokens of the account checked so far. The account remembers its
// tokens beyond the instance's life, so the instance may be gone; the
// order the answer names may not.
func validateClientToken(a *Account, rec ClientTokenRecord, seen map[string]bool) error {
	switch {
	case rec.ClientToken == "" || len(rec.ClientToken) > maxClientTokenLen:
		return fmt.Errorf("ClientToken must have 1-%d characters", maxClientTokenLen)
	case seen[rec.ClientToken]:
		return fmt.Errorf("ClientToken %q appears twice", rec.ClientToken)
	case rec.OrderId != "" && a.order(rec.OrderId) == nil:
		return fmt.Errorf("OrderId %q is not an order of this account", rec.OrderId)
	}
	seen[rec.ClientToken] = true
	return nil
}
