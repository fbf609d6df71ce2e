//go:build workshop

// Package iobound is workshop exercise 7: an I/O-bound fan-out with a
// concurrency limit and a deadline. See README.md.
package iobound

import (
	"context"
	"time"

	"github.com/concbench/concbench/strategies"
)

// Latency returns the exercise's latency kernel: a fetch that waits d, as
// for a reply from a server, and then returns the seed's
// (a+b)*constValue. It uses no CPU while it waits, which is what makes
// I/O-bound work different: a hundred of these can wait at once on one core.
// If ctx is done first it returns ctx's error at once, as a well-behaved
// client call does.
func Latency(d time.Duration, constValue int64) func(ctx context.Context, p strategies.Pair) (int64, error) {
	return func(ctx context.Context, p strategies.Pair) (int64, error) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return (p.A + p.B) * constValue, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}
