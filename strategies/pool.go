package strategies

import (
	"context"
	"sync"
	"sync/atomic"
)

// minPiece is the smallest piece a guided schedule hands out: enough items
// that taking a piece (one atomic operation) stays cheap next to computing
// it even at the lightest work.
const minPiece = 64

// schedule cuts [0, n) into the pieces chunkPool hands out, in order.
//
// A fixed schedule (workers == 0) cuts pieces of size items, like Pool.map
// with a chunksize. A guided schedule, the default of ClosurePartial and
// StructWorker (Chunk == 0, see defaultSchedule), starts at the
// same size but shrinks each piece to half of one worker's share of what is
// left (never below minPiece), like OpenMP's guided schedule. The shrinking
// matters at the end of a Map: with fixed pieces, the worker that takes the
// last one finishes up to a whole piece after the others, who sit idle, and
// a worker that starts late (waking an idle core took 73–81 µs on the
// 2-core VM, see BenchmarkIdleCoreStart) or runs slow finishes its last
// piece alone. With shrinking pieces the workers finish within a small piece
// of each other. On that VM (8 interleaved go test passes, 2 workers),
// closure-partial got 7.9% faster at work=100, n=100000 and 5.9% at
// work=1000 (p=0.021 each); at n=10000, and for struct-worker, the change
// was within the noise.
//
// errgroup and channel-pipeline keep fixed pieces: there each piece costs a
// goroutine or two channel messages, and the extra pieces cost more than the
// even finish saves (the pipeline was 4-9% slower guided at work=100).
type schedule struct {
	size    int // the largest piece, at least 1
	workers int // 0: fixed pieces; > 0: guided, shrinking for this many workers
}

// defaultSchedule is the schedule for a strategy whose Chunk field is chunk:
// fixed pieces of that size if it is set, otherwise guided, starting at
// Pool.map's chunksize.
func defaultSchedule(chunk, n, workers int) schedule {
	if chunk > 0 {
		return schedule{size: chunk}
	}
	return schedule{size: pythonChunk(n, workers), workers: workers}
}

// piece returns the size of the next piece when left > 0 items remain.
func (s schedule) piece(left int) int {
	p := s.size
	if s.workers > 0 {
		share := (left + 2*s.workers - 1) / (2 * s.workers)
		p = min(p, max(share, minPiece))
	}
	return min(p, left)
}

// chunkPool runs fn over [0, n) on at most workers goroutines (<= 0:
// GOMAXPROCS), handing out the pieces of defaultSchedule(chunk, ...) in
// order from an atomic cursor, the way Pool.map hands chunks to its worker
// processes: a fast worker takes more of them. The calling goroutine works
// too, as worker 0, so a Map starts workers-1 goroutines and the first
// piece starts at once, on a core that is already awake. fn gets the
// worker's number (0 <= w < workers), so a strategy can keep per-worker
// state, and a context that is cancelled as soon as any piece fails.
//
// chunkPool returns the first error any piece returned (or the parent
// context's error); after it, no new piece starts. It returns only when all
// of its goroutines have finished. fn must not panic (span recovers panics).
func chunkPool(ctx context.Context, n, workers, chunk int, fn pieceFunc) error {
	j := newChunkJob(ctx, n, workers, chunk, fn)
	defer j.cancel()
	var wg sync.WaitGroup
	for w := 1; w < j.workers; w++ {
		wg.Go(func() { j.work(w) })
	}
	j.work(0)
	wg.Wait()
	return j.err()
}

// pieceFunc computes the items [lo, hi) as worker w.
type pieceFunc func(ctx context.Context, w, lo, hi int) error

// chunkJob is one call's worth of pieces, shared by the goroutines that
// work on it: chunkPool's, and a PersistentPool's.
type chunkJob struct {
	ctx     context.Context
	cancel  context.CancelFunc
	n       int
	workers int // how many may work on it, at most one per piece
	sched   schedule
	fn      pieceFunc
	first   firstError
	next    atomic.Int64 // where the next piece starts
}

// newChunkJob prepares fn over [0, n) for at most workers workers (<= 0:
// GOMAXPROCS) and the schedule of chunk; the caller calls cancel when done.
func newChunkJob(ctx context.Context, n, workers, chunk int, fn pieceFunc) *chunkJob {
	workers = resolveWorkers(workers, n)
	sched := defaultSchedule(chunk, n, workers)
	ctx, cancel := context.WithCancel(ctx)
	j := &chunkJob{
		ctx: ctx, cancel: cancel, n: n, fn: fn, sched: sched,
		workers: min(workers, (n+sched.size-1)/sched.size),
	}
	j.first.cancel = cancel
	return j
}

// work takes pieces as worker w until none is left or the job failed.
func (j *chunkJob) work(w int) {
	for {
		lo := int(j.next.Load())
		if lo >= j.n || j.ctx.Err() != nil {
			return
		}
		hi := lo + j.sched.piece(j.n-lo)
		if !j.next.CompareAndSwap(int64(lo), int64(hi)) {
			continue // another worker took this piece; look again
		}
		if err := j.fn(j.ctx, w, lo, hi); err != nil {
			j.first.fail(err)
			return
		}
	}
}

// err is the job's result once every worker has returned: the first error
// a piece returned, or the parent context's error.
func (j *chunkJob) err() error {
	if j.first.err != nil {
		return j.first.err
	}
	return j.ctx.Err()
}

// firstError is the fail-fast rule the concurrent strategies share: keep the
// first error any goroutine reports and cancel the context they all watch,
// so the others stop at their next look. Read err only after every goroutine
// that may call fail has finished.
type firstError struct {
	failed atomic.Bool
	err    error
	cancel context.CancelFunc
}

// fail records err if it is the first, and cancels. The goroutines that
// come second return at once: with a sync.Once they waited on its mutex
// while the first one cancelled, and after a cancel every goroutine of a
// Map fails at once (goroutine-per-item with waiting items: tens of
// thousands of them), each parking on the mutex and woken in turn.
func (f *firstError) fail(err error) {
	if f.failed.CompareAndSwap(false, true) {
		f.err = err
		f.cancel()
	}
}
