//go:build workshop && wrong && wrong_total

package sharedstate

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: each goroutine owns its Worker, but
// adds its count to a shared total itself, as its last step, instead of
// leaving the adding to after wg.Wait. The goroutines rarely finish at the
// same moment, so the total usually comes out right; it is still a data
// race, and the race detector reports it every time.
func Map(in []strategies.Pair, fn func(strategies.Pair, int64) int64, constant int64, workers int) ([]int64, int) {
	out := make([]int64, len(in))
	total := 0
	var wg sync.WaitGroup
	for g := range workers {
		lo, hi := g*len(in)/workers, (g+1)*len(in)/workers
		wg.Go(func() {
			w := &Worker{Fn: fn, Const: constant}
			for i := lo; i < hi; i++ {
				out[i] = w.Call(in[i])
			}
			total += w.Items
		})
	}
	wg.Wait()
	return out, total
}
