package strategies

import (
	"context"
	"sync"
	"sync/atomic"
)

// StaticPartition splits the input into workers contiguous ranges up front,
// one goroutine each (the caller computes the first range itself). It is the
// cheapest possible fan-out (one goroutine and no coordination per worker),
// and it wins when items cost the same; it loses
// when they don't, because the slowest range sets the pace and no one can
// help it (chunked pools balance the load instead).
//
// Python: splitting the list into len(pool) slices by hand and using
// pool.map with chunksize=ceil(n/processes).
type StaticPartition struct{}

// Name returns "static-partition".
func (StaticPartition) Name() string { return "static-partition" }

// Teaches implements Lesson.
func (StaticPartition) Teaches() string {
	return "one contiguous range per goroutine: least overhead, no load balancing"
}

// Python implements Lesson.
func (StaticPartition) Python() string {
	return "pool.map(partial(worker_fn, const_value=100), pairs, chunksize=math.ceil(len(pairs) / processes))"
}

// MapInto applies k to in with one goroutine per contiguous range. Results
// are written in place, in input order. The first error cancels the other
// ranges.
func (s StaticPartition) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return s.ranges(ctx, len(in), workers, k.pieces(in, out))
}

// ranges cuts [0, n) into workers ranges, w*n/workers to (w+1)*n/workers
// (sizes differ by at most 1), and starts workers-1 goroutines; each of
// them and the caller computes one range. The ranges are fixed up front,
// but which goroutine computes which is not: each takes the next range in
// input order when it starts, so the first to run computes range 0 (see
// ErrGroup.ranges for why that matters).
func (StaticPartition) ranges(ctx context.Context, n, workers int, fn pieceFunc) error {
	if n == 0 {
		return nil
	}
	workers = resolveWorkers(workers, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	var next atomic.Int64 // the next range to start
	part := func() {
		w := int(next.Add(1)) - 1
		if err := fn(ctx, w, w*n/workers, (w+1)*n/workers); err != nil {
			first.fail(err)
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(part)
	}
	part()
	wg.Wait()
	return first.err
}
