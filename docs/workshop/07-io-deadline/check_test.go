//go:build workshop

package iobound

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/docs/workshop/internal/probe"
	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it. Run it as the README says,
// with -race.
//
// The checks run FetchAll inside a probe.Bubble, where time is fake: it
// moves only when every goroutine is blocked. A reply that takes 200 ms
// there takes no real time, but every call FetchAll lets start has started
// before it comes, and a deadline passes exactly when the fake clock says:
// the counts below are exact, and no check depends on how busy the machine
// is.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race ./docs/workshop/07-io-deadline/")
}

func want(in []strategies.Pair) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = (p.A + p.B) * 100
	}
	return out
}

// TestFetchAll asks for limit calls at once, never more. The first limit
// calls wait for each other (up to probe.Patience), so a FetchAll that
// waits for one reply at a time fails. They then take 200 ms, where the
// others take 1 ms: a FetchAll without a limit starts all the other calls
// before the first reply, and is seen with more than limit in flight.
func TestFetchAll(t *testing.T) {
	const n, limit = 50, 5
	in := strategies.Pairs(n)
	probe.Bubble(t, func(t *testing.T) {
		slow, fast := Latency(200*time.Millisecond, 100), Latency(time.Millisecond, 100)
		o := probe.NewOverlap(limit)
		var calls atomic.Int64
		fetch := func(ctx context.Context, p strategies.Pair) (int64, error) {
			c := calls.Add(1)
			o.Enter()
			defer o.Exit()
			if c <= limit {
				return slow(ctx, p)
			}
			return fast(ctx, p)
		}
		got, err := FetchAll(context.Background(), in, limit, time.Minute, fetch)
		t.Logf("%d calls, peak in flight %d (limit %d)", calls.Load(), o.Peak(), limit)
		if err != nil {
			t.Fatalf("FetchAll = %v, want nil", err)
		}
		if w := want(in); !slices.Equal(got, w) {
			t.Errorf("FetchAll = %v, want %v", got, w)
		}
		if !o.Met() {
			t.Errorf("never had %d calls in flight at once (waited %v for them): waits overlap for free, so run limit of them at once", limit, probe.Patience)
		}
		if p := o.Peak(); p > limit {
			t.Errorf("peak calls in flight = %d, want at most limit = %d", p, limit)
		}
	})
}

// hanging is the fetch of the checks that stop FetchAll: item failing (if
// >= 0) fails a fake millisecond in; every other call waits for its context, records why
// it was cancelled, then cleans up for a (fake) hour or until FetchAll has
// returned, which a right FetchAll never does first, so one that returns
// without waiting for its calls is caught with calls running. A call that
// waits giveUp without being cancelled gives up and says so.
type hanging struct {
	failing  int64
	giveUp   time.Duration
	returned chan struct{} // closed once FetchAll has returned
	calls    atomic.Int64
	inflight atomic.Int64
	gaveUp   atomic.Bool
	mu       sync.Mutex
	causes   []error // ctx.Err() of each call that was cancelled
}

func newHanging(failing int64, giveUp time.Duration) *hanging {
	return &hanging{failing: failing, giveUp: giveUp, returned: make(chan struct{})}
}

var errBoom = errors.New("boom: the server said no")

func (h *hanging) fetch(ctx context.Context, p strategies.Pair) (int64, error) {
	h.inflight.Add(1)
	defer h.inflight.Add(-1)
	h.calls.Add(1)
	if p.A == h.failing {
		// Fail a (fake) millisecond in: by then every call FetchAll let
		// start is in flight, since fake time moves only when all are
		// blocked.
		time.Sleep(time.Millisecond)
		return 0, errBoom
	}
	select {
	case <-ctx.Done():
		h.mu.Lock()
		h.causes = append(h.causes, ctx.Err())
		h.mu.Unlock()
		select {
		case <-h.returned:
		case <-time.After(time.Hour):
		}
		return 0, ctx.Err()
	case <-h.returned:
		return 0, errors.New("abandoned: FetchAll returned without cancelling this call")
	case <-time.After(h.giveUp):
		h.gaveUp.Store(true)
		return 0, errors.New("no answer and no cancel")
	}
}

// run calls FetchAll and returns its results and error and the calls still
// running when it returned.
func (h *hanging) run(in []strategies.Pair, limit int, timeout time.Duration) (got []int64, running int64, err error) {
	got, err = FetchAll(context.Background(), in, limit, timeout, h.fetch)
	running = h.inflight.Load()
	close(h.returned)
	return got, running, err
}

