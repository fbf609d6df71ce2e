//go:build workshop && wrong && wrong_loadadd

// Package boundedpool is workshop exercise 3: one goroutine per item versus
// a bounded pool of workers. See README.md.
package boundedpool

import (
	"sync"
	"sync/atomic"

	"github.com/concbench/concbench/strategies"
)

// MapAll is a wrong answer kept for CI: a pool whose workers read the shared
// counter with Load and move it on with a separate Add. Each operation is
// atomic, the pair is not: two workers can Load the same index before
// either Adds, so one item is computed twice and the next one never. The
// race detector cannot see it (there is no data race, only a logic race);
// TestEachItemOnce counts the calls per item, many times over.
func MapAll(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(in)) {
		wg.Go(func() {
			for {
				i := int(next.Load())
				if i >= len(in) {
					return
				}
				next.Add(1)
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
