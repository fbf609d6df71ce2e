//go:build workshop

// Package loopcapture is workshop exercise 2: loop-variable capture in
// goroutines before and after Go 1.22. See README.md.
//
// The module says go 1.26, but starter.go and solution.go carry
// //go:build go1.21, which sets their language version to Go 1.21: the
// compiler gives their for loops the old semantics, one variable for the
// whole loop. This file has no such line, so its loops have Go 1.22's
// semantics, a fresh variable per iteration.
package loopcapture

import (
	"sync"

	"github.com/concbench/concbench/strategies"
)

// ApplyModern is the starter's Apply, letter for letter, in a file with the
// module's language version (Go 1.26). It is correct as written: since Go
// 1.22 each iteration of a for loop has its own i and p, so every goroutine
// captures its own.
func ApplyModern(in []strategies.Pair, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = f(p)
		}()
	}
	close(start)
	wg.Wait()
	return out
}
