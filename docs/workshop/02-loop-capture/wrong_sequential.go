//go:build go1.21 && workshop && wrong && wrong_sequential

package loopcapture

import "github.com/concbench/concbench/strategies"

// Apply is a wrong answer kept for CI: no goroutines at all. Its loop
// variables are used at once, so every result is right, but no two calls
// overlap and TestCallsOverlap fails.
func Apply(in []strategies.Pair, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = f(p)
	}
	return out
}
