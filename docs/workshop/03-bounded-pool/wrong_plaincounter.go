//go:build workshop && wrong && wrong_plaincounter

// Package boundedpool is workshop exercise 3: one goroutine per item versus
// a bounded pool of workers. See README.md.
package boundedpool

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// MapAll is a wrong answer kept for CI: a pool whose workers share a plain
// int as the next index. It is a data race: without -race it passes most
// runs (the increments are rarely torn at this speed), with -race the
// detector reports it every time.
func MapAll(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	next := 0
	var wg sync.WaitGroup
	for range min(workers, len(in)) {
		wg.Go(func() {
			for {
				i := next
				next++
				if i >= len(in) {
					return
				}
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
