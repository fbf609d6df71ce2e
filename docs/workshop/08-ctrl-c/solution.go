//go:build workshop && solution

// Package ctrlc is workshop exercise 8: stopping cleanly on Ctrl-C and
// keeping what is finished. See README.md.
package ctrlc

import (
	"context"
	"os"
	"os/signal"
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
//
// signal.NotifyContext turns the signal into a cancelled context, which is
// all the workers need to know; stop undoes the registration, so a second
// Ctrl-C after Map returns kills the program as usual. Each worker writes
// only its own items, and wg.Wait orders those writes before the caller
// reads them.
func Map(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) (int64, error)) (out []int64, done []bool, err error) {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	out, done = make([]int64, len(in)), make([]bool, len(in))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
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
	return out, done, context.Cause(ctx)
}
