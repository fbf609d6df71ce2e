package strategies

import (
	"context"
	"sync"
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
func (StaticPartition) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil || len(in) == 0 {
		return err
	}
	workers = resolveWorkers(workers, len(in))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	// Range w is [w*n/workers, (w+1)*n/workers): sizes differ by at most 1.
	// Ranges 1.. get a goroutine each; the caller computes range 0.
	part := func(w int) {
		lo, hi := w*len(in)/workers, (w+1)*len(in)/workers
		if err := k.span(ctx, in[lo:hi], out[lo:hi], lo, nil); err != nil {
			first.fail(err)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(func() { part(w) })
	}
	part(0)
	wg.Wait()
	return first.err
}
