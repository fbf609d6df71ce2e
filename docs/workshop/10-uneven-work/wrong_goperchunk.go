//go:build workshop && wrong && wrong_goperchunk

// Package unevenwork is workshop exercise 10: items of uneven cost, shared
// out in static halves or in small chunks handed out as workers come free.
// See README.md.
package unevenwork

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// chunk is how many items a goroutine computes.
const chunk = 16

// Map is a wrong answer kept for CI: a goroutine per chunk, at most workers
// at a time behind a semaphore. The chunks go to whoever is free, so the
// load balances, but every chunk pays for a goroutine of its own: for a
// million items, 62500 goroutines where workers would do. The checks count
// the goroutines that call f.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for lo := 0; lo < len(in); lo += chunk {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			for i := lo; i < min(lo+chunk, len(in)); i++ {
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
