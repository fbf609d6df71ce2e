//go:build workshop && wrong && wrong_nolimit

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Run is a wrong answer kept for CI: errgroup.WithContext without
// SetLimit. The first error cancels the rest and Wait waits for them, but
// g.Go never blocks, so every item gets its goroutine and its call at once:
// a thousand calls in flight where workers is 4. TestRunAllSucceed sees the
// peak.
func Run(ctx context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	g, gctx := errgroup.WithContext(ctx)
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
