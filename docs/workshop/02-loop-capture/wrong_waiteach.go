//go:build go1.21 && workshop && wrong && wrong_waiteach

package loopcapture

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Apply is a wrong answer kept for CI: it drops the start signal and waits
// for each goroutine before the loop moves on. The shared i and p cannot
// change under a goroutine that has already finished, so the results are
// right, but the goroutines run one after another and TestCallsOverlap
// fails: a fix for the capture that throws away the concurrency.
func Apply(in []strategies.Pair, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = f(p)
		}()
		wg.Wait()
	}
	return out
}
