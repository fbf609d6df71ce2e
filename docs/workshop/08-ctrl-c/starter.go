//go:build workshop && !solution && !wrong

// Package ctrlc is workshop exercise 8: stopping cleanly on Ctrl-C and
// keeping what is finished. See README.md.
package ctrlc

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/concbench/concbench/strategies"
)

// Map calls f for every item of in on workers goroutines (workers >= 1) and
// returns the results in input order: done[i] reports whether out[i] holds
// f(in[i]); an item whose call returned an error is not done.
//
// It stops cleanly on SIGINT (Ctrl-C): the calls running see their context
// cancelled, no new call starts, and Map returns once every call has
// returned, with the results finished so far and an error that says why it
// stopped (context.Cause: "interrupt signal received"). If every item
// finishes, the error is nil. When Map returns, SIGINT has its default
// behaviour again.
func Map(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) (int64, error)) (out []int64, done []bool, err error) {
	out, done = make([]int64, len(in)), make([]bool, len(in))
	// TODO: nothing here listens for SIGINT, so Ctrl-C kills the program
	// and every finished result with it (or, if someone else catches the
	// signal, Map just carries on). Derive a context with
	// signal.NotifyContext(ctx, os.Interrupt), defer its stop, pass it to
	// the calls, stop taking items once it is done, and return
	// context.Cause(ctx) when it was cancelled.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(in) {
					return
				}
				if v, err := f(ctx, in[i]); err == nil {
					out[i], done[i] = v, true
				}
			}
		})
	}
	wg.Wait()
	return out, done, nil
}
