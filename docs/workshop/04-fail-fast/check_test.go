//go:build workshop

package failfast

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/docs/workshop/internal/probe"
)

// This file is the frozen check: do not edit it. Run it as the README says,
// with -race.
//
// The checks run Run inside a probe.Bubble, where time is fake: it moves
// only when every goroutine is blocked. A call that sleeps an hour there
// returns at once in real time, but only after everything else that could
// run has run, so the counts below are exact, not a matter of luck.

var errBoom = errors.New("boom")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race ./docs/workshop/04-fail-fast/")
}

func itemsUpTo(n int) []int {
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	return items
}

// TestRunAllSucceed: every item is called once, and the calls run workers
// at a time, never more. Each call holds for a (fake) millisecond, so every
// call Run lets start is in flight before the first one returns: a Run
// without a limit, or with a loose one, is seen over it every time, and one
// that runs fewer calls at once (a loop) never has workers of them in
// flight (the first workers calls wait for each other, up to
// probe.Patience).
func TestRunAllSucceed(t *testing.T) {
	const n, workers = 1000, 4
	probe.Bubble(t, func(t *testing.T) {
		var calls [n]atomic.Int32
		o := probe.NewOverlap(workers)
		err := Run(context.Background(), itemsUpTo(n), workers, func(_ context.Context, it int) error {
			o.Enter()
			defer o.Exit()
			calls[it].Add(1)
			time.Sleep(time.Millisecond)
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
			t.Errorf("never had %d calls in flight at once (waited %v): Run must run workers calls concurrently", workers, probe.Patience)
		}
		if p := o.Peak(); p > workers {
			t.Errorf("peak calls in flight = %d, want at most workers = %d", p, workers)
		}
	})
}

// stoppable is the f of the checks that stop Run: item failing (if >= 0)
// fails a fake millisecond in; every other call waits for its context to be cancelled,
// then cleans up for a (fake) hour or until Run has returned, which a right
// Run never does first, so a Run that returns without waiting, even after
// a sleep of its own, is caught with calls running. A call that waits an
// hour without being cancelled gives up and says so. Calls beyond bound
// return at once, to keep a wrong Run quick; they are counted.
type stoppable struct {
	failing, bound int64
	returned       chan struct{} // closed once Run has returned
	calls          atomic.Int64
	inflight       atomic.Int64
	gaveUp         atomic.Bool
	mu             sync.Mutex
	ctxs           []context.Context
}

func newStoppable(failing, bound int64) *stoppable {
	return &stoppable{failing: failing, bound: bound, returned: make(chan struct{})}
}

func (s *stoppable) f(ctx context.Context, it int) error {
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	c := s.calls.Add(1)
	s.mu.Lock()
	s.ctxs = append(s.ctxs, ctx)
	s.mu.Unlock()
	if int64(it) == s.failing {
		// Fail a (fake) millisecond in: by then every call Run let start
		// is in flight, since fake time moves only when all are blocked.
		time.Sleep(time.Millisecond)
		return errBoom
	}
	if c > s.bound {
		return nil
	}
	select {
	case <-ctx.Done():
		select {
		case <-s.returned:
		case <-time.After(time.Hour):
		}
		return ctx.Err()
	case <-time.After(time.Hour):
		s.gaveUp.Store(true)
		return nil
	}
}

// run calls Run and returns its error and the calls still running when it
// returned.
func (s *stoppable) run(ctx context.Context, items []int, workers int) (running int64, err error) {
	err = Run(ctx, items, workers, s.f)
	running = s.inflight.Load()
	close(s.returned)
	return running, err
}

// allCancelled reports an error if a call's context is not cancelled.
func (s *stoppable) allCancelled(t *testing.T, why string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, ctx := range s.ctxs {
		if ctx.Err() == nil {
			t.Errorf("call %d's context is not cancelled when Run returns: %s", i, why)
			return
		}
	}
}

// TestRunFailFast: item 3 fails almost at once; every other call waits for its
// context. A fail-fast Run cancels them, starts hardly anything new, and
// returns only after every call has returned: the check counts the calls
// still running at the moment Run returns, which must be none. (goleak
// alone would not see a Run that returns before its calls do: it retries
// until the stragglers have exited.)
func TestRunFailFast(t *testing.T) {
	const n, workers, failing = 1000, 4, 3
	const bound = 2*workers + failing + 1 // calls that may start before the failure is seen
	probe.Bubble(t, func(t *testing.T) {
		s := newStoppable(failing, bound)
		running, err := s.run(context.Background(), itemsUpTo(n), workers)
		t.Logf("Run returned %v after %d calls, with %d calls still running", err, s.calls.Load(), running)
		if !errors.Is(err, errBoom) {
			t.Errorf("Run = %v, want an error wrapping errBoom", err)
		}
		if s.gaveUp.Load() {
			t.Errorf("a call waited an hour after item %d failed and its context was never cancelled: the first error must cancel the rest", failing)
		}
		if running != 0 {
			t.Errorf("%d calls were still running when Run returned: wait for every call before returning (a sleep is not a wait)", running)
		}
		s.allCancelled(t, "the first error must cancel the rest")
		if c := s.calls.Load(); c > bound {
			t.Errorf("%d calls started, want at most %d: no new work after the first error", c, bound)
		}
	})
}

// TestRunCallerCancelsMidRun: the caller cancels ctx while workers calls
// are waiting for their context. Run must pass the cancel on to them, start
// nothing new, wait for them, and return an error wrapping
// context.Canceled.
func TestRunCallerCancelsMidRun(t *testing.T) {
	const n, workers = 100, 4
	const bound = 2 * workers
	probe.Bubble(t, func(t *testing.T) {
		s := newStoppable(-1, bound)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		type result struct {
			err     error
			running int64
		}
		res := make(chan result, 1)
		go func() {
			running, err := s.run(ctx, itemsUpTo(n), workers)
			res <- result{err, running}
		}()
		synctest.Wait() // every call Run started is waiting for its context
		started := s.calls.Load()
		cancel()
		r := <-res
		t.Logf("%d calls were waiting when the caller cancelled; Run returned %v after %d calls, with %d still running", started, r.err, s.calls.Load(), r.running)
		if started != workers {
			t.Errorf("%d calls were in flight with nothing to stop them, want workers = %d", started, workers)
		}
		if s.gaveUp.Load() {
			t.Errorf("a call waited an hour after the caller cancelled ctx and its context was never cancelled: derive the calls' context from ctx")
		}
		if !errors.Is(r.err, context.Canceled) {
			t.Errorf("Run = %v, want an error wrapping context.Canceled", r.err)
		}
		if r.running != 0 {
			t.Errorf("%d calls were still running when Run returned: wait for every call before returning", r.running)
		}
		s.allCancelled(t, "a cancel of ctx must reach every call")
		if c := s.calls.Load(); c > bound {
			t.Errorf("%d calls started, want at most %d: no new work after ctx is cancelled", c, bound)
		}
	})
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
