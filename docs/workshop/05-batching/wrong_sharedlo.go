//go:build workshop && wrong && wrong_sharedlo

// Package batching is workshop exercise 5: granularity, or why pipelines
// send batches. See README.md.
package batching

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// batch is the number of items a worker takes at a time.
const batch = 1024

// Map is a wrong answer kept for CI: no jobs channel at all, the workers
// take the next range from a shared int and write their results in place.
// It is batched, so it is fast, and the workers share the items, but the
// shared int is read and written by every worker without synchronisation:
// a data race, which can hand one range to two workers and skip another.
// Only the race detector sees it reliably, and it does every time.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	next := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := next
				next += batch
				if lo >= len(in) {
					return
				}
				for i := lo; i < min(lo+batch, len(in)); i++ {
					out[i] = f(in[i])
				}
			}
		})
	}
	wg.Wait()
	return out
}
