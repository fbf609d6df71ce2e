//go:build workshop && wrong && wrong_waitonly

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

// Stream is a wrong answer kept for CI: the workers send with a plain
// send, and on break Stream cancels and waits for them. A worker that
// already holds a result is blocked on that send, which nobody will ever
// receive, and the cancel does not reach it: Stream waits for it forever.
// TestBreakAfterFirst breaks while every worker holds a result.
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
					results <- result{i, f(ctx, in[i])}
				}
			})
		}
		go func() {
			wg.Wait()
			close(results)
		}()
		for r := range results {
			if !yield(r.i, r.v) {
				cancel()
				wg.Wait() // the workers stop once they see the cancel... or do they?
				return
			}
		}
		cancel()
	}
}
