//go:build workshop && wrong && wrong_strided

// Package unevenwork is workshop exercise 10: items of uneven cost, shared
// out in static halves or in small chunks handed out as workers come free.
// See README.md.
package unevenwork

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: a static split by turns, worker g
// taking items g, g+workers, g+2*workers, ... It balances sorted costs
// well (each worker gets cheap and dear items alike), so TestSortedCosts
// passes, but it is still decided up front: when one worker runs slowly,
// the other finishes its half and waits. TestSlowWorker fails.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for i := g; i < len(in); i += workers {
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
