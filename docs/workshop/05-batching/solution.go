//go:build workshop && solution

// Package batching is workshop exercise 5: granularity, or why pipelines
// send batches. See README.md.
package batching

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// batch is the number of items per channel message: enough that a message's
// cost (a few hundred nanoseconds) is spread thin over the items, few enough
// that the workers share the work evenly. strategies.ChannelPipeline uses
// 1024, chosen by measurement.
const batch = 1024

type result struct {
	lo   int
	vals []int64
}

// Map calls f for every item of in with a pipeline: a producer sends ranges
// of indexes on a jobs channel to workers goroutines (workers >= 1), which
// send each range's values on a results channel to the collector, which
// copies them to their place in the output: out[i] is f(in[i]).
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	jobs := make(chan int, workers)
	results := make(chan result, workers)
	go func() {
		for lo := 0; lo < len(in); lo += batch {
			jobs <- lo
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for lo := range jobs {
				hi := min(lo+batch, len(in))
				vals := make([]int64, hi-lo)
				for i := range vals {
					vals[i] = f(in[lo+i])
				}
				results <- result{lo, vals}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		copy(out[r.lo:], r.vals)
	}
	return out
}
