//go:build workshop && wrong && wrong_sleep

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import (
	"context"
	"sync"
	"time"
)

// Run is a wrong answer kept for CI: on the first error it cancels the
// rest, then gives them a second to finish instead of waiting for them.
// Calls that clean up faster pass unnoticed; TestRunFailFast's calls clean
// up for longer than any fixed sleep, and are still running when Run
// returns.
func Run(ctx context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	errc := make(chan error, len(items))
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
				if err := f(ctx, it); err != nil {
					errc <- err
					cancel()
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return ctx.Err()
	case err := <-errc:
		cancel()
		time.Sleep(time.Second) // surely long enough for the others to stop
		return err
	}
}
