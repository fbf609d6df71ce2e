//go:build workshop && solution

package sharedstate

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map computes fn(in[i], constant) for every item of in on workers
// goroutines (workers >= 1), each taking a contiguous range, and returns the
// results in input order together with the number of items the workers
// counted, which is len(in). The goroutines' calls run at the same time.
//
// Each goroutine owns its Worker, so Items needs no lock; the counts are
// read only after wg.Wait, which orders every goroutine's writes before the
// reads. This is what strategies.StructWorker does.
func Map(in []strategies.Pair, fn func(strategies.Pair, int64) int64, constant int64, workers int) ([]int64, int) {
	out := make([]int64, len(in))
	ws := make([]Worker, workers)
	var wg sync.WaitGroup
	for g := range workers {
		lo, hi := g*len(in)/workers, (g+1)*len(in)/workers
		w := &ws[g]
		w.Fn, w.Const = fn, constant
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = w.Call(in[i])
			}
		})
	}
	wg.Wait()
	items := 0
	for _, w := range ws {
		items += w.Items
	}
	return out, items
}
