//go:build go1.21 && workshop && !solution

package loopcapture

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Apply computes k for every item, one goroutine per item, and returns the
// results in input order. The goroutines wait for a start signal before they
// compute, as real ones wait for a lock or for I/O, so they all run after
// the loop has finished.
func Apply(k strategies.Kernel, in []strategies.Pair) []int64 {
	out := make([]int64, len(in))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Add(1)
		// TODO: under Go 1.21 semantics (see the //go:build line) there is
		// one i and one p for the whole loop, and every goroutine captures
		// that same pair. By the time they run, the loop has left
		// i = len(in)-1 in it. Give each goroutine its own copy, the way
		// Go code did before 1.22. Keep the go1.21 line: the check insists.
		go func() {
			defer wg.Done()
			<-start
			out[i] = k.Apply(p)
		}()
	}
	close(start)
	wg.Wait()
	return out
}
