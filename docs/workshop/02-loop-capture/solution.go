//go:build go1.21 && workshop && solution

package loopcapture

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Apply calls f for every item, one goroutine per item, and returns the
// results in input order: out[i] is f(in[i]). The goroutines wait for a
// start signal before they call f, as real ones wait for a lock or for I/O,
// so they all run after the loop has finished, and their calls overlap.
//
// i, p := i, p declares new variables in the loop body, one pair per
// iteration, which the closure captures instead of the loop's. Before Go
// 1.22 this line was the idiom; from 1.22 on the language does it for you
// (compare ApplyModern) and the line is redundant.
func Apply(in []strategies.Pair, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range in {
		i, p := i, p
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
