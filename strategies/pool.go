package strategies

import (
	"context"
	"sync"
	"sync/atomic"
)

// chunkPool runs fn over [0, n) in chunks of the given size on a fixed number
// of goroutines, like Pool.map hands chunks to its worker processes. Chunks
// are handed out in order from an atomic counter, so a fast worker takes more
// of them. fn gets the worker's number (0 <= w < workers), so a strategy can
// keep per-worker state, and a context that is cancelled as soon as any chunk
// fails.
//
// chunkPool returns the first error any chunk returned (or the parent
// context's error); after it, no new chunk starts. It returns only when all of
// its goroutines have finished. fn must not panic (span recovers panics).
func chunkPool(ctx context.Context, n, workers, chunk int, fn func(ctx context.Context, w, lo, hi int) error) error {
	chunks := (n + chunk - 1) / chunk
	workers = resolveWorkers(workers, chunks)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}

	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || ctx.Err() != nil {
					return
				}
				lo := c * chunk
				if err := fn(ctx, w, lo, min(lo+chunk, n)); err != nil {
					first.fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if first.err != nil {
		return first.err
	}
	return ctx.Err()
}

// firstError is the fail-fast rule the concurrent strategies share: keep the
// first error any goroutine reports and cancel the context they all watch,
// so the others stop at their next look. Read err only after every goroutine
// that may call fail has finished.
type firstError struct {
	once   sync.Once
	err    error
	cancel context.CancelFunc
}

// fail records err if it is the first, and cancels.
func (f *firstError) fail(err error) {
	f.once.Do(func() { f.err = err; f.cancel() })
}
