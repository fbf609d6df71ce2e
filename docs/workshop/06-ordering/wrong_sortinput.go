//go:build workshop && wrong && wrong_sortinput

// Package ordering is workshop exercise 6: getting results back in input
// order from a pipeline whose workers finish in any order. See README.md.
package ordering

import (
	"cmp"
	"slices"
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: each result carries its input item
// back, and the collector sorts the results by the item. That restores the
// order of an input that was sorted to begin with, like the seed's, and
// scrambles any other: the order to restore is the input's positions, not
// its values. TestMap and TestSlowFirstItem give it reversed and shuffled
// inputs.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	type result struct {
		p strategies.Pair
		v int64
	}
	jobs := make(chan strategies.Pair, workers)
	results := make(chan result, workers)
	go func() {
		for _, p := range in {
			jobs <- p
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for p := range jobs {
				results <- result{p, f(p)}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	all := make([]result, 0, len(in))
	for r := range results {
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b result) int { return cmp.Compare(a.p.A, b.p.A) })
	out := make([]int64, len(all))
	for i, r := range all {
		out[i] = r.v
	}
	return out
}
