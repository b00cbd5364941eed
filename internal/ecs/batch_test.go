package ecs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/clock/clocktest"
)

// fakeAPI answers fetches of a batcher: every id but the absent ones, each
// call held until the test releases it.
type fakeAPI struct {
	absent map[string]bool
	err    error
	hold   bool
	delay  time.Duration
	// atDeadline, when set, is a held call's error once its deadline
	// passes, as the retry policy's error naming what it last saw.
	atDeadline error

	mu      sync.Mutex
	calls   [][]string
	ctxs    []context.Context
	release chan struct{}
}

func newFakeAPI(hold bool) *fakeAPI {
	return &fakeAPI{absent: map[string]bool{}, hold: hold, release: make(chan struct{}, 1000)}
}

func (f *fakeAPI) fetch(ctx context.Context, ids []string) (map[string]*ecs.Instance, error) {
	f.mu.Lock()
	f.calls = append(f.calls, slices.Clone(ids))
	f.ctxs = append(f.ctxs, ctx)
	f.mu.Unlock()
	time.Sleep(f.delay)
	if f.hold {
		select {
		case <-f.release:
		case <-ctx.Done():
			if f.atDeadline != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, f.atDeadline
			}
			return nil, ctx.Err()
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	found := map[string]*ecs.Instance{}
	for _, id := range ids {
		if !f.absent[id] {
			found[id] = &ecs.Instance{InstanceId: id, InternetMaxBandwidthOut: 5}
		}
	}
	return found, nil
}

func (f *fakeAPI) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeAPI) call(i int) ([]string, context.Context) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[i], f.ctxs[i]
}

// testBatcher is a batcher on a fake clock: its linger timers run when
// the test moves the clock past them.
type testBatcher struct {
	*instanceBatcher
	api   *fakeAPI
	clock *clocktest.Fake
}

func newTestBatcher(api *fakeAPI) *testBatcher {
	c := clocktest.New(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	return &testBatcher{instanceBatcher: newInstanceBatcher(api.fetch, false, c), api: api, clock: c}
}

// openReaders is how many reads wait in the open batch.
func (b *testBatcher) openReaders() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open == nil {
		return 0
	}
	return len(b.open.readers)
}

// eventually waits (a few seconds at most) for cond: a step of the test
// that happens in other goroutines.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

type result struct {
	id   string
	inst *ecs.Instance
	err  error
}

// goGet starts a read and returns where its result arrives.
func goGet(ctx context.Context, b *testBatcher, id string) <-chan result {
	out := make(chan result, 1)
	go func() {
		inst, err := b.get(ctx, id)
		out <- result{id, inst, err}
	}()
	return out
}

func TestBatcherLoneReadGoesAtOnce(t *testing.T) {
	b := newTestBatcher(newFakeAPI(false))
	for i := range 3 {
		inst, err := b.get(t.Context(), "i-lone")
		if err != nil || inst == nil || inst.InstanceId != "i-lone" {
			t.Fatalf("read %d = %v, %v", i, inst, err)
		}
	}
	if n := len(b.clock.Timers()); n != 0 {
		t.Fatalf("lone reads set %d linger timers, want none", n)
	}
	if n := b.api.callCount(); n != 3 {
		t.Fatalf("calls = %d, want one per read", n)
	}
}

