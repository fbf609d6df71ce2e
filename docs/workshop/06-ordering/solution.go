//go:build workshop && solution

// Package ordering is workshop exercise 6: getting results back in input
// order from a pipeline whose workers finish in any order. See README.md.
package ordering

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

type result struct {
	i int
	v int64
}

// Map calls f for every item of in on workers goroutines (workers >= 1) and
// returns the results in input order: out[i] is f(in[i]), however long each
// call takes and whichever worker finishes first.
//
// Each job is an index; each result carries its index back, and the
// collector writes out[i]. The arrival order no longer matters, and no
// sorting or reorder buffer is needed because the output slice is allocated
// up front. (With batches, as in strategies.ChannelPipeline, a result carries
// its batch's first index and is copied into place.)
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	jobs := make(chan int, workers)
	results := make(chan result, workers)
	go func() {
		for i := range in {
			jobs <- i
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				results <- result{i, f(in[i])}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([]int64, len(in))
	for r := range results {
		out[r.i] = r.v
	}
	return out
}
