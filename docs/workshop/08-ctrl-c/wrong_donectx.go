//go:build workshop && wrong && wrong_donectx

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

// Map is a wrong answer kept for CI: it marks an item done when the stop
// had not come by the time its call returned, ignoring the call's own
// error. Interrupted calls are handled right, but a call that fails on its
// own (a timeout, a refused connection) is kept as a result;
// TestNoInterrupt has such calls.
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
				v, _ := f(ctx, in[i])
				out[i], done[i] = v, ctx.Err() == nil
			}
		})
	}
	wg.Wait()
	return out, done, context.Cause(ctx)
}
