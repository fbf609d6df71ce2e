//go:build workshop && wrong && wrong_sortvalues

// Package ordering is workshop exercise 6: getting results back in input
// order from a pipeline whose workers finish in any order. See README.md.
package ordering

import (
	"slices"
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: the starter, with the results sorted
// at the end. On the seed's input the results grow with the index, so the
// sort puts them back in order; on any input whose results do not happen
// to be sorted it scrambles them. TestMap gives it reversed and shuffled
// inputs.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	jobs := make(chan strategies.Pair, workers)
	results := make(chan int64, workers)
	go func() {
		for _, p := range in {
			jobs <- p
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for p := range jobs {
				results <- f(p)
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([]int64, 0, len(in))
	for v := range results {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}
