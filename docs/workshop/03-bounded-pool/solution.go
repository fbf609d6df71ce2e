//go:build workshop && solution

// Package boundedpool is workshop exercise 3: one goroutine per item versus
// a bounded pool of workers. See README.md.
package boundedpool

import (
	"sync"
	"sync/atomic"

	"github.com/concbench/concbench/strategies"
)

// MapAll calls f for every item of in and returns the results in input
// order. It runs at most workers calls of f at once (workers >= 1) on exactly
// min(workers, len(in)) goroutines, which hand out items from a shared atomic
// counter: the next free worker takes the next item.
func MapAll(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(in)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(in) {
					return
				}
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