func TestBatcherCoalescesOverlappingReads(t *testing.T) {
	api := newFakeAPI(true)
	b := newTestBatcher(api)

	first := goGet(t.Context(), b, "i-0")
	eventually(t, "the first read's call", func() bool { return api.callCount() == 1 })

	var rest []<-chan result
	for i := 1; i <= 9; i++ {
		rest = append(rest, goGet(t.Context(), b, fmt.Sprintf("i-%d", i)))
	}
	eventually(t, "nine reads in the open batch", func() bool { return b.openReaders() == 9 })
	if n := len(b.clock.Timers()); n != 1 {
		t.Fatalf("linger timers = %d, want 1", n)
	}
	if d := b.clock.Timers()[0]; d != batchLinger {
		t.Fatalf("linger = %s, want %s", d, batchLinger)
	}
	b.clock.Advance(batchLinger)
	eventually(t, "the batch's call", func() bool { return api.callCount() == 2 })
	ids, _ := api.call(1)
	slices.Sort(ids)
	if want := []string{"i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-7", "i-8", "i-9"}; !slices.Equal(ids, want) {
		t.Fatalf("second call's ids = %v, want %v", ids, want)
	}

	api.release <- struct{}{}
	api.release <- struct{}{}
	for _, ch := range append(rest, first) {
		r := <-ch
		if r.err != nil || r.inst == nil || r.inst.InstanceId != r.id {
			t.Fatalf("read of %s = %v, %v", r.id, r.inst, r.err)
		}
	}
	if n := api.callCount(); n != 2 {
		t.Fatalf("calls = %d, want 2 for 10 overlapping reads", n)
	}
}

func TestBatcherLingersWhileReadsOverlap(t *testing.T) {
	api := newFakeAPI(false)
	b := newTestBatcher(api)
	if _, err := b.get(t.Context(), "i-a"); err != nil {
		t.Fatal(err)
	}

	// Another instance's read came just now: this one waits for company.
	ch := goGet(t.Context(), b, "i-b")
	eventually(t, "the read to wait in a batch", func() bool { return b.openReaders() == 1 })
	if n := api.callCount(); n != 1 {
		t.Fatalf("calls = %d: a read overlapping another was sent at once", n)
	}
	b.clock.Advance(batchLinger)
	if r := <-ch; r.err != nil || r.inst == nil {
		t.Fatalf("read = %v, %v", r.inst, r.err)
	}

	// The same instance read again (a poll, a plan-time check after the
	// refresh): lone.
	if _, err := b.get(t.Context(), "i-b"); err != nil {
		t.Fatal(err)
	}
	// Another instance, quiet long enough after the last read: lone.
	b.clock.Advance(batchQuiet)
	if _, err := b.get(t.Context(), "i-c"); err != nil {
		t.Fatal(err)
	}
	if n := len(b.clock.Timers()); n != 1 {
		t.Fatalf("linger timers = %d, want only the overlapping read's", n)
	}
	if n := api.callCount(); n != 4 {
		t.Fatalf("calls = %d, want 4", n)
	}
}

// readAll waits (a few seconds at most) for every read and fails on any
// that did not get its instance.
func readAll(t *testing.T, reads []<-chan result) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for _, ch := range reads {
		select {
		case r := <-ch:
			if r.err != nil || r.inst == nil || r.inst.InstanceId != r.id {
				t.Fatalf("read of %s = %v, %v", r.id, r.inst, r.err)
			}
		case <-timeout:
			t.Fatal("timed out waiting for the reads' answers")
		}
	}
}

// joinOneByOne starts a read of each id, one after the other, each once
// the one before has joined a batch, moving the clock on by gap after
// each.
func joinOneByOne(t *testing.T, b *testBatcher, ids []string, gap time.Duration) []<-chan result {
	t.Helper()
	var reads []<-chan result
	for _, id := range ids {
		reads = append(reads, goGet(t.Context(), b, id))
		eventually(t, id+" to join", func() bool {
			b.mu.Lock()
			defer b.mu.Unlock()
			return b.lastID == id
		})
		b.clock.Advance(gap)
	}
	return reads
}

func ids(prefix string, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("%s-%d", prefix, i))
	}
	return out
}

