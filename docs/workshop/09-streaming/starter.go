//go:build workshop && !solution && !wrong

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
func Stream(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) int64) iter.Seq2[int, int64] {
	return func(yield func(int, int64) bool) {
		// TODO: this computes every item before it yields the first, so the
		// consumer waits for the slowest call before it sees any result, and
		// holds all n results in memory at once. Stream instead: have the
		// workers send (index, value) on an unbuffered channel that this
		// function ranges over, yielding each as it arrives. On an early
		// break, cancel the workers' context and wait for them before
		// returning.
		out := make([]int64, len(in))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= len(in) {
						return
					}
					out[i] = f(ctx, in[i])
				}
			})
		}
		wg.Wait()
		for i, v := range out {
			if !yield(i, v) {
				return
			}
		}
	}
}
