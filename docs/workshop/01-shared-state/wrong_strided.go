//go:build workshop && wrong && wrong_strided

package sharedstate

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: each goroutine owns its Worker, but
// goroutine g takes items g, g+workers, g+2*workers, ... instead of a
// contiguous range. The results and counts are right; but neighbouring
// results, which share a cache line, are written by different goroutines
// all the time (false sharing), and the contract says ranges. TestWorkers
// fails.
func Map(in []strategies.Pair, fn func(strategies.Pair, int64) int64, constant int64, workers int) ([]int64, int) {
	out := make([]int64, len(in))
	ws := make([]Worker, workers)
	var wg sync.WaitGroup
	for g := range workers {
		w := &ws[g]
		w.Fn, w.Const = fn, constant
		wg.Go(func() {
			for i := g; i < len(in); i += workers {
				out[i] = w.Call(in[i])
			}
		})
	}
	wg.Wait()
	items := 0
	for _, w := range ws {
		items += w.Items
	}
	return out, items
}
