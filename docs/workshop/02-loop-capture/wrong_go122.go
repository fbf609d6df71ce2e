//go:build go1.22 && workshop && wrong && wrong_go122

package loopcapture

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Apply is a wrong answer kept for CI: the starter, unchanged, in a file
// raised to Go 1.22. The new loop semantics make it right, but the lesson
// is the pre-1.22 fix, so TestStillGo121 fails.
//
// Apply calls f for every item, one goroutine per item, and returns the
// results in input order: out[i] is f(in[i]). The goroutines wait for a
// start signal before they call f, as real ones wait for a lock or for I/O,
// so they all run after the loop has finished, and their calls overlap.
func Apply(in []strategies.Pair, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = f(p)
		}()
	}
	close(start)
	wg.Wait()
	return out
}
