//go:build workshop && wrong && wrong_sequential

// Package batching is workshop exercise 5: granularity, or why pipelines
// send batches. See README.md.
package batching

import "github.com/concbench/concbench/strategies"

// Map is a wrong answer kept for CI: a loop, which has no channel overhead
// at all and so passes TestBatchingPaysOff, but no workers either, so
// TestWorkersOverlap fails.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = f(p)
	}
	return out
}
