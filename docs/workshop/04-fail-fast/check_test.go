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

	"github.com/concbench/concbench/docs/workshop/internal/probe"
)

// This file is the frozen check: do not edit it.

var errBoom = errors.New("boom")

// TestRunAllSucceed also asks for the workers' point: calls that run at the
// same time. The first two calls wait for each other (up to probe.Patience),
// so a Run that calls f in a loop fails however fast the machine is.
func TestRunAllSucceed(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const n, workers = 1000, 4
	var calls [n]atomic.Int32
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	o := probe.NewOverlap(2)
	err := Run(context.Background(), items, workers, func(_ context.Context, it int) error {
		o.Enter()
		defer o.Exit()
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
	t.Logf("peak calls in flight: %d (workers = %d)", o.Peak(), workers)
	if !o.Met() {
		t.Errorf("no two calls ever ran at once (waited %v): Run must run up to workers calls concurrently", probe.Patience)
	}
}

// TestRunFailFast: item 3 fails at once; every other call waits for its
// context to be cancelled (or gives up after a second), then takes a while
// to clean up, as real calls do. A fail-fast Run cancels them, starts hardly
// anything new, and returns only after every call has returned: the check
// counts the calls still running at the moment Run returns, which must be
// none. (goleak alone would not see a Run that returns before its calls
// do: it retries until the stragglers have exited.)
func TestRunFailFast(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const n, workers, failing = 1000, 4, 3
	const bound = 2*workers + failing + 1 // calls that may start before the failure is seen
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	var (
		mu       sync.Mutex
		ctxs     []context.Context
		calls    atomic.Int64
		inflight atomic.Int64
		returned = make(chan struct{}) // closed once Run has returned
	)
	start := time.Now()
	err := Run(context.Background(), items, workers, func(ctx context.Context, it int) error {
		inflight.Add(1)
		defer inflight.Add(-1)
		c := calls.Add(1)
		mu.Lock()
		ctxs = append(ctxs, ctx)
		mu.Unlock()
		if it == failing {
			return errBoom
		}
		if c > bound {
			return nil // counted below; returning at once keeps a wrong Run quick
		}
		select {
		case <-ctx.Done():
			// Clean up for a while: until Run has returned (which a right
			// Run never does first) or half a second has passed.
			select {
			case <-returned:
			case <-time.After(500 * time.Millisecond):
			}
			return ctx.Err()
		case <-time.After(time.Second):
			return nil
		}
	})
	running := inflight.Load()
	close(returned)
	t.Logf("Run returned %v after %v and %d calls, with %d calls still running", err, time.Since(start).Round(time.Millisecond), calls.Load(), running)
	if !errors.Is(err, errBoom) {
		t.Errorf("Run = %v, want an error wrapping errBoom", err)
	}
	if running != 0 {
		t.Errorf("%d calls were still running when Run returned: wait for every call before returning", running)
	}
	mu.Lock()
	defer mu.Unlock()
	for i, ctx := range ctxs {
		if ctx.Err() == nil {
			t.Errorf("call %d's context is not cancelled when Run returns: the first error must cancel the rest", i)
			break
		}
	}
	if c := calls.Load(); c > bound {
		t.Errorf("%d calls started, want at most %d: no new work after the first error", c, bound)
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
