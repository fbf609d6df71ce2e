//go:build workshop && !solution && !wrong

// Package ordering is workshop exercise 6: getting results back in input
// order from a pipeline whose workers finish in any order. See README.md.
package ordering

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map calls f for every item of in on workers goroutines (workers >= 1) and
// returns the results in input order: out[i] is f(in[i]), however long each
// call takes and whichever worker finishes first.
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
	// TODO: results arrive in the order the calls finish, not the order of
	// in, so appending them scrambles the output whenever one call is slower
	// than the next. Send each item's index along with it and back with its
	// result, and write out[i] into a slice made with len(in).
	out := make([]int64, 0, len(in))
	for v := range results {
		out = append(out, v)
	}
	return out
}
