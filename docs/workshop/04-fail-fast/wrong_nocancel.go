//go:build workshop && wrong && wrong_nocancel

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Run is a wrong answer kept for CI: an errgroup.Group without
// WithContext. It bounds the calls and waits for them all, so nothing
// leaks, but the first error cancels nothing: the calls still running wait
// out their time and every item still starts. TestRunFailFast fails on both.
func Run(ctx context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	var g errgroup.Group
	g.SetLimit(workers)
	for _, it := range items {
		g.Go(func() error { return f(ctx, it) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}