// TestBatcherSendsAFullWave: a wave is as many reads as waited at once,
// in the batch and on their way (here a lone read and three after it);
// the next batch leaves as soon as it has that many, without its linger,
// and not before.
func TestBatcherSendsAFullWave(t *testing.T) {
	api := newFakeAPI(true)
	b := newTestBatcher(api)
	reads := []<-chan result{goGet(t.Context(), b, "i-0")}
	eventually(t, "the lone read's call", func() bool { return api.callCount() == 1 })
	for _, id := range ids("i", 1, 3) {
		reads = append(reads, goGet(t.Context(), b, id))
	}
	eventually(t, "three reads waiting", func() bool { return b.openReaders() == 3 })
	b.clock.Advance(batchLinger)
	eventually(t, "the three reads' call", func() bool { return api.callCount() == 2 })
	api.release <- struct{}{}
	api.release <- struct{}{}
	readAll(t, reads)

	reads = nil
	for _, id := range ids("i", 4, 6) {
		reads = append(reads, goGet(t.Context(), b, id))
	}
	eventually(t, "three reads waiting", func() bool { return b.openReaders() == 3 })
	if n := api.callCount(); n != 2 {
		t.Fatalf("calls = %d: three reads left while the wave was four", n)
	}
	reads = append(reads, goGet(t.Context(), b, "i-7"))
	eventually(t, "the next wave sent when full", func() bool { return api.callCount() == 3 })
	if ids, _ := api.call(2); len(ids) != 4 {
		t.Fatalf("the full wave's call read %v, want 4 ids", ids)
	}
	if b.clock.Pending() != 0 {
		t.Fatal("the full wave's linger timer was left running")
	}
	api.release <- struct{}{}
	readAll(t, reads)
}

// TestBatcherKeepsASlowWaveTogether: on a loaded machine Terraform starts
// the reads of one wave further apart than the linger allows in all. While
// they keep coming, less than a linger apart, the batch stays open: the
// wave leaves in one call, a linger after its last read.
func TestBatcherKeepsASlowWaveTogether(t *testing.T) {
	api := newFakeAPI(false)
	b := newTestBatcher(api)
	if _, err := b.get(t.Context(), "i-first"); err != nil {
		t.Fatal(err)
	}
	gap := 2 * batchLinger / 5
	reads := joinOneByOne(t, b, ids("i", 1, 9), gap)
	if n := api.callCount(); n != 1 {
		t.Fatalf("calls = %d while the wave's reads kept coming %s apart, want only the first read's", n, gap)
	}
	b.clock.Advance(batchLinger - gap)
	readAll(t, reads)
	if n := api.callCount(); n != 2 {
		t.Fatalf("calls = %d, want 2: the first read's and the wave's", n)
	}
	if got, _ := api.call(1); len(got) != 9 {
		t.Fatalf("the wave's call read %v, want all 9", got)
	}
}

// TestBatcherHoldsABatchAtMost: reads that never stop coming do not keep
// a batch open for more than batchHold.
func TestBatcherHoldsABatchAtMost(t *testing.T) {
	api := newFakeAPI(false)
	b := newTestBatcher(api)
	if _, err := b.get(t.Context(), "i-first"); err != nil {
		t.Fatal(err)
	}
	gap := batchHold / 10
	reads := joinOneByOne(t, b, ids("i", 0, 9), gap)
	eventually(t, "the held batch's call", func() bool { return api.callCount() == 2 })
	if got, _ := api.call(1); !slices.Equal(got, ids("i", 0, 9)) {
		t.Fatalf("the held batch read %v, want the ten reads of its first %s", got, batchHold)
	}
	reads = append(reads, joinOneByOne(t, b, ids("i", 10, 11), gap)...)
	b.clock.Advance(batchLinger)
	readAll(t, reads)
	if got, _ := api.call(2); !slices.Equal(got, ids("i", 10, 11)) {
		t.Fatalf("the next batch read %v, want the reads after the hold", got)
	}
}

