//go:build workshop && wrong && wrong_deadlinectx

package iobound

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/strategies"
)

// FetchAll is a wrong answer kept for CI: the calls get the deadline's
// context, not the group's. The deadline reaches them, and the group stops
// starting calls after an error, but an ordinary error cancels nobody: the
// calls still running wait until the deadline. TestFirstErrorCancels fails.
func FetchAll(ctx context.Context, in []strategies.Pair, limit int, timeout time.Duration, fetch func(context.Context, strategies.Pair) (int64, error)) ([]int64, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	out := make([]int64, len(in))
	for i, p := range in {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() (err error) {
			out[i], err = fetch(ctx, p)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
