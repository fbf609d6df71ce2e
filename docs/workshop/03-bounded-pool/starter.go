//go:build workshop && !solution && !wrong

// Package boundedpool is workshop exercise 3: one goroutine per item versus
// a bounded pool of workers. See README.md.
package boundedpool

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// MapAll calls f for every item of in and returns the results in input
// order. It must never run more than workers calls of f at once (workers >= 1)
// and must not start more than workers goroutines.
func MapAll(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	var wg sync.WaitGroup
	// TODO: this starts one goroutine per item: a million items, a million
	// goroutines, each with its own stack, all wanting to run at once while
	// only GOMAXPROCS can. Bound it: start workers goroutines that take item
	// indexes from a shared counter or a channel until none are left.
	for i, p := range in {
		wg.Go(func() { out[i] = f(p) })
	}
	wg.Wait()
	return out
}
