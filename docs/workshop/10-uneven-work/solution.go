//go:build workshop && solution

// Package unevenwork is workshop exercise 10: items of uneven cost, shared
// out in static halves or in small chunks handed out as workers come free.
// See README.md.
package unevenwork

import (
	"sync"
	"sync/atomic"

	"github.com/concbench/concbench/strategies"
)

// chunk is how many items a worker takes at a time: small enough that the
// workers finish within a chunk's cost of each other, large enough that the
// atomic add that hands it out (a few nanoseconds, more when the workers
// contend for it) is spread over several items.
const chunk = 16

// Map calls f for every item of in on workers goroutines (workers >= 1) and
// returns the results in input order: out[i] is f(in[i]). It keeps every
// worker busy until the work runs out, however unevenly the items' costs
// fall: the workers finish together, within a few items' cost of each
// other (one chunk's), whichever items are the dear ones and however slow
// one worker is.
//
// The workers take chunks from a shared counter as they come free, so a
// worker that drew dear items, or runs slowly, simply takes fewer: the load
// balances itself, at the price of one atomic add per chunk. This is what
// strategies.ClosurePartial and the other chunked pools do.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(in)) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk) - chunk)
				if lo >= len(in) {
					return
				}
				for i := lo; i < min(lo+chunk, len(in)); i++ {
					out[i] = f(in[i])
				}
			}
		})
	}
	wg.Wait()
	return out
}
