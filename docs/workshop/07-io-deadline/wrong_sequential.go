//go:build workshop && wrong && wrong_sequential

package iobound

import (
	"context"
	"time"

	"github.com/concbench/concbench/strategies"
)

// FetchAll is a wrong answer kept for CI: a loop under a deadline. It never
// exceeds the limit and it stops at the deadline, but it waits for one reply
// at a time, n times the latency where limit calls at once take n/limit
// times; TestFetchAll's first limit calls never meet.
func FetchAll(ctx context.Context, in []strategies.Pair, limit int, timeout time.Duration, fetch func(context.Context, strategies.Pair) (int64, error)) ([]int64, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out := make([]int64, len(in))
	for i, p := range in {
		v, err := fetch(ctx, p)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
