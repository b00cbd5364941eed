package ecs

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsnet/terraform-provider-aliyun/internal/clock"
)

// maxBatch is the most InstanceIds one DescribeInstances call takes.
const maxBatch = 100

// fetchFunc reads the listed instances (at most maxBatch), returning those
// the API answered with, by id; an id missing from the map was not found.
type fetchFunc func(ctx context.Context, ids []string) (map[string]*ecs.Instance, error)

// instanceBatcher coalesces the single-instance reads of one provider
// instance into DescribeInstances calls of up to maxBatch ids. Terraform
// refreshes up to -parallelism resources at once, and concurrent applies
// poll their instances at once: one call can answer all of them.
//
// A read that finds no batch open starts one. It is sent at once unless
// reads overlap: when a batch is on its way, or a read of another instance
// came less than quiet ago. So a lone read (one resource, or the polls of
// one apply) waits for nothing. Overlapping reads keep their batch open
// while the reads Terraform is about to start keep joining it: until no
// read has joined for linger, and for hold at most. On a loaded machine
// Terraform starts the reads of one wave over more than a linger; a
// batch sent on a timer from its first read split such waves, and the
// halves then kept coming apart.
//
// Terraform reads in waves of up to -parallelism resources, so a batch is
// sent as soon as it holds as many reads as were waiting at once, in it
// and in the batches on their way, when the last few batches left: a full
// wave does not wait out the linger. Counting the reads on their way too
// sees the whole wave when it came apart, so the halves join again; and
// reads that straggle in just after a full wave left, with no more
// following them, count toward that wave: it was larger than the last
// ones (the first wave, say, of a lone read and the rest). A batch that
// reaches maxBatch ids is sent at once too. Reads of the same id share
// its answer.
//
// Each read waits for its own batch only as long as its context lives. A
// batch is sent with a context free of any one reader's cancellation,
// bounded by the latest of their deadlines, and is cancelled when every
// reader has left, so retries of a batch go on while someone waits for it.
type instanceBatcher struct {
	fetch fetchFunc
	// off sends each read on its own (the benchmark's baseline).
	off    bool
	linger time.Duration
	hold   time.Duration
	quiet  time.Duration
	clock  clock.Clock

	mu       sync.Mutex
	open     *readBatch
	inFlight int
	// sentReaders counts the reads in the batches on their way.
	sentReaders int
	// lastRead and lastID are when the last read came, and for which id.
	lastRead time.Time
	lastID   string
	// waves holds, for each of the last batches sent, how many reads
	// were waiting when it left: its own and those on their way.
	waves []int
	// fullAt is when the last batch that reached the wave size left.
	fullAt time.Time
}

const (
	// batchLinger is how long a batch of overlapping reads waits for the
	// next read to join it: short against an API call, long enough for
	// Terraform to start the read of its next resource.
	batchLinger = 50 * time.Millisecond
	// batchHold is the longest a batch stays open while reads keep
	// joining it.
	batchHold = 4 * batchLinger
	// batchQuiet is how long after a read of another instance a read
	// counts as overlapping.
	batchQuiet = 200 * time.Millisecond
	// batchWaves is how many recent batches tell the size of a wave.
	batchWaves = 4
)

// readBatch is a set of reads answered by one fetch.
type readBatch struct {
	ids     []string
	readers map[*reader]struct{}
	stop    func() bool // the linger timer's; nil once sent or when sent at once
	// opened is when its first read came, last when its latest did.
	opened, last time.Time
	// straggles: it opened less than linger after a full wave left.
	straggles bool
	sent      bool
	// Once sent:
	cancel context.CancelFunc
	// deadline is the fetch's, zero when it has none.
	deadline time.Time
	done     chan struct{}
	found    map[string]*ecs.Instance
	err      error
}

// reader is one read waiting in a batch.
type reader struct {
	id  string
	ctx context.Context
}

func newInstanceBatcher(fetch fetchFunc, off bool, clock clock.Clock) *instanceBatcher {
	return &instanceBatcher{
		fetch:  fetch,
		off:    off,
		linger: batchLinger,
		hold:   batchHold,
		quiet:  batchQuiet,
		clock:  clock,
	}
}

// get reads one instance: nil and no error when the API does not list it.
func (b *instanceBatcher) get(ctx context.Context, id string) (*ecs.Instance, error) {
	if b.off {
		found, err := b.fetch(ctx, []string{id})
		if err != nil {
			return nil, err
		}
		return found[id], nil
	}
	r := &reader{id: id, ctx: ctx}
	batch := b.join(r)
	select {
	case <-batch.done:
	case <-ctx.Done():
		if left, ending := b.leave(batch, r); left && !ending {
			return nil, ctx.Err()
		}
		// The answer came while leaving, or the fetch ends by the same
		// deadline: its answer, or its error, says more (the endpoint, the
		// API's last answer) than ctx's.
		<-batch.done
	}
	if batch.err != nil {
		return nil, batch.err
	}
	inst, ok := batch.found[id]
	if !ok {
		return nil, nil
	}
	// A copy: readers of the same id must not share one value.
	c := *inst
	return &c, nil
}

