//go:build workshop && wrong && wrong_nowait

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

// Stream is a wrong answer kept for CI: on an early break it cancels the
// workers but returns without waiting for them. They exit soon after, so
// goleak (which retries) would pass it, but calls are still running when
// the loop ends; TestBreak counts them.
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
		defer cancel() // and no drain: the workers finish on their own, later
		for r := range results {
			if !yield(r.i, r.v) {
				return
			}
		}
	}
}
