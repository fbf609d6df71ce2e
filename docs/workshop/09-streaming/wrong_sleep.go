//go:build workshop && wrong && wrong_sleep

// Package streaming is workshop exercise 9: results in completion order,
// as they come, with backpressure. See README.md.
package streaming

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concbench/concbench/strategies"
)

// Stream is a wrong answer kept for CI: on break it cancels the workers
// and gives them a moment to stop instead of waiting for them. Calls that
// clean up faster than the moment pass unnoticed; TestBreak's calls clean
// up for longer than any fixed sleep, and are still running when the loop
// ends.
func Stream(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) int64) iter.Seq2[int, int64] {
	type result struct {
		i int
		v int64
	}
	return func(yield func(int, int64) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
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
		for r := range results {
			if !yield(r.i, r.v) {
				cancel()
				time.Sleep(100 * time.Millisecond) // long enough for the workers to stop
				return
			}
		}
	}
}
