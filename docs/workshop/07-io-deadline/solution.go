//go:build workshop && solution

package iobound

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/strategies"
)

// FetchAll calls fetch for every item of in and returns the results in
// input order. It runs at most limit calls at once (limit >= 1), and all of
// them under one deadline, timeout from now. On the first error, the
// deadline's included, it cancels the calls still running, starts no new
// ones, waits for every call to return, and returns nil and the error (which
// wraps context.DeadlineExceeded when the deadline passed).
//
// context.WithTimeout puts one deadline on every call; errgroup.WithContext
// cancels them all on the first error; SetLimit makes g.Go wait while limit
// calls run. Waiting costs no CPU, so the limit is set by what the other
// side can take, not by the number of cores.
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
			out[i], err = fetch(gctx, p)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
