//go:build workshop && wrong && wrong_lockstep

// Package ordering is workshop exercise 6: getting results back in input
// order from a pipeline whose workers finish in any order. See README.md.
package ordering

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: the pipeline is kept, but the collector
// sends one job and waits for its result before sending the next, so the
// results come back in order because only one call is ever running.
// TestSlowFirstItem fails: nothing else runs while item 0 waits.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	jobs := make(chan strategies.Pair)
	results := make(chan int64)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for p := range jobs {
				results <- f(p)
			}
		})
	}
	out := make([]int64, 0, len(in))
	for _, p := range in {
		jobs <- p
		out = append(out, <-results)
	}
	close(jobs)
	wg.Wait()
	return out
}
