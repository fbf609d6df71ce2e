//go:build workshop && wrong && wrong_semaphore

// Package boundedpool is workshop exercise 3: one goroutine per item versus
// a bounded pool of workers. See README.md.
package boundedpool

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// MapAll is a wrong answer kept for CI: a semaphore taken before go. It
// bounds the calls in flight to workers, but it still starts one goroutine
// per item, a million for a million items, each with its own stack and
// allocations; TestBounded counts the goroutines that call f and fails.
func MapAll(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, p := range in {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i] = f(p)
		})
	}
	wg.Wait()
	return out
}
