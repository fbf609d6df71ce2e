//go:build workshop && wrong && wrong_nostop

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

// Map is a wrong answer kept for CI: the solution without stop. After a
// Map that finished normally, SIGINT stays diverted to a context nobody
// watches, so Ctrl-C no longer stops the program, and the goroutine that
// NotifyContext started stays behind; TestNoInterrupt's goleak finds it.
func Map(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) (int64, error)) (out []int64, done []bool, err error) {
	ctx, _ = signal.NotifyContext(ctx, os.Interrupt) // the missing stop is the bug
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
