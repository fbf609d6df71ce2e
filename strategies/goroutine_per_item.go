package strategies

import (
	"context"
	"sync"
	"sync/atomic"
)

// GoroutinePerItem is the first shape people write: `go f(i)` for every item
// and a WaitGroup. It is correct (each goroutine writes its own out[i]) but
// unbounded: n items start n goroutines, each costing a few hundred
// nanoseconds and a 2 KiB+ stack, so it loses to every pool unless items are
// heavy, and at large n it costs memory as well as time. workers is ignored,
// which is the point.
//
// Python: one multiprocessing.Process per item, or a thread per item.
type GoroutinePerItem struct{}

// Name returns "goroutine-per-item".
func (GoroutinePerItem) Name() string { return "goroutine-per-item" }

// Traits implements Traiter: n goroutines at once, whatever the workers.
func (GoroutinePerItem) Traits() Traits {
	return Traits{IgnoresWorkers: true, AllocPerItem: true}
}

// Teaches implements Lesson.
func (GoroutinePerItem) Teaches() string {
	return "the naive fan-out: one goroutine per item, unbounded; shows what pools save"
}

// Python implements Lesson.
func (GoroutinePerItem) Python() string {
	return "a Process per item"
}

// MapInto starts one goroutine per item and waits for all of them. After
// the first failure it starts no more goroutines, and those already started
// see the cancelled context before calling Check.
func (s GoroutinePerItem) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, _ int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return s.ranges(ctx, len(in), 0, k.pieces(in, out))
}

// ranges starts a goroutine per item; each computes the next item in input
// order when it starts (see ErrGroup.ranges for why not the item it was
// made for).
func (GoroutinePerItem) ranges(ctx context.Context, n, _ int, fn pieceFunc) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	var next atomic.Int64 // the next item to start
	var wg sync.WaitGroup
	for i := 0; i < n && ctx.Err() == nil; i++ {
		wg.Go(func() {
			i := int(next.Add(1)) - 1
			if err := fn(ctx, 0, i, i+1); err != nil {
				first.fail(err)
			}
		})
	}
	wg.Wait()
	if first.err != nil {
		return first.err
	}
	return ctx.Err()
}
