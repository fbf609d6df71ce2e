//go:build workshop && wrong && wrong_background

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Run is a wrong answer kept for CI: the group's context comes from
// context.Background(), and ctx is only looked at before the start and
// after the end. A ctx cancelled before Run is seen; one the caller cancels
// while the calls run reaches none of them, and they run on as if nobody
// had asked them to stop. TestRunCallerCancelsMidRun fails.
func Run(ctx context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(context.Background())
	g.SetLimit(workers)
	for _, it := range items {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return f(gctx, it) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}
