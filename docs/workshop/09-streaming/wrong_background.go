//go:build workshop && wrong && wrong_background

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

// Stream is a wrong answer kept for CI: the workers' context is derived
// from context.Background(), and ctx is only looked at between results.
// A break cancels and drains correctly, but a cancel of the caller's ctx
// reaches no call: the calls in flight run on, and the stream ends only
// once they return. TestCallerCancelsMidRun fails.
func Stream(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) int64) iter.Seq2[int, int64] {
	type result struct {
		i int
		v int64
	}
	return func(yield func(int, int64) bool) {
		wctx, cancel := context.WithCancel(context.Background())
		results := make(chan result)
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, len(in)) {
			wg.Go(func() {
				for wctx.Err() == nil {
					i := int(next.Add(1) - 1)
					if i >= len(in) {
						return
					}
					select {
					case results <- result{i, f(wctx, in[i])}:
					case <-wctx.Done():
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
			if ctx.Err() != nil || !yield(r.i, r.v) {
				return
			}
		}
	}
}
