//go:build workshop && wrong && wrong_sequential

// Package streaming is workshop exercise 9: results in completion order,
// as they come, with backpressure. See README.md.
package streaming

import (
	"context"
	"iter"

	"github.com/concbench/concbench/strategies"
)

// Stream is a wrong answer kept for CI: a generator that computes one item
// and yields it before it computes the next. It streams, holds nothing back
// and stops on break, but nothing overlaps: completion order is input order,
// and TestCompletionOrder's item 0 waits in vain for another result.
func Stream(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) int64) iter.Seq2[int, int64] {
	return func(yield func(int, int64) bool) {
		for i, p := range in {
			if ctx.Err() != nil || !yield(i, f(ctx, p)) {
				return
			}
		}
	}
}