// join puts r into the open batch, or a new one, and sends the batch when
// it is full or r is a lone read.
func (b *instanceBatcher) join(r *reader) *readBatch {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	lone := b.inFlight == 0 && (r.id == b.lastID || now.Sub(b.lastRead) >= b.quiet)
	b.lastRead, b.lastID = now, r.id
	batch := b.open
	if batch == nil {
		batch = &readBatch{
			readers: map[*reader]struct{}{}, done: make(chan struct{}),
			opened: now, straggles: now.Sub(b.fullAt) < b.linger,
		}
		b.open = batch
	}
	batch.last = now
	batch.readers[r] = struct{}{}
	if !slices.Contains(batch.ids, r.id) {
		batch.ids = append(batch.ids, r.id)
	}
	wave := 0
	if len(b.waves) > 0 {
		wave = slices.Max(b.waves)
	}
	switch {
	case len(batch.ids) >= maxBatch:
		b.send(batch)
	case len(batch.readers) == 1 && lone:
		b.send(batch)
	case wave > 1 && len(batch.readers) >= wave:
		b.fullAt = now
		b.send(batch)
	case batch.stop == nil:
		b.armLinger(batch, b.linger)
	}
	return batch
}

// armLinger sends batch after d, or later while reads keep joining it: once
// none has for linger, or hold after its first. Callers hold b.mu.
func (b *instanceBatcher) armLinger(batch *readBatch, d time.Duration) {
	batch.stop = b.clock.AfterFunc(d, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if batch.sent || len(batch.readers) == 0 {
			return
		}
		now := b.clock.Now()
		if wait := min(batch.last.Add(b.linger).Sub(now), batch.opened.Add(b.hold).Sub(now)); wait > 0 {
			b.armLinger(batch, wait)
			return
		}
		if batch.straggles {
			// Stragglers of the full wave, the last batch sent: batches
			// are sent one at a time, and only the open one.
			b.waves[len(b.waves)-1] += len(batch.readers)
		}
		b.send(batch)
	})
}

// send starts the fetch of batch. Callers hold b.mu.
func (b *instanceBatcher) send(batch *readBatch) {
	if b.open == batch {
		b.open = nil
	}
	if batch.stop != nil {
		batch.stop()
		batch.stop = nil
	}
	batch.sent = true
	b.inFlight++
	readers := len(batch.readers)
	b.waves = append(b.waves, readers+b.sentReaders)
	b.sentReaders += readers
	if len(b.waves) > batchWaves {
		b.waves = slices.Delete(b.waves, 0, len(b.waves)-batchWaves)
	}

	var (
		base     context.Context
		deadline time.Time
		bounded  = true
	)
	for r := range batch.readers {
		if base == nil {
			base = context.WithoutCancel(r.ctx)
		}
		d, ok := r.ctx.Deadline()
		bounded = bounded && ok
		if ok && d.After(deadline) {
			deadline = d
		}
	}
	ctx, cancel := context.WithCancel(base)
	if bounded {
		ctx, cancel = context.WithDeadline(base, deadline)
		batch.deadline = deadline
	}
	batch.cancel = cancel
	ids := slices.Clone(batch.ids)

	go func() {
		found, err := b.fetch(ctx, ids)
		cancel()
		b.mu.Lock()
		b.inFlight--
		b.sentReaders -= readers
		batch.found, batch.err = found, err
		b.mu.Unlock()
		close(batch.done)
	}()
}

// leave takes r out of batch because its context ended: left is false
// when the batch had already been answered. The last reader to leave a
// sent batch cancels its fetch, unless the fetch's deadline is the one
// that ended r: then the fetch is ending by itself (ending). An unsent
// batch forgets r's id unless another reader wants it, and is dropped
// when no reader is left.
func (b *instanceBatcher) leave(batch *readBatch, r *reader) (left, ending bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-batch.done:
		return false, false
	default:
	}
	delete(batch.readers, r)
	if batch.sent {
		if len(batch.readers) > 0 {
			return true, false
		}
		if d, ok := r.ctx.Deadline(); ok && d.Equal(batch.deadline) && errors.Is(r.ctx.Err(), context.DeadlineExceeded) {
			return true, true
		}
		batch.cancel()
		return true, false
	}
	wanted := false
	for other := range batch.readers {
		wanted = wanted || other.id == r.id
	}
	if !wanted {
		batch.ids = slices.DeleteFunc(batch.ids, func(id string) bool { return id == r.id })
	}
	if len(batch.readers) == 0 {
		if batch.stop != nil {
			batch.stop()
		}
		if b.open == batch {
			b.open = nil
		}
	}
	return true, false
}
