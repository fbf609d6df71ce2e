//go:build workshop && wrong && wrong_unbounded

package iobound

import (
	"context"
	"sync"
	"time"

	"github.com/concbench/concbench/strategies"
)

// FetchAll is a wrong answer kept for CI: a deadline but no limit. Every call
// starts at once, a thousand connections for a thousand items; TestFetchAll
// sees more than limit calls in flight.
func FetchAll(ctx context.Context, in []strategies.Pair, limit int, timeout time.Duration, fetch func(context.Context, strategies.Pair) (int64, error)) ([]int64, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out := make([]int64, len(in))
	errs := make([]error, len(in))
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Go(func() {
			if out[i], errs[i] = fetch(ctx, p); errs[i] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