// TestBatcherCountsStragglersInTheWave: reads that come just after a full
// wave left, and no more after them, belong to that wave: the next one
// waits for them too, instead of leaving them behind every time.
func TestBatcherCountsStragglersInTheWave(t *testing.T) {
	api := newFakeAPI(false)
	b := newTestBatcher(api)
	if _, err := b.get(t.Context(), "i-first"); err != nil {
		t.Fatal(err)
	}
	// A wave of three learned...
	reads := joinOneByOne(t, b, ids("a", 1, 3), 0)
	b.clock.Advance(batchLinger)
	readAll(t, reads)
	// ...then a wave of four: three leave as soon as they are there, the
	// fourth straggles in after them.
	b.clock.Advance(batchLinger)
	reads = joinOneByOne(t, b, ids("b", 1, 3), 0)
	readAll(t, reads)
	reads = joinOneByOne(t, b, []string{"b-4"}, batchLinger)
	readAll(t, reads)
	if n := api.callCount(); n != 4 {
		t.Fatalf("calls = %d, want 4 so far", n)
	}
	// The next wave of four leaves whole.
	b.clock.Advance(batchLinger)
	reads = joinOneByOne(t, b, ids("c", 1, 4), 0)
	readAll(t, reads)
	if got, _ := api.call(4); len(got) != 4 {
		t.Fatalf("the next wave's call read %v, want all 4", got)
	}
	if n := api.callCount(); n != 5 {
		t.Fatalf("calls = %d, want 5", n)
	}
}

func TestBatcherSplitsAtTheAPILimit(t *testing.T) {
	api := newFakeAPI(true)
	b := newTestBatcher(api)
	blocker := goGet(t.Context(), b, "i-blocker")
	eventually(t, "the first call", func() bool { return api.callCount() == 1 })

	const n = 250
	var results []<-chan result
	for i := range n {
		results = append(results, goGet(t.Context(), b, fmt.Sprintf("i-%03d", i)))
	}
	// Two full batches leave at once; the rest waits for its linger.
	eventually(t, "two full batches and 50 waiting reads", func() bool {
		return api.callCount() == 3 && b.openReaders() == n-2*maxBatch
	})
	b.clock.Advance(batchLinger)
	eventually(t, "the last batch", func() bool { return api.callCount() == 4 })
	for range 4 {
		api.release <- struct{}{}
	}

	seen := map[string]int{}
	for i := 1; i < 4; i++ {
		ids, _ := api.call(i)
		if len(ids) > maxBatch {
			t.Fatalf("call %d has %d ids, more than %d", i, len(ids), maxBatch)
		}
		for _, id := range ids {
			seen[id]++
		}
	}
	if len(seen) != n {
		t.Fatalf("the batches read %d distinct ids, want %d", len(seen), n)
	}
	for _, ch := range append(results, blocker) {
		if r := <-ch; r.err != nil || r.inst == nil || r.inst.InstanceId != r.id {
			t.Fatalf("read of %s = %v, %v", r.id, r.inst, r.err)
		}
	}
}

func TestBatcherFansOutAnswers(t *testing.T) {
	api := newFakeAPI(true)
	api.absent["i-gone"] = true
	b := newTestBatcher(api)
	blocker := goGet(t.Context(), b, "i-blocker")
	eventually(t, "the first call", func() bool { return api.callCount() == 1 })

	reads := []string{"i-a", "i-a", "i-a", "i-gone", "i-b"}
	var results []<-chan result
	for _, id := range reads {
		results = append(results, goGet(t.Context(), b, id))
	}
	eventually(t, "five reads waiting", func() bool { return b.openReaders() == len(reads) })
	b.clock.Advance(batchLinger)
	eventually(t, "the batch's call", func() bool { return api.callCount() == 2 })
	api.release <- struct{}{}
	api.release <- struct{}{}
	<-blocker

	if ids, _ := api.call(1); len(ids) != 3 {
		t.Fatalf("ids of the batch = %v, want each id once", ids)
	}
	var copies []*ecs.Instance
	for _, ch := range results {
		r := <-ch
		switch {
		case r.err != nil:
			t.Fatalf("read of %s: %v", r.id, r.err)
		case r.id == "i-gone" && r.inst != nil:
			t.Fatalf("read of an instance the API did not list = %v, want nil", r.inst)
		case r.id != "i-gone" && (r.inst == nil || r.inst.InstanceId != r.id):
			t.Fatalf("read of %s = %v", r.id, r.inst)
		case r.id == "i-a":
			copies = append(copies, r.inst)
		}
	}
	if copies[0] == copies[1] || copies[1] == copies[2] || copies[0] == copies[2] {
		t.Fatal("readers of the same id share one *ecs.Instance")
	}
}

