//go:build workshop && !solution && !wrong

package sharedstate

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map computes fn(in[i], constant) for every item of in on workers
// goroutines (workers >= 1), each taking a contiguous range, and returns the
// results in input order together with the number of items the workers
// counted, which must be len(in). The goroutines' calls run at the same
// time.
func Map(in []strategies.Pair, fn func(strategies.Pair, int64) int64, constant int64, workers int) ([]int64, int) {
	out := make([]int64, len(in))
	// TODO: every goroutine calls the same *Worker, so w.Items++ runs on
	// several goroutines at once: a data race (the check, run with -race,
	// reports it) and lost counts. Give each goroutine its own Worker and
	// add up their Items after wg.Wait.
	w := &Worker{Fn: fn, Const: constant}
	var wg sync.WaitGroup
	for g := range workers {
		lo, hi := g*len(in)/workers, (g+1)*len(in)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = w.Call(in[i])
			}
		})
	}
	wg.Wait()
	return out, w.Items
}
