//go:build workshop && wrong && wrong_percall

package iobound

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/strategies"
)

// FetchAll is a wrong answer kept for CI: a timeout per call instead of one
// deadline for the batch, the reading of Python's requests.get(url,
// timeout=...). A call that never answers is stopped, but a batch of calls
// that each answer just within the timeout runs on for as many rounds as it
// takes; TestDeadlineForTheBatch fails.
func FetchAll(ctx context.Context, in []strategies.Pair, limit int, timeout time.Duration, fetch func(context.Context, strategies.Pair) (int64, error)) ([]int64, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	out := make([]int64, len(in))
	for i, p := range in {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() (err error) {
			cctx, cancel := context.WithTimeout(gctx, timeout)
			defer cancel()
			out[i], err = fetch(cctx, p)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
