//go:build workshop

package streaming

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/docs/workshop/internal/probe"
	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func want(p strategies.Pair) int64 { return (p.A + p.B) * 100 }

// TestAll: every item comes out exactly once with its own value, and the
// calls overlap (the first two wait for each other, up to probe.Patience).
func TestAll(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, tc := range []struct{ n, workers int }{{0, 2}, {1, 3}, {100, 1}, {1000, 4}} {
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
	}
}

// TestCompletionOrder: item 0's call waits until the consumer has received
// another item's result. A stream in completion order delivers that result
// while item 0 waits; one that yields in input order, or computes
// everything before yielding anything, or one item at a time, never does,
// and item 0 gives up after probe.Patience.
func TestCompletionOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	const n, workers = 50, 2
	in := strategies.Pairs(n)
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
}

// TestBackpressure: the consumer takes one result and then sits on it.
// Calls are instant, so a Stream without backpressure runs ahead through
// the whole input at once; one with it stops after at most 2*workers more
// calls. The consumer sits for half a second, or until it has seen too
// many calls start. A right answer never fails here; only a wrong one that
// got no CPU for that half second could slip through.
func TestBackpressure(t *testing.T) {
	defer goleak.VerifyNone(t)
	const n, workers = 1000, 2
	const bound = 1 + 2*workers // the one taken, and 2*workers more
	var started atomic.Int64
	over := make(chan struct{})
	var once sync.Once
	f := func(_ context.Context, p strategies.Pair) int64 {
		if started.Add(1) > bound {
			once.Do(func() { close(over) })
		}
		return want(p)
	}
	var whileStalled int64
	count := 0
	for range Stream(context.Background(), strategies.Pairs(n), workers, f) {
		if count == 0 {
			select {
			case <-over:
			case <-time.After(500 * time.Millisecond):
			}
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
}

// TestBreak: the first items return at once, the others wait for their
// context. The consumer takes the quick results and, once two calls are
// waiting, breaks. Stream must cancel the waiting calls and wait for them:
// they take half a second to clean up after the cancel, so a Stream that
// returns without them is caught with calls still running when the loop
// ends.
func TestBreak(t *testing.T) {
	defer goleak.VerifyNone(t)
	const n, workers, quick = 100, 4, 10
	var calls, inflight atomic.Int64
	var gaveUp atomic.Bool
	waiting := make(chan struct{}, n) // one send per call that starts waiting
	ended := make(chan struct{})      // closed once the range loop has ended
	// The waiting calls give up together, probe.Patience from now.
	patience, cancel := context.WithTimeout(context.Background(), probe.Patience)
	defer cancel()
	f := func(ctx context.Context, p strategies.Pair) int64 {
		inflight.Add(1)
		defer inflight.Add(-1)
		if c := calls.Add(1); p.A < quick || c > quick+2*workers {
			return want(p) // quick, or past the bound (counted below)
		}
		waiting <- struct{}{}
		select {
		case <-ctx.Done():
			select { // clean up, until the loop has ended or for half a second
			case <-ended:
			case <-time.After(500 * time.Millisecond):
			}
		case <-patience.Done():
			gaveUp.Store(true)
		}
		return 0
	}
	got := 0
	for range Stream(context.Background(), strategies.Pairs(n), workers, f) {
		if got++; got < quick {
			continue
		}
		select { // two calls waiting at once, or give up
		case <-waiting:
			select {
			case <-waiting:
			case <-patience.Done():
			}
		case <-patience.Done():
		}
		break
	}
	running := inflight.Load()
	close(ended)
	t.Logf("the loop ended after %d results and %d calls, with %d calls still running", got, calls.Load(), running)
	if gaveUp.Load() {
		t.Errorf("calls waited %v and their context was never cancelled: cancel on break", probe.Patience)
	}
	if running != 0 {
		t.Errorf("%d calls were still running when the loop ended: wait for them before returning", running)
	}
	if c := calls.Load(); c > quick+2*workers {
		t.Errorf("%d calls started, want at most %d: none after the break", c, quick+2*workers)
	}
}
