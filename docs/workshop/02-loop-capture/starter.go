//go:build go1.21 && workshop && !solution && !wrong

package loopcapture

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

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
		// TODO: under Go 1.21 semantics (see the //go:build line) there is
		// one i and one p for the whole loop, and every goroutine captures
		// that same pair. By the time they run, the loop has left
		// i = len(in)-1 in it. Give each goroutine its own copy, the way
		// Go code did before 1.22. Keep the go1.21 line: the check insists.
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
