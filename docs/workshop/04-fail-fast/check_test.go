//go:build workshop

package failfast

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// This file is the frozen check: do not edit it.

var errBoom = errors.New("boom")

func TestRunAllSucceed(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const n = 1000
	var calls [n]atomic.Int32
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	err := Run(context.Background(), items, 4, func(_ context.Context, it int) error {
		calls[it].Add(1)
		return nil
	})
	if err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	for i := range calls {
		if c := calls[i].Load(); c != 1 {
			t.Fatalf("item %d called %d times, want 1", i, c)
		}
	}
}

// TestRunFailFast: item 3 fails at once; every other call waits for its
// context to be cancelled (or gives up after a second). A fail-fast Run
// cancels them, starts hardly anything new, and leaves no goroutine behind.
func TestRunFailFast(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const n, workers, failing = 1000, 4, 3
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	var (
		mu    sync.Mutex
		ctxs  []context.Context
		calls atomic.Int64
	)
	start := time.Now()
	err := Run(context.Background(), items, workers, func(ctx context.Context, it int) error {
		calls.Add(1)
		mu.Lock()
		ctxs = append(ctxs, ctx)
		mu.Unlock()
		if it == failing {
			return errBoom
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
			return nil
		}
	})
	t.Logf("Run returned %v after %v and %d calls", err, time.Since(start).Round(time.Millisecond), calls.Load())
	if !errors.Is(err, errBoom) {
		t.Errorf("Run = %v, want an error wrapping errBoom", err)
	}
	mu.Lock()
	defer mu.Unlock()
	for i, ctx := range ctxs {
		if ctx.Err() == nil {
			t.Errorf("call %d's context is not cancelled when Run returns: the first error must cancel the rest", i)
			break
		}
	}
	if c := calls.Load(); c > 2*workers+failing+1 {
		t.Errorf("%d calls started, want at most %d: no new work after the first error", c, 2*workers+failing+1)
	}
}

func TestRunParentCancelled(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Run(ctx, []int{1, 2, 3, 4, 5, 6, 7, 8}, 2, func(ctx context.Context, _ int) error {
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a cancelled context = %v, want context.Canceled", err)
	}
}