// TestDeadline: no call ever answers; each waits for its context. A
// FetchAll with a deadline cancels them all when it passes, and returns an
// error wrapping context.DeadlineExceeded once every call has returned.
// The cancelled calls clean up for a (fake) hour, so a FetchAll that
// returns at the deadline without waiting for them is caught with calls
// still running. Without a deadline the calls give up after probe.Patience
// and say so.
func TestDeadline(t *testing.T) {
	const n, limit = 20, 4
	const timeout = 50 * time.Millisecond
	probe.Bubble(t, func(t *testing.T) {
		h := newHanging(-1, probe.Patience)
		got, running, err := h.run(strategies.Pairs(n), limit, timeout)
		t.Logf("FetchAll returned %v after %d calls, with %d calls still running", err, h.calls.Load(), running)
		if h.gaveUp.Load() {
			t.Errorf("a call waited %v and its context was never cancelled: FetchAll must put every call under one deadline (timeout = %v)", probe.Patience, timeout)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("FetchAll = %v, want an error wrapping context.DeadlineExceeded", err)
		}
		if got != nil {
			t.Errorf("FetchAll returned results %v with its error, want nil", got)
		}
		if running != 0 {
			t.Errorf("%d calls were still running when FetchAll returned: cancel them and wait for them", running)
		}
		if c := h.calls.Load(); c > 2*limit {
			t.Errorf("%d calls started, want at most %d: none after the deadline", c, 2*limit)
		}
	})
}

// TestDeadlineForTheBatch: every call answers in 0.6 * timeout, well within
// the timeout on its own, but the 20 calls, 4 at a time, take five rounds:
// the deadline is one for the whole batch, so it passes during the second
// round. A timeout per call never fires here.
func TestDeadlineForTheBatch(t *testing.T) {
	const n, limit = 20, 4
	const timeout = 50 * time.Millisecond
	probe.Bubble(t, func(t *testing.T) {
		var calls atomic.Int64
		reply := Latency(timeout*6/10, 100)
		fetch := func(ctx context.Context, p strategies.Pair) (int64, error) {
			calls.Add(1)
			return reply(ctx, p)
		}
		start := time.Now()
		got, err := FetchAll(context.Background(), strategies.Pairs(n), limit, timeout, fetch)
		took := time.Since(start) // fake time: exact
		t.Logf("FetchAll returned %v after %v (fake) and %d calls", err, took, calls.Load())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("FetchAll = %v after %v, want an error wrapping context.DeadlineExceeded at %v: one deadline for all the calls, not one per call", err, took, timeout)
		}
		if got != nil {
			t.Errorf("FetchAll returned %d results with its error, want nil", len(got))
		}
		if c := calls.Load(); c > 3*limit {
			t.Errorf("%d calls started, want at most %d: none after the deadline", c, 3*limit)
		}
	})
}

// TestFirstErrorCancels: item 2's call fails a millisecond in with an
// ordinary error, long before the deadline (an hour); every other call waits for its
// context. The error must cancel them (their context says
// context.Canceled, not DeadlineExceeded an hour later), and FetchAll must
// return it once they have returned.
func TestFirstErrorCancels(t *testing.T) {
	const n, limit, failing = 20, 4, 2
	probe.Bubble(t, func(t *testing.T) {
		h := newHanging(failing, 2*time.Hour)
		got, running, err := h.run(strategies.Pairs(n), limit, time.Hour)
		t.Logf("FetchAll returned %v after %d calls, with %d calls still running; the calls' contexts said %v", err, h.calls.Load(), running, h.causes)
		if !errors.Is(err, errBoom) {
			t.Errorf("FetchAll = %v, want an error wrapping the failing call's", err)
		}
		if got != nil {
			t.Errorf("FetchAll returned results %v with its error, want nil", got)
		}
		if h.gaveUp.Load() {
			t.Errorf("a call was never cancelled: the first error must cancel the calls still running")
		}
		for _, c := range h.causes {
			if !errors.Is(c, context.Canceled) {
				t.Errorf("a call's context ended with %v, want context.Canceled at the moment item %d failed: pass the calls the group's context, which the first error cancels", c, failing)
				break
			}
		}
		if running != 0 {
			t.Errorf("%d calls were still running when FetchAll returned: wait for them", running)
		}
		if c := h.calls.Load(); c > 2*limit {
			t.Errorf("%d calls started, want at most %d: none after the first error", c, 2*limit)
		}
	})
}

func TestLatency(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Latency(time.Hour, 100)(ctx, strategies.Pair{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Latency on a cancelled context = %v, want context.Canceled", err)
	}
	if v, err := Latency(0, 100)(context.Background(), strategies.Pair{A: 1, B: 101}); v != 10200 || err != nil {
		t.Errorf("Latency(0)(1, 101) = %d, %v, want 10200, nil", v, err)
	}
}
