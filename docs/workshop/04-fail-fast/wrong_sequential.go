//go:build workshop && wrong && wrong_sequential

// Package failfast is workshop exercise 4: the first error cancels the rest,
// and nothing leaks. See README.md.
package failfast

import "context"

// Run is a wrong answer kept for CI: a loop. It stops at the first error,
// starts no goroutine and so leaks none, but it runs one call at a time, so
// TestRunAllSucceed's first two calls never meet.
func Run(ctx context.Context, items []int, workers int, f func(ctx context.Context, item int) error) error {
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := f(ctx, it); err != nil {
			return err
		}
	}
	return nil
}
