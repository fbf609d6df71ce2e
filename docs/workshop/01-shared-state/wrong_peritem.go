//go:build workshop && wrong && wrong_peritem

package sharedstate

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: a goroutine and a Worker per item. No
// Worker is shared, so there is no race, and every item is counted, but the
// contract is workers goroutines: a million items would get a million
// goroutines, all in flight at once. TestWorkers counts them.
func Map(in []strategies.Pair, fn func(strategies.Pair, int64) int64, constant int64, workers int) ([]int64, int) {
	out := make([]int64, len(in))
	ws := make([]Worker, len(in))
	var wg sync.WaitGroup
	for i, p := range in {
		w := &ws[i]
		w.Fn, w.Const = fn, constant
		wg.Go(func() { out[i] = w.Call(p) })
	}
	wg.Wait()
	items := 0
	for _, w := range ws {
		items += w.Items
	}
	return out, items
}
