//go:build workshop && solution

// Package streaming is workshop exercise 9: results in completion order,
// as they come, with backpressure. See README.md.
package streaming

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/concbench/concbench/strategies"
)

// Stream calls f for every item of in on workers goroutines (workers >= 1)
// and yields (i, f(in[i])) for each item as its call finishes: in
// completion order, not input order.
//
// It holds back when the consumer is slow: while the loop body has not
// taken a result, at most 2*workers more calls start. Ending the loop early
// (break) cancels the context of the calls still running, starts no new
// ones, and returns only once every call has returned. If ctx is cancelled
// the stream ends early; the caller can look at ctx.Err() after the loop.
//
// The results channel is unbuffered, so a worker that has a result waits
// until the loop takes it: that wait is the backpressure, and it bounds the
// results in memory to one per worker. The deferred drain is what makes an
// early break safe: it cancels, then receives until the closer has seen
// every worker return.
func Stream(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) int64) iter.Seq2[int, int64] {
	type result struct {
		i int
		v int64
	}
	return func(yield func(int, int64) bool) {
		ctx, cancel := context.WithCancel(ctx)
		results := make(chan result)
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, len(in)) {
			wg.Go(func() {
				for ctx.Err() == nil {
					i := int(next.Add(1) - 1)
					if i >= len(in) {
						return
					}
					select {
					case results <- result{i, f(ctx, in[i])}:
					case <-ctx.Done():
						return
					}
				}
			})
		}
		go func() {
			wg.Wait()
			close(results)
		}()
		defer func() {
			cancel()
			for range results { // until every worker has returned
			}
		}()
		for r := range results {
			if !yield(r.i, r.v) {
				return
			}
		}
	}
}
