//go:build workshop && wrong && wrong_sequential

// Package unevenwork is workshop exercise 10: items of uneven cost, shared
// out in static halves or in small chunks handed out as workers come free.
// See README.md.
package unevenwork

import "github.com/concbench/concbench/strategies"

// Map is a wrong answer kept for CI: a loop. No worker waits for another,
// because there is only one; the checks' first two calls never meet.
func Map(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = f(p)
	}
	return out
}
