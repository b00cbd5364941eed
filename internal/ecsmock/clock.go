package ecsmock

import (
	"math"
	"time"
)

// AdvanceClock moves the simulated clock forward by d; everything due by
// then (payments, settling, windows, lock ends) happens. A negative d
// changes nothing, and the offset saturates at the largest time.Duration
// (about 292 years) instead of overflowing: the clock never goes back.
func (s *Server) AdvanceClock(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if next := advanceOffset(s.offset, d); next != s.offset {
		s.offset = next
		s.dirty = true // the state file records the offset
	}
	s.catchUp()
	_ = s.afterChange()
}

// Now is the simulated clock: real time plus what AdvanceClock added.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

func (s *Server) now() time.Time { return time.Now().Add(s.offset).UTC() }

// advanceOffset adds d > 0 to a non-negative offset, saturating.
func advanceOffset(offset, d time.Duration) time.Duration {
	if d <= 0 {
		return offset
	}
	if offset > math.MaxInt64-d {
		return math.MaxInt64
	}
	return offset + d
}

// schedule arms one timer for the next due event, so that the state file
// follows the simulated clock even when no call arrives.
func (s *Server) schedule() {
	if s.closed {
		return
	}
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	at, ok := s.nextEventTime()
	if !ok {
		return
	}
	s.timer = time.AfterFunc(max(at.Sub(s.now()), 0), func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			return
		}
		s.catchUp()
		_ = s.afterChange()
	})
}
