//go:build workshop && wrong && wrong_discard

// Package ctrlc is workshop exercise 8: stopping cleanly on Ctrl-C and
// keeping what is finished. See README.md.
package ctrlc

import (
	"context"
	"os"
	"os/signal"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/strategies"
)

// Map is a wrong answer kept for CI, in the shape of Pool.map under
// KeyboardInterrupt: it stops on SIGINT and waits for its calls, but an
// interrupted call's error fails the whole group and the finished results
// are thrown away with it. TestInterrupt wants them back.
func Map(ctx context.Context, in []strategies.Pair, workers int, f func(context.Context, strategies.Pair) (int64, error)) (out []int64, done []bool, err error) {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	out, done = make([]int64, len(in)), make([]bool, len(in))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, p := range in {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			v, err := f(gctx, p)
			out[i], done[i] = v, err == nil
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, context.Cause(ctx)
	}
	return out, done, nil
}
