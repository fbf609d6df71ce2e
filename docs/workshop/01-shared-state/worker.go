//go:build workshop

// Package sharedstate is workshop exercise 1: the callable-class bug, Go
// edition. See README.md.
package sharedstate

import "github.com/concbench/concbench/strategies"

// Worker is Go's spelling of the Python cheat sheet's callable class: it
// holds the function it applies (the seed's worker_fn) and the constant
// (self.const_value), and Call is __call__. Items is mutable state: how many
// items this worker has computed.
type Worker struct {
	Fn    func(changingStuff strategies.Pair, constValue int64) int64
	Const int64
	Items int
}

// Call computes one item and counts it. It mutates w, so a Worker must not be
// shared by goroutines that call it at the same time.
func (w *Worker) Call(p strategies.Pair) int64 {
	w.Items++
	return w.Fn(p, w.Const)
}
