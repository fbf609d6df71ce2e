//go:build workshop

package iobound

import (
	"context"
	"errors"
	"slices"
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

// TestFetchAll asks for limit calls at once, never more. The first limit
// calls wait for each other (up to probe.Patience), so a FetchAll that
// waits for one reply at a time fails however fast the machine is. They
// then take 200 ms, where the others take 1 ms: a FetchAll without a limit
// starts the other calls during that time, and is seen with more than limit
// in flight. Nothing here fails because a call took long.
func TestFetchAll(t *testing.T) {
	const n, limit = 50, 5
	in := strategies.Pairs(n)
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
	want := make([]int64, n)
	for i, p := range in {
		want[i] = (p.A + p.B) * 100
	}
	if !slices.Equal(got, want) {
		t.Errorf("FetchAll = %v, want %v", got, want)
	}
	if !o.Met() {
		t.Errorf("never had %d calls in flight at once (waited %v for them): waits overlap for free, so run limit of them at once", limit, probe.Patience)
	}
	if p := o.Peak(); p > limit {
		t.Errorf("peak calls in flight = %d, want at most limit = %d", p, limit)
	}
}

// TestDeadline: no call ever answers; each waits for its context. A
// FetchAll with a deadline cancels them all when it passes, and returns an
// error wrapping context.DeadlineExceeded once every call has returned.
// After being cancelled, the calls take half a second to clean up, so a
// FetchAll that returns at the deadline without waiting for them is caught
// with calls still running. A FetchAll with no deadline at all would wait
// forever; here the calls give up after probe.Patience and report it.
func TestDeadline(t *testing.T) {
	const n, limit = 20, 4
	const timeout = 50 * time.Millisecond
	var (
		calls, inflight atomic.Int64
		gaveUp          atomic.Bool
		returned        = make(chan struct{}) // closed once FetchAll has returned
	)
	fetch := func(ctx context.Context, p strategies.Pair) (int64, error) {
		inflight.Add(1)
		defer inflight.Add(-1)
		calls.Add(1)
		select {
		case <-ctx.Done():
			select { // clean up, until FetchAll has returned or for half a second
			case <-returned:
			case <-time.After(500 * time.Millisecond):
			}
			return 0, ctx.Err()
		case <-returned:
			return 0, errors.New("abandoned: FetchAll returned without cancelling this call")
		case <-time.After(probe.Patience):
			gaveUp.Store(true)
			return 0, errors.New("no answer and no deadline")
		}
	}
	start := time.Now()
	got, err := FetchAll(context.Background(), strategies.Pairs(n), limit, timeout, fetch)
	running := inflight.Load()
	close(returned)
	t.Logf("FetchAll returned %v after %v and %d calls, with %d calls still running", err, time.Since(start).Round(time.Millisecond), calls.Load(), running)
	if gaveUp.Load() {
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
	if c := calls.Load(); c > 2*limit {
		t.Errorf("%d calls started, want at most %d: none after the deadline", c, 2*limit)
	}
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
