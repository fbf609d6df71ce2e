//go:build workshop && !solution && !wrong

package iobound

import (
	"context"
	"sync"
	"time"

	"github.com/concbench/concbench/strategies"
)

// FetchAll calls fetch for every item of in and returns the results in
// input order. It runs at most limit calls at once (limit >= 1), and all of
// them under one deadline, timeout from now. On the first error, the
// deadline's included, it cancels the calls still running, starts no new
// ones, waits for every call to return, and returns nil and the error (which
// wraps context.DeadlineExceeded when the deadline passed).
func FetchAll(ctx context.Context, in []strategies.Pair, limit int, timeout time.Duration, fetch func(context.Context, strategies.Pair) (int64, error)) ([]int64, error) {
	out := make([]int64, len(in))
	errs := make([]error, len(in))
	// TODO: this starts every call at once, however many items there are
	// (a thousand URLs, a thousand connections to one server), and waits as
	// long as the slowest call takes: forever, if a server never answers.
	// Bound it to limit calls at once, and put every call under one
	// deadline: context.WithTimeout, and errgroup.WithContext with SetLimit
	// (or a semaphore channel and a sync.WaitGroup).
	var wg sync.WaitGroup
	for i, p := range in {
		wg.Go(func() { out[i], errs[i] = fetch(ctx, p) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
