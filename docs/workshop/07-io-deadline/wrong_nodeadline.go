//go:build workshop && wrong && wrong_nodeadline

package iobound

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/strategies"
)

// FetchAll is a wrong answer kept for CI: bounded, cancelled on the first
// error, but with no deadline. A server that never answers keeps it waiting
// forever; in TestDeadline the hanging calls give up after probe.Patience
// and fail the check.
func FetchAll(ctx context.Context, in []strategies.Pair, limit int, timeout time.Duration, fetch func(context.Context, strategies.Pair) (int64, error)) ([]int64, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	out := make([]int64, len(in))
	for i, p := range in {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() (err error) {
			out[i], err = fetch(gctx, p)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
