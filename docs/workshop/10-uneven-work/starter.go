//go:build workshop && !solution && !wrong

// Package unevenwork is workshop exercise 10: items of uneven cost, shared
// out in static halves or in small chunks handed out as workers come free.
// See README.md.
package unevenwork

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map calls f for every item of in on workers goroutines (workers >= 1) and
// returns the results in input order: out[i] is f(in[i]). It must keep
// every worker busy until the work runs out, however unevenly the items'
// costs fall: the workers finish together, within a few items' cost of
// each other, whichever items are the dear ones and however slow one
// worker is.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	// TODO: this splits the items into workers contiguous ranges up front,
	// the cheapest possible fan-out, and the right one when every item costs
	// the same. When they do not (sorted input whose items get dearer, or a
	// worker that shares its core with someone else), the worker with the
	// dear range works alone at the end while the others wait. Hand the
	// items out as the workers come free instead: small chunks (say 16
	// items) taken from a shared atomic counter.
	var wg sync.WaitGroup
	for g := range workers {
		lo, hi := g*len(in)/workers, (g+1)*len(in)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
