//go:build workshop && solution

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Run calls f for every item, at most workers calls at once (workers >= 1),
// and returns the first error a call returns, or nil; if ctx is cancelled it
// returns ctx's error. After the first error it cancels the context of the
// calls still running and starts no new calls, and it returns only once every
// goroutine it started has finished.
//
// errgroup.WithContext cancels gctx when a function returns an error;
// SetLimit makes g.Go block while workers calls run, which bounds the
// goroutines; g.Wait waits for them all. The loop looks at gctx before each
// item so that no new call starts after a failure.
func Run(ctx context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	g, gctx := errgroup.WithContext(ctx)
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
