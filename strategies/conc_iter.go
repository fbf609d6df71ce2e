package strategies

import (
	"context"

	"github.com/sourcegraph/conc/iter"
)

// ConcIter is the library peer: github.com/sourcegraph/conc's iter package,
// what many Go programmers reach for instead of writing a pool. ForEachIdx
// runs a callback per item on at most MaxGoroutines goroutines, handing out
// items one at a time from an atomic counter, and re-panics worker panics in
// the caller. It has no context and no early stop, so this adapter adds
// both: a context, cancelled by the first failure, that each callback
// looks at (in span) before its item.
//
// Python: pool.map(f, pairs) from a third-party pool such as joblib's
// Parallel(n_jobs)(delayed(f)(a, b) for ...).
type ConcIter struct{}

// Name returns "conc-iter".
func (ConcIter) Name() string { return "conc-iter" }

// Teaches implements Lesson.
func (ConcIter) Teaches() string {
	return "a library pool (sourcegraph/conc/iter): little code, per-item hand-out, no context"
}

// Python implements Lesson.
func (ConcIter) Python() string {
	return "joblib.Parallel(n_jobs=processes)(joblib.delayed(worker_fn)(p, 100) for p in pairs)"
}

// MapInto applies k to in with conc's iter.Iterator. After the first
// failure, or once ctx is cancelled, the remaining callbacks return without
// work.
func (s ConcIter) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return s.ranges(ctx, len(in), workers, k.pieces(in, out))
}

// ranges runs fn on every item of [0, n) alone, with ForEachIdx handing out
// the items from its atomic counter, in input order as they start.
func (ConcIter) ranges(ctx context.Context, n, workers int, fn pieceFunc) error {
	if n == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	it := iter.Iterator[struct{}]{MaxGoroutines: resolveWorkers(workers, n)}
	// ForEachIdx wants a slice; one of n empty structs takes no memory.
	it.ForEachIdx(make([]struct{}, n), func(i int, _ *struct{}) {
		// A span looks at ctx before its item, so after a failure or a
		// cancel every remaining callback returns at once.
		if err := fn(ctx, 0, i, i+1); err != nil {
			first.fail(err)
		}
	})
	return first.err
}
