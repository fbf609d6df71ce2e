//go:build workshop && wrong && wrong_unbounded

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

// Stream is a wrong answer kept for CI: the solution with a results channel
// that has room for every result. It streams in completion order and stops
// cleanly, but a slow consumer no longer slows the workers down: they run
// ahead and hold every result in memory, which for a large or endless input
// is the out-of-memory Pool.imap gives you. TestBackpressure counts the
// calls started while the consumer is stalled.
func Stream(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) int64) iter.Seq2[int, int64] {
	type result struct {
		i int
		v int64
	}
	return func(yield func(int, int64) bool) {
		ctx, cancel := context.WithCancel(ctx)
		results := make(chan result, len(in)) // room for every result
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
