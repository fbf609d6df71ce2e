//go:build workshop && !solution && !wrong

// Package batching is workshop exercise 5: granularity, or why pipelines
// send batches. See README.md.
package batching

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

type result struct {
	i int
	v int64
}

// Map calls f for every item of in with a pipeline: a producer sends work
// on a jobs channel to workers goroutines (workers >= 1), which send results
// on a results channel to the collector, which puts them in input order:
// out[i] is f(in[i]).
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	// TODO: every item costs two unbuffered channel hand-offs, each far
	// dearer than the item itself at work=0. Send batches instead: a job is a
	// range [lo, hi) of indexes (a few hundred to a few thousand items), a
	// result is a range's values; give the channels a small buffer.
	jobs := make(chan int)
	results := make(chan result)
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
	for r := range results {
		out[r.i] = r.v
	}
	return out
}
