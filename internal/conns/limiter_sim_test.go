package conns

import (
	"container/heap"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
)

// api answers a call made at a time: true for Throttling.
type api func(at time.Time) bool

// randomThrottling refuses share of the calls, whatever their rate.
func randomThrottling(share float64, seed uint64) api {
	r := rand.New(rand.NewPCG(seed, 1))
	return func(time.Time) bool { return r.Float64() < share }
}

// quota is a token bucket of perSecond tokens a second, burst as many,
// full at first; a call without a token is refused and takes none.
func quota(perSecond float64, start time.Time) api {
	tokens, last := perSecond, start
	return func(at time.Time) bool {
		tokens = min(perSecond, tokens+at.Sub(last).Seconds()*perSecond)
		last = at
		if tokens < 1 {
			return true
		}
		tokens--
		return false
	}
}

// both refuses what first refuses, then what second does: random
// throttling in front of a quota, as a gateway in front of the API.
func both(first, second api) api {
	return func(at time.Time) bool { return first(at) || second(at) }
}

// workload is what the simulated callers do: each of them calls, then
// waits think before its next call, or retry after a Throttling answer.
type workload struct {
	callers     int
	think       time.Duration
	retry       time.Duration
	duration    time.Duration
	unthrottled bool // the limiter is not told of Throttling answers
}

type outcome struct {
	accepted, throttled int
}

type simEvent struct {
	at     time.Time
	caller int
	answer bool // the call's answer; else the caller is ready to call
}

type simQueue []simEvent

func (q simQueue) Len() int { return len(q) }
func (q simQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].caller < q[j].caller
}
func (q simQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any)   { *q = append(*q, x.(simEvent)) }
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// simulate runs w against answer through a limiter on simulated time.
// The clock stands where the simulation put it, and a sleep only tells how
// long the caller would wait.
func simulate(t *testing.T, w workload, answer api, c *clocktest.Fake) (outcome, *Limiter) {
	t.Helper()
	l := NewLimiter(c)
	end := c.Now().Add(w.duration)
	q := &simQueue{}
	for i := range w.callers {
		heap.Push(q, simEvent{at: c.Now(), caller: i})
	}
	var o outcome
	for q.Len() > 0 {
		e := heap.Pop(q).(simEvent)
		if e.at.After(end) {
			break
		}
		c.Advance(e.at.Sub(c.Now()))
		if !e.answer {
			slept := len(c.Slept())
			if err := l.Wait(t.Context(), action); err != nil {
				t.Fatal(err)
			}
			var wait time.Duration
			if s := c.Slept(); len(s) > slept {
				wait = s[len(s)-1]
			}
			heap.Push(q, simEvent{at: c.Now().Add(wait), caller: e.caller, answer: true})
			continue
		}
		next := w.think
		if answer(c.Now()) {
			o.throttled++
			if !w.unthrottled {
				l.Throttled(t.Context(), action)
			}
			next = w.retry
		} else {
			o.accepted++
			l.Succeeded(action)
		}
		heap.Push(q, simEvent{at: c.Now().Add(next), caller: e.caller})
	}
	return o, l
}

var simStart = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// Workloads of the simulations: ten callers (Terraform's default
// parallelism) calling often or about once a second, and two calling about
// once a second; each retries a throttled call after half a second.
var (
	busy   = workload{callers: 10, think: 200 * time.Millisecond, retry: 500 * time.Millisecond, duration: time.Minute}
	steady = workload{callers: 10, think: time.Second, retry: 500 * time.Millisecond, duration: time.Minute}
	sparse = workload{callers: 2, think: time.Second, retry: 500 * time.Millisecond, duration: time.Minute}
)

// TestLimiterUnderRandomThrottling: with 30 % of the calls throttled at
// random, the calls accepted are about those of a client that never slows
// down.
func TestLimiterUnderRandomThrottling(t *testing.T) {
	for name, w := range map[string]workload{"busy": busy, "steady": steady, "sparse": sparse} {
		for seed := uint64(1); seed <= 5; seed++ {
			c := clocktest.NewStill(simStart)
			got, _ := simulate(t, w, randomThrottling(0.3, seed), c)
			unthrottled := w
			unthrottled.unthrottled = true
			c = clocktest.NewStill(simStart)
			want, _ := simulate(t, unthrottled, randomThrottling(0.3, seed), c)
			if float64(got.accepted) < 0.85*float64(want.accepted) {
				t.Errorf("%s, seed %d: %d calls accepted, against %d by a client that never slows down", name, seed, got.accepted, want.accepted)
			}
		}
	}
}

// TestLimiterUnderAQuota: under a quota of 5 calls a second, the limiter
// paces the action near it: about as many calls accepted as without it,
// and a small share of them throttled instead of most.
func TestLimiterUnderAQuota(t *testing.T) {
	for name, w := range map[string]workload{"busy": busy, "steady": steady} {
		c := clocktest.NewStill(simStart)
		got, l := simulate(t, w, quota(5, c.Now()), c)
		unthrottled := w
		unthrottled.unthrottled = true
		c2 := clocktest.NewStill(simStart)
		want, _ := simulate(t, unthrottled, quota(5, c2.Now()), c2)

		share := float64(got.throttled) / float64(got.accepted+got.throttled)
		wantShare := float64(want.throttled) / float64(want.accepted+want.throttled)
		if share > 0.15 || float64(got.accepted) < 0.95*float64(want.accepted) {
			t.Errorf("%s: %d accepted, %.2f of the calls throttled; a client that never slows down: %d accepted, %.2f throttled",
				name, got.accepted, share, want.accepted, wantShare)
		}
		if rate, limited := l.Rate(action); !limited || rate < 4 || rate > 7 {
			t.Errorf("%s: Rate = %v, %v; want about the quota, 5", name, rate, limited)
		}
	}
}

// TestLimiterUnderAQuotaAndRandomThrottling: random throttling in front of
// a quota hides the quota (its Throttling comes at every rate), and the
// retries meet it; the limiter must still not lose what the quota lets
// through.
func TestLimiterUnderAQuotaAndRandomThrottling(t *testing.T) {
	for name, w := range map[string]workload{"busy": busy, "steady": steady} {
		for seed := uint64(1); seed <= 5; seed++ {
			c := clocktest.NewStill(simStart)
			got, _ := simulate(t, w, both(randomThrottling(0.3, seed), quota(5, c.Now())), c)
			unthrottled := w
			unthrottled.unthrottled = true
			c2 := clocktest.NewStill(simStart)
			want, _ := simulate(t, unthrottled, both(randomThrottling(0.3, seed), quota(5, c2.Now())), c2)
			if float64(got.accepted) < 0.8*float64(want.accepted) {
				t.Errorf("%s, seed %d: %d calls accepted, against %d by a client that never slows down", name, seed, got.accepted, want.accepted)
			}
		}
	}
}
