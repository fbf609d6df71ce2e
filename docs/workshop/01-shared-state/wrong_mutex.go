//go:build workshop && wrong && wrong_mutex

package sharedstate

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI, the fix the README warns against: the
// goroutines share one Worker behind a mutex. The race is gone and every
// item is counted, but the lock is held for the whole call, so only one call
// runs at a time and TestCallsOverlap fails: workers goroutines doing one
// goroutine's work.
func Map(in []strategies.Pair, fn func(strategies.Pair, int64) int64, constant int64, workers int) ([]int64, int) {
	out := make([]int64, len(in))
	w := &Worker{Fn: fn, Const: constant}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range workers {
		lo, hi := g*len(in)/workers, (g+1)*len(in)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				mu.Lock()
				out[i] = w.Call(in[i])
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return out, w.Items
}