func TestBatcherFansOutErrors(t *testing.T) {
	api := newFakeAPI(true)
	b := newTestBatcher(api)
	blocker := goGet(t.Context(), b, "i-blocker")
	eventually(t, "the first call", func() bool { return api.callCount() == 1 })

	errDenied := &apiError{Action: "DescribeInstances", Code: "Forbidden.RAM", HTTPStatus: 403}
	api.mu.Lock()
	api.err = errDenied
	api.mu.Unlock()
	a, c := goGet(t.Context(), b, "i-a"), goGet(t.Context(), b, "i-c")
	eventually(t, "two reads waiting", func() bool { return b.openReaders() == 2 })
	b.clock.Advance(batchLinger)
	api.release <- struct{}{}
	api.release <- struct{}{}
	<-blocker
	for _, ch := range []<-chan result{a, c} {
		if r := <-ch; !errors.Is(r.err, errDenied) {
			t.Fatalf("read of %s: error %v, want the batch's", r.id, r.err)
		}
	}
}

func TestBatcherCancellation(t *testing.T) {
	t.Run("one reader leaving a sent batch", func(t *testing.T) {
		api := newFakeAPI(true)
		b := newTestBatcher(api)
		blocker := goGet(t.Context(), b, "i-blocker")
		eventually(t, "the first call", func() bool { return api.callCount() == 1 })

		ctxA, cancelA := context.WithCancel(t.Context())
		a := goGet(ctxA, b, "i-a")
		other := goGet(t.Context(), b, "i-b")
		eventually(t, "two reads waiting", func() bool { return b.openReaders() == 2 })
		b.clock.Advance(batchLinger)
		eventually(t, "the batch's call", func() bool { return api.callCount() == 2 })

		cancelA()
		if r := <-a; !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled read: %v, want context.Canceled", r.err)
		}
		_, fetchCtx := api.call(1)
		if fetchCtx.Err() != nil {
			t.Fatal("one reader leaving cancelled the batch's call")
		}
		api.release <- struct{}{}
		api.release <- struct{}{}
		<-blocker
		if r := <-other; r.err != nil || r.inst == nil {
			t.Fatalf("the other read = %v, %v", r.inst, r.err)
		}
	})

	t.Run("every reader leaving a sent batch", func(t *testing.T) {
		api := newFakeAPI(true)
		b := newTestBatcher(api)
		ctx, cancel := context.WithCancel(t.Context())
		ch := goGet(ctx, b, "i-a")
		eventually(t, "the call", func() bool { return api.callCount() == 1 })
		cancel()
		if r := <-ch; !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled read: %v", r.err)
		}
		_, fetchCtx := api.call(0)
		eventually(t, "the call to be cancelled", func() bool { return fetchCtx.Err() != nil })
	})

	t.Run("the last reader's deadline: the call's own error", func(t *testing.T) {
		api := newFakeAPI(true)
		api.atDeadline = errors.New("DescribeInstances: endpoint 127.0.0.1:9 took the request and sent no answer")
		b := newTestBatcher(api)
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		if r := <-goGet(ctx, b, "i-a"); !errors.Is(r.err, api.atDeadline) {
			t.Fatalf("read past its deadline: %v, want the call's error %q", r.err, api.atDeadline)
		}
	})

	t.Run("a reader leaving before its batch is sent", func(t *testing.T) {
		api := newFakeAPI(true)
		b := newTestBatcher(api)
		blocker := goGet(t.Context(), b, "i-blocker")
		eventually(t, "the first call", func() bool { return api.callCount() == 1 })

		ctxA, cancelA := context.WithCancel(t.Context())
		a := goGet(ctxA, b, "i-a")
		shared := goGet(ctxA, b, "i-shared")
		stays := goGet(t.Context(), b, "i-shared")
		eventually(t, "three reads waiting", func() bool { return b.openReaders() == 3 })
		cancelA()
		<-a
		<-shared
		eventually(t, "the cancelled reads to leave", func() bool { return b.openReaders() == 1 })
		b.clock.Advance(batchLinger)
		eventually(t, "the batch's call", func() bool { return api.callCount() == 2 })
		if ids, _ := api.call(1); !slices.Equal(ids, []string{"i-shared"}) {
			t.Fatalf("batch ids = %v, want only the id still wanted", ids)
		}
		api.release <- struct{}{}
		api.release <- struct{}{}
		<-blocker
		if r := <-stays; r.err != nil || r.inst == nil {
			t.Fatalf("the remaining read = %v, %v", r.inst, r.err)
		}
	})

	t.Run("a batch every reader left is never sent", func(t *testing.T) {
		api := newFakeAPI(true)
		b := newTestBatcher(api)
		blocker := goGet(t.Context(), b, "i-blocker")
		eventually(t, "the first call", func() bool { return api.callCount() == 1 })
		ctx, cancel := context.WithCancel(t.Context())
		ch := goGet(ctx, b, "i-a")
		eventually(t, "a read waiting", func() bool { return b.openReaders() == 1 })
		cancel()
		<-ch
		b.clock.Advance(batchLinger)
		api.release <- struct{}{}
		<-blocker
		if n := api.callCount(); n != 1 {
			t.Fatalf("calls = %d, want only the first", n)
		}
	})
}

