package ecsmock

import "time"

// event is something due on the simulated clock: an auto-paid order
// becoming Paid, a paid change taking effect, a temporary window opening or
// closing.
type event struct {
	at  time.Time
	run func()
}

// catchUp runs every event due by the simulated now, earliest first, so
// that whatever reads the world sees it as of now. Callers hold s.mu.
func (s *Server) catchUp() {
	now := s.now()
	for {
		ev, ok := s.nextEvent()
		if !ok || ev.at.After(now) {
			return
		}
		ev.run()
		s.dirty = true
	}
}

func (s *Server) nextEventTime() (time.Time, bool) {
	ev, ok := s.nextEvent()
	return ev.at, ok
}

// nextEvent finds the earliest event of the world; on a tie, payments come
// before what they unlock.
func (s *Server) nextEvent() (event, bool) {
	var best event
	found := false
	consider := func(at time.Time, run func()) {
		if !found || at.Before(best.at) {
			best, found = event{at: at, run: run}, true
		}
	}
	for ai := range s.world.Accounts {
		acct := &s.world.Accounts[ai]
		for oi := range acct.Orders {
			o := &acct.Orders[oi]
			if o.autoPaid() {
				at := o.CreateTime.Add(s.payDelay)
				consider(at, func() { s.pay(acct, o, at) })
			}
		}
		for ii := range acct.Instances {
			in := &acct.Instances[ii]
			if len(in.PendingChanges) > 0 && in.PendingChanges[0].EffectiveTime != nil {
				consider(*in.PendingChanges[0].EffectiveTime, func() { s.applyFirstChange(in) })
			}
			if up := in.TemporaryUpgrade; up != nil {
				if up.Active {
					consider(up.EndTime, func() { endWindow(in) })
				} else if at, ok := s.windowStart(acct, up); ok {
					consider(at, func() { startWindow(in, at) })
				}
			}
		}
	}
	return best, found
}

// applyFirstChange puts the oldest pending change in effect: bandwidth and
// charge type, the public IP a pay-as-you-go instance loses at 0 Mbit/s, the
// public IP the change was to allocate.
func (s *Server) applyFirstChange(in *Instance) {
	c := in.PendingChanges[0]
	in.PendingChanges = in.PendingChanges[1:]
	if len(in.PendingChanges) == 0 {
		in.PendingChanges = nil
	}
	in.InternetChargeType = c.InternetChargeType
	in.InternetMaxBandwidthOut = c.InternetMaxBandwidthOut
	in.InternetMaxBandwidthIn = c.InternetMaxBandwidthIn
	if c.InternetMaxBandwidthOut == 0 && in.InstanceChargeType == chargePostPaid {
		in.PublicIpAddress.IpAddress = []string{}
	}
	if c.AllocatePublicIp && c.InternetMaxBandwidthOut > 0 && !in.hasPublicAddress() {
		if ip, ok := s.world.allocateIP(in.RegionId); ok {
			in.PublicIpAddress.IpAddress = []string{ip}
		}
	}
}

// windowStart is when a booked window opens: its StartTime, or the settling
// of its payment when that comes later. An unpaid window has no start yet.
func (s *Server) windowStart(acct *Account, up *TemporaryUpgrade) (time.Time, bool) {
	start := up.StartTime
	if up.OrderId != "" {
		o := acct.order(up.OrderId)
		if o == nil || o.PaymentStatus != orderPaid || o.PaymentTime == nil {
			return time.Time{}, false
		}
		if settled := o.PaymentTime.Add(s.settle); settled.After(start) {
			start = settled
		}
	}
	return start, true
}

// startWindow raises the bandwidth for the window, or drops a window whose
// payment settled only after it ended. A change paid before the window was
// booked settles before the window's own payment does, so the bandwidth
// saved for the end already includes it.
func startWindow(in *Instance, at time.Time) {
	up := in.TemporaryUpgrade
	if !at.Before(up.EndTime) {
		in.TemporaryUpgrade = nil
		return
	}
	up.Active = true
	up.RestoreBandwidthOut, up.RestoreBandwidthIn = in.InternetMaxBandwidthOut, in.InternetMaxBandwidthIn
	in.InternetMaxBandwidthOut, in.InternetMaxBandwidthIn = up.InternetMaxBandwidthOut, up.InternetMaxBandwidthIn
}

// endWindow puts back the bandwidth the window raised.
func endWindow(in *Instance) {
	up := in.TemporaryUpgrade
	in.InternetMaxBandwidthOut, in.InternetMaxBandwidthIn = up.RestoreBandwidthOut, up.RestoreBandwidthIn
	in.TemporaryUpgrade = nil
}
