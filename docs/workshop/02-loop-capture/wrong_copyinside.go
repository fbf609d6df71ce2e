//go:build go1.21 && workshop && wrong && wrong_copyinside

package loopcapture

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Apply is a wrong answer kept for CI: the copy is there, but inside the
// goroutine, where it runs whenever the goroutine does, while the loop is
// already writing the next i and p. Sometimes it copies the right pair,
// usually not; it always reads the variables the loop writes without
// synchronisation, and the race detector reports that every time. The copy
// must happen in the loop body, before the go statement.
func Apply(in []strategies.Pair, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Add(1)
		go func() {
			i, p := i, p
			defer wg.Done()
			<-start
			out[i] = f(p)
		}()
	}
	close(start)
	wg.Wait()
	return out
}
