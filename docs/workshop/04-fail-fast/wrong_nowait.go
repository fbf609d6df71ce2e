//go:build workshop && wrong && wrong_nowait

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import (
	"context"
	"sync"
)

// Run is a wrong answer kept for CI: the first error cancels the rest, and
// every goroutine exits soon after, but Run returns without waiting for the
// calls still running. goleak, which retries until the stragglers are gone,
// would pass it; TestRunFailFast counts the calls still running when Run
// returns and fails.
func Run(parent context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	ctx, cancel := context.WithCancel(parent)
	jobs := make(chan int)
	errc := make(chan error, workers)
	go func() {
		defer close(jobs)
		for _, it := range items {
			select {
			case jobs <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for it := range jobs {
				if ctx.Err() != nil {
					continue
				}
				if err := f(ctx, it); err != nil {
					errc <- err
					cancel()
				}
			}
		})
	}
	go func() { wg.Wait(); close(errc) }()
	if err := <-errc; err != nil {
		cancel()
		return err // the calls still running go on without us
	}
	cancel()
	return parent.Err()
}
