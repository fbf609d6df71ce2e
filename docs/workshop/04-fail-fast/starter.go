//go:build workshop && !solution && !wrong

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import "context"

// Run calls f for every item, at most workers calls at once (workers >= 1),
// and returns the first error a call returns, or nil. After the first error
// it must cancel the context of the calls still running, start no new calls,
// and wait for every goroutine it started to finish before it returns.
func Run(ctx context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	jobs := make(chan int)
	errc := make(chan error)
	go func() {
		for _, it := range items {
			jobs <- it
		}
		close(jobs)
	}()
	for range workers {
		go func() {
			for it := range jobs {
				if err := f(ctx, it); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
	}
	// TODO: on the first error this returns at once, but the calls still
	// running never learn (their ctx is not cancelled), the other workers go
	// on taking items, and once they finish they block forever on errc, as
	// does the producer on jobs: leaked goroutines. Use errgroup.WithContext
	// with SetLimit, or a context.WithCancel plus a sync.WaitGroup, so that
	// the first error cancels the rest and Run waits for them.
	for range workers {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
