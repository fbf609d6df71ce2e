//go:build workshop

package streaming

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/docs/workshop/internal/probe"
	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it. Run it as the README says,
// with -race.
//
// Most checks run Stream inside a probe.Bubble, where time is fake: it
// moves only when every goroutine is blocked, and synctest.Wait returns
// once they all are. So "the workers have all stopped" and "a call cleans
// up for an hour" are events the check can wait for without a clock, and
// the counts below are exact.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func want(p strategies.Pair) int64 { return (p.A + p.B) * 100 }

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race ./docs/workshop/09-streaming/")
}

// TestAll: every item comes out exactly once with its own value, and the
// calls overlap (the first two wait for each other, up to probe.Patience).
func TestAll(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 2}, {1, 3}, {100, 1}, {1000, 4}} {
		probe.Bubble(t, func(t *testing.T) {
			in := strategies.Pairs(tc.n)
			o := probe.NewOverlap(min(tc.workers, tc.n, 2))
			f := func(_ context.Context, p strategies.Pair) int64 {
				o.Enter()
				defer o.Exit()
				return want(p)
			}
			seen := make([]int, tc.n)
			for i, v := range Stream(context.Background(), in, tc.workers, f) {
				if i < 0 || i >= tc.n {
					t.Fatalf("n=%d: yielded index %d", tc.n, i)
				}
				seen[i]++
				if v != want(in[i]) {
					t.Errorf("n=%d: item %d = %d, want %d", tc.n, i, v, want(in[i]))
				}
			}
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d workers=%d: item %d yielded %d times, want once", tc.n, tc.workers, i, c)
				}
			}
			if tc.n > 0 && !o.Met() {
				t.Errorf("n=%d workers=%d: no two calls ever ran at once (waited %v)", tc.n, tc.workers, probe.Patience)
			}
		})
	}
}

// TestCompletionOrder: item 0's call waits until the consumer has received
// another item's result. A stream in completion order delivers that result
// while item 0 waits; one that yields in input order, or computes
// everything before yielding anything, or one item at a time, never does,
// and item 0 gives up after probe.Patience.
func TestCompletionOrder(t *testing.T) {
	const n, workers = 50, 2
	in := strategies.Pairs(n)
	probe.Bubble(t, func(t *testing.T) {
		other := make(chan struct{}) // closed when the consumer has another result
		var once sync.Once
		var gaveUp atomic.Bool
		f := func(_ context.Context, p strategies.Pair) int64 {
			if p.A == 0 {
				select {
				case <-other:
				case <-time.After(probe.Patience):
					gaveUp.Store(true)
				}
			}
			return want(p)
		}
		var order []int
		for i := range Stream(context.Background(), in, workers, f) {
			order = append(order, i)
			if i != 0 {
				once.Do(func() { close(other) })
			}
		}
		once.Do(func() { close(other) })
		if gaveUp.Load() {
			t.Errorf("item 0 waited %v for the consumer to receive another result: yield each result as its call finishes, while the others still run", probe.Patience)
		}
		if len(order) != n {
			t.Fatalf("yielded %d items, want %d", len(order), n)
		}
		if order[0] == 0 {
			t.Errorf("item 0, the slowest, came first: the stream is in input order, want completion order")
		}
	})
}

// TestBackpressure: the consumer takes one result and then sits on it until
// every goroutine is blocked. Calls are instant, so a Stream without
// backpressure has run through the whole input by then; one with it has
// started at most 2*workers more calls.
func TestBackpressure(t *testing.T) {
	const n, workers = 1000, 2
	const bound = 1 + 2*workers // the one taken, and 2*workers more
	probe.Bubble(t, func(t *testing.T) {
		var started atomic.Int64
		f := func(_ context.Context, p strategies.Pair) int64 {
			started.Add(1)
			return want(p)
		}
		var whileStalled int64
		count := 0
		for range Stream(context.Background(), strategies.Pairs(n), workers, f) {
			if count == 0 {
				synctest.Wait() // every worker has stopped for lack of a taker
				whileStalled = started.Load()
			}
			count++
		}
		t.Logf("calls started while the consumer sat on its first result: %d (bound %d)", whileStalled, bound)
		if whileStalled > bound {
			t.Errorf("%d calls started while the consumer had taken 1 result, want at most %d: the workers must wait for the consumer", whileStalled, bound)
		}
		if count != n {
			t.Errorf("yielded %d items, want %d", count, n)
		}
	})
}