func TestBatcherDeadline(t *testing.T) {
	soon := time.Now().Add(time.Minute)
	later := time.Now().Add(time.Hour)
	tests := []struct {
		name      string
		deadlines []time.Time // zero: none
		want      time.Time
		bounded   bool
	}{
		{"the latest reader's", []time.Time{soon, later}, later, true},
		{"none when a reader has none", []time.Time{soon, {}}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(true)
			b := newTestBatcher(api)
			blocker := goGet(t.Context(), b, "i-blocker")
			eventually(t, "the first call", func() bool { return api.callCount() == 1 })
			var chans []<-chan result
			for i, d := range tt.deadlines {
				ctx := t.Context()
				if !d.IsZero() {
					var cancel context.CancelFunc
					ctx, cancel = context.WithDeadline(ctx, d)
					defer cancel()
				}
				chans = append(chans, goGet(ctx, b, fmt.Sprintf("i-%d", i)))
			}
			eventually(t, "the reads waiting", func() bool { return b.openReaders() == len(tt.deadlines) })
			b.clock.Advance(batchLinger)
			eventually(t, "the batch's call", func() bool { return api.callCount() == 2 })
			_, ctx := api.call(1)
			got, bounded := ctx.Deadline()
			if bounded != tt.bounded || !got.Equal(tt.want) {
				t.Fatalf("batch deadline = %v, %v; want %v, %v", got, bounded, tt.want, tt.bounded)
			}
			api.release <- struct{}{}
			api.release <- struct{}{}
			<-blocker
			for _, ch := range chans {
				<-ch
			}
		})
	}
}

func TestBatcherOff(t *testing.T) {
	api := newFakeAPI(false)
	b := newTestBatcher(api)
	b.off = true
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("i-%d", i)
			if inst, err := b.get(t.Context(), id); err != nil || inst == nil || inst.InstanceId != id {
				t.Errorf("read of %s = %v, %v", id, inst, err)
			}
		}()
	}
	wg.Wait()
	if n := api.callCount(); n != 20 {
		t.Fatalf("calls = %d, want one per read with batching off", n)
	}
}

// TestBatcherConcurrent runs many reads through the real timers under the
// race detector: each gets its own instance, in fewer calls than reads.
func TestBatcherConcurrent(t *testing.T) {
	api := newFakeAPI(false)
	api.delay = time.Millisecond
	b := newInstanceBatcher(api.fetch, false, clock.System)
	var wg sync.WaitGroup
	for round := range 5 {
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
				defer cancel()
				id := fmt.Sprintf("i-%d-%d", round, i%30)
				if inst, err := b.get(ctx, id); err != nil || inst == nil || inst.InstanceId != id {
					t.Errorf("read of %s = %v, %v", id, inst, err)
				}
			}()
		}
	}
	wg.Wait()
	if n := api.callCount(); n >= 200 {
		t.Fatalf("calls = %d for 200 concurrent reads, want fewer", n)
	}
}
