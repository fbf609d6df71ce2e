//go:build workshop && wrong && wrong_sequential

package sharedstate

import "github.com/concbench/concbench/strategies"

// Map is a wrong answer kept for CI: one Worker, one loop, no goroutines.
// It has no race and counts every item, but nothing runs concurrently, so
// TestCallsOverlap fails.
func Map(in []strategies.Pair, fn func(strategies.Pair, int64) int64, constant int64, workers int) ([]int64, int) {
	out := make([]int64, len(in))
	w := &Worker{Fn: fn, Const: constant}
	for i, p := range in {
		out[i] = w.Call(p)
	}
	return out, w.Items
}
