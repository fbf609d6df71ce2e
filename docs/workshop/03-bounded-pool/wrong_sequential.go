//go:build workshop && wrong && wrong_sequential

// Package boundedpool is workshop exercise 3: one goroutine per item versus
// a bounded pool of workers. See README.md.
package boundedpool

import "github.com/concbench/concbench/strategies"

// MapAll is a wrong answer kept for CI: a plain loop. It never runs more
// than workers calls at once, on no more than workers goroutines, because it
// runs one call at a time; TestBounded's rendezvous fails.
func MapAll(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = f(p)
	}
	return out
}
