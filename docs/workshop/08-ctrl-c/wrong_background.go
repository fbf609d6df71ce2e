//go:build workshop && wrong && wrong_background

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

// Map is a wrong answer kept for CI: the signal's context is built from
// context.Background(), as in a main, instead of from ctx. Ctrl-C stops it
// cleanly, but a caller that cancels ctx (a server shutting down, a test
// with a deadline) is ignored; TestCallerCancelsMidRun fails.
func Map(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) (int64, error)) (out []int64, done []bool, err error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
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
