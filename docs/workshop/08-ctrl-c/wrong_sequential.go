//go:build workshop && wrong && wrong_sequential

// Package ctrlc is workshop exercise 8: stopping cleanly on Ctrl-C and
// keeping what is finished. See README.md.
package ctrlc

import (
	"context"
	"os"
	"os/signal"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI: a loop that stops cleanly on SIGINT and
// keeps its results, but runs one call at a time; the checks' first two
// calls never meet.
func Map(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) (int64, error)) (out []int64, done []bool, err error) {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	out, done = make([]int64, len(in)), make([]bool, len(in))
	for i, p := range in {
		if ctx.Err() != nil {
			break
		}
		if v, err := f(ctx, p); err == nil {
			out[i], done[i] = v, true
		}
	}
	return out, done, context.Cause(ctx)
}
