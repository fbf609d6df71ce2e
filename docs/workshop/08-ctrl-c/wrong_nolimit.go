//go:build workshop && wrong && wrong_nolimit

// Package ctrlc is workshop exercise 8: stopping cleanly on Ctrl-C and
// keeping what is finished. See README.md.
package ctrlc

import (
	"context"
	"os"
	"os/signal"
	"sync"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: a goroutine per item, each looking at
// the context before its call. It stops cleanly on SIGINT and keeps what is
// finished, but nothing bounds the calls in flight: a thousand items, a
// thousand calls at once, whatever workers says. TestNoInterrupt counts
// them.
func Map(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) (int64, error)) (out []int64, done []bool, err error) {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	out, done = make([]int64, len(in)), make([]bool, len(in))
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Go(func() {
			if ctx.Err() != nil {
				return
			}
			if v, err := f(ctx, p); err == nil {
				out[i], done[i] = v, true
			}
		})
	}
	wg.Wait()
	return out, done, context.Cause(ctx)
}
