//go:build workshop && wrong && wrong_poolchunk

// Package unevenwork is workshop exercise 10: items of uneven cost, shared
// out in static halves or in small chunks handed out as workers come free.
// See README.md.
package unevenwork

import (
	"sync"
	"sync/atomic"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: chunks handed out as the workers come
// free, as in the solution, but sized the way Python's Pool.map sizes them
// by default, ceil(n / (4 * workers)): eight chunks for two workers. The
// handout is dynamic, yet a chunk is an eighth of the work, and the worker
// that draws the last dear one finishes alone; TestSortedCosts and
// TestSlowWorker see it.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	chunk := max(1, (len(in)+4*workers-1)/(4*workers))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(in)) {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
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
