package strategies

import (
	"context"
	"sync"
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
func (GoroutinePerItem) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, _ int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	var wg sync.WaitGroup
	for i := 0; i < len(in) && ctx.Err() == nil; i++ {
		wg.Go(func() {
			if err := k.span(ctx, in[i:i+1], out[i:i+1], i, nil); err != nil {
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