// stoppable is the f of the checks that end the stream early: items below
// quick return at once; every other call waits for its context, then
// cleans up for a (fake) hour or until the range loop has ended, which a
// right Stream never lets happen first, so one that returns without
// waiting for its calls, even after a sleep, is caught with calls running.
// A call that waits an hour without being cancelled gives up and says so.
// Calls beyond bound return at once, to keep a wrong Stream quick; they are
// counted.
type stoppable struct {
	quick, bound int64
	ended        chan struct{} // closed once the range loop has ended
	calls        atomic.Int64
	inflight     atomic.Int64
	gaveUp       atomic.Bool
}

func newStoppable(quick, bound int64) *stoppable {
	return &stoppable{quick: quick, bound: bound, ended: make(chan struct{})}
}

func (s *stoppable) f(ctx context.Context, p strategies.Pair) int64 {
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	if c := s.calls.Add(1); p.A < s.quick || c > s.bound {
		return want(p)
	}
	select {
	case <-ctx.Done():
		select {
		case <-s.ended:
		case <-time.After(time.Hour):
		}
	case <-time.After(time.Hour):
		s.gaveUp.Store(true)
	}
	return 0
}

// end, called as the range loop ends after got results, reports an error
// unless what ended the stream (what: "the break") cancelled every call
// still running, Stream waited for them all, and no call started after;
// fix says how to get the cancel through.
func (s *stoppable) end(t *testing.T, got int, what, fix string) {
	t.Helper()
	running := s.inflight.Load()
	close(s.ended)
	t.Logf("the loop ended after %d results and %d calls, with %d calls still running", got, s.calls.Load(), running)
	if s.gaveUp.Load() {
		t.Errorf("calls waited an hour after %s and their context was never cancelled: %s", what, fix)
	}
	if running != 0 {
		t.Errorf("%d calls were still running when the loop ended: wait for them before returning (a sleep is not a wait)", running)
	}
	if c := s.calls.Load(); c > s.bound {
		t.Errorf("%d calls started, want at most %d: none after %s", c, s.bound, what)
	}
}

// TestBreak: the first items return at once, the others wait for their
// context. The consumer takes the quick results and, once every worker is
// waiting in a call, breaks. Stream must cancel the waiting calls and wait
// for them before the loop ends. Run a few times: how the workers stand
// when the cancel lands (in the call, or sending its result) varies.
func TestBreak(t *testing.T) {
	const n, workers, quick = 100, 4, 10
	const bound = quick + 2*workers
	for range 5 {
		probe.Bubble(t, func(t *testing.T) {
			s := newStoppable(quick, bound)
			got := 0
			for range Stream(context.Background(), strategies.Pairs(n), workers, s.f) {
				if got++; got == quick {
					synctest.Wait() // every worker is in a call that waits
					break
				}
			}
			s.end(t, got, "the break", "cancel on break")
		})
	}
}

// TestBreakAfterFirst: calls are instant, and the consumer breaks right
// after the first result, once every worker is blocked sending a result
// nobody will take. Stream must still get every worker to return: a
// cancel that the blocked sends do not see, followed by a wait, deadlocks
// (the check reports it); closing the channel under them panics.
func TestBreakAfterFirst(t *testing.T) {
	const n, workers = 100, 4
	const bound = 1 + 2*workers
	probe.Bubble(t, func(t *testing.T) {
		var calls atomic.Int64
		f := func(_ context.Context, p strategies.Pair) int64 {
			calls.Add(1)
			return want(p)
		}
		got := 0
		for range Stream(context.Background(), strategies.Pairs(n), workers, f) {
			got++
			synctest.Wait() // every worker holds a result, or has stopped
			break
		}
		t.Logf("the loop ended after %d result and %d calls", got, calls.Load())
		if got != 1 {
			t.Errorf("yielded %d results, want 1 before the break", got)
		}
		if c := calls.Load(); c > bound {
			t.Errorf("%d calls started, want at most %d: the workers must wait for the consumer, and stop on break", c, bound)
		}
	})
}

// TestCallerCancelsMidRun: the caller cancels ctx once the quick results
// are in and every worker waits in a call. The stream must end early, the
// cancel must reach the calls, and every call must have returned when the
// loop ends.
func TestCallerCancelsMidRun(t *testing.T) {
	const n, workers, quick = 100, 4, 10
	const bound = quick + 2*workers
	probe.Bubble(t, func(t *testing.T) {
		s := newStoppable(quick, bound)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		got := 0
		for range Stream(ctx, strategies.Pairs(n), workers, s.f) {
			if got++; got == quick {
				synctest.Wait() // every worker is in a call that waits
				cancel()
			}
		}
		s.end(t, got, "the caller cancelled ctx", "derive the workers' context from ctx")
		if got >= n {
			t.Errorf("yielded all %d results after ctx was cancelled at %d: end the stream when ctx is done", got, quick)
		}
	})
}
