//go:build workshop && wrong && wrong_closeonbreak

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

// Stream is a wrong answer kept for CI: on break it cancels, closes the
// results channel so that no worker can stay blocked on it, and waits for
// the workers. A worker that finishes its call after the close and tries to
// send panics: "send on closed channel". TestBreak has calls finishing
// after the break.
func Stream(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) int64) iter.Seq2[int, int64] {
	type result struct {
		i int
		v int64
	}
	return func(yield func(int, int64) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		results := make(chan result)
		var closeOnce sync.Once
		closeResults := func() { closeOnce.Do(func() { close(results) }) }
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
			closeResults()
		}()
		for r := range results {
			if !yield(r.i, r.v) {
				cancel()
				closeResults() // nobody can block on a closed channel
				wg.Wait()
				return
			}
		}
	}
}
