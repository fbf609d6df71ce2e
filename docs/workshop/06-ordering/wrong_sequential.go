//go:build workshop && wrong && wrong_sequential

// Package ordering is workshop exercise 6: getting results back in input
// order from a pipeline whose workers finish in any order. See README.md.
package ordering

import "github.com/concbench/concbench/strategies"

// Map is a wrong answer kept for CI: a loop keeps the order trivially, but
// while item 0's call waits nothing else runs, so TestSlowFirstItem fails.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = f(p)
	}
	return out
}
