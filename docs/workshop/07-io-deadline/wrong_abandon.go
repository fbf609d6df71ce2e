//go:build workshop && wrong && wrong_abandon

package iobound

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/strategies"
)

// FetchAll is a wrong answer kept for CI, the shape of Python's
// concurrent.futures.wait(fs, timeout=...): it stops waiting at the deadline
// and returns, but the calls still running are neither cancelled nor waited
// for, and the pool goes on starting the rest. TestDeadline counts the calls
// still running when FetchAll returns and fails.
func FetchAll(ctx context.Context, in []strategies.Pair, limit int, timeout time.Duration, fetch func(context.Context, strategies.Pair) (int64, error)) ([]int64, error) {
	out := make([]int64, len(in))
	done := make(chan error, 1)
	go func() {
		var g errgroup.Group
		g.SetLimit(limit)
		for i, p := range in {
			g.Go(func() (err error) {
				out[i], err = fetch(ctx, p)
				return err
			})
		}
		done <- g.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			return nil, err
		}
		return out, nil
	case <-time.After(timeout):
		return nil, context.DeadlineExceeded
	}
}
