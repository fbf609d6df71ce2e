//go:build workshop

package ctrlc

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
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

// TestNoInterrupt: with no signal every item finishes, the calls overlap
// (the first two wait for each other, up to probe.Patience), the error is
// nil, and nothing is left running: a NotifyContext whose stop is never
// called leaves a goroutine behind, which goleak reports.
func TestNoInterrupt(t *testing.T) {
	defer goleak.VerifyNone(t)
	const n, workers = 200, 4
	o := probe.NewOverlap(2)
	out, done, err := Map(context.Background(), strategies.Pairs(n), workers, func(_ context.Context, p strategies.Pair) (int64, error) {
		o.Enter()
		defer o.Exit()
		return want(p), nil
	})
	if err != nil {
		t.Errorf("Map = %v, want nil", err)
	}
	for i, p := range strategies.Pairs(n) {
		if !done[i] || out[i] != want(p) {
			t.Fatalf("item %d: done %v, out %d; want true, %d", i, done[i], out[i], want(p))
		}
	}
	if !o.Met() {
		t.Errorf("no two calls ever ran at once (waited %v): Map must run up to workers calls concurrently", probe.Patience)
	}
}

// TestInterrupt sends this process a real SIGINT while Map runs. The first
// items return at once; every later call waits for its context, so Map can
// only finish by stopping. Once the quick items are done and the workers
// are all waiting, the check sends the signal. A Map that stops cleanly
// cancels the waiting calls, waits for them (they take half a second to
// clean up, so returning without them is caught), starts nothing new, and
// returns exactly the finished results.
//
// The check catches SIGINT itself while it runs, so a Map that ignores the
// signal is not killed by it: its calls wait until probe.Patience and the
// check fails.
func TestInterrupt(t *testing.T) {
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	safety := make(chan os.Signal, 1)
	signal.Notify(safety, os.Interrupt)
	defer signal.Stop(safety)

	const n, workers, quick = 100, 4, 10
	in := strategies.Pairs(n)
	// The waiting calls give up together, probe.Patience after the signal,
	// so a Map that never stops fails after Patience, not after Patience for
	// each of its calls.
	patience, giveUp := context.WithCancel(context.Background())
	defer giveUp()
	var (
		finished                 [n]atomic.Bool
		quickDone, calls, inside atomic.Int64
		waiting                  = make(chan struct{}, n) // one send per call that starts waiting
		gaveUp                   atomic.Bool
		returned                 = make(chan struct{}) // closed once Map has returned
	)
	f := func(ctx context.Context, p strategies.Pair) (int64, error) {
		calls.Add(1)
		inside.Add(1)
		defer inside.Add(-1)
		if p.A < quick {
			finished[p.A].Store(true)
			quickDone.Add(1)
			return want(p), nil
		}
		waiting <- struct{}{}
		select {
		case <-ctx.Done():
			select { // clean up, until Map has returned or for half a second
			case <-returned:
			case <-time.After(500 * time.Millisecond):
			}
			return 0, ctx.Err()
		case <-patience.Done():
			gaveUp.Store(true)
			return 0, errors.New("never cancelled")
		}
	}

	type result struct {
		out     []int64
		done    []bool
		err     error
		running int64
	}
	res := make(chan result, 1)
	go func() {
		out, done, err := Map(context.Background(), in, workers, f)
		running := inside.Load()
		close(returned)
		res <- result{out, done, err, running}
	}()

	// Wait, without a clock, for the quick items to finish and for two
	// calls to be waiting at once; give up after probe.Patience.
	deadline := time.After(probe.Patience)
	waiters := 0
wait:
	for waiters < 2 || quickDone.Load() < quick {
		select {
		case <-waiting:
			waiters++
		case <-deadline:
			t.Errorf("after %v, %d of %d quick items had finished and %d calls were waiting at once: Map must run up to workers calls concurrently", probe.Patience, quickDone.Load(), quick, waiters)
			break wait
		case <-time.After(time.Millisecond): // look at quickDone again
		}
	}
	if err := self.Signal(os.Interrupt); err != nil {
		t.Skipf("cannot send SIGINT to this process: %v", err)
	}
	time.AfterFunc(probe.Patience, giveUp)

	r := <-res
	<-safety
	t.Logf("Map returned %v after %d calls, with %d still running; %d quick items finished", r.err, calls.Load(), r.running, quickDone.Load())
	if gaveUp.Load() {
		t.Fatalf("calls waited %v after SIGINT and their context was never cancelled: use signal.NotifyContext(ctx, os.Interrupt)", probe.Patience)
	}
	if r.err == nil || !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "interrupt") {
		t.Errorf("Map = %v, want the cause of the stop: an error that wraps context.Canceled and says %q (context.Cause)", r.err, "interrupt signal received")
	}
	if r.running != 0 {
		t.Errorf("%d calls were still running when Map returned: wait for them", r.running)
	}
	if len(r.out) != n || len(r.done) != n {
		t.Fatalf("Map returned %d results and %d done flags, want %d of each: keep the finished results", len(r.out), len(r.done), n)
	}
	for i, p := range in {
		if r.done[i] != finished[i].Load() {
			t.Errorf("item %d: done = %v, but its call %s", i, r.done[i], map[bool]string{true: "finished", false: "did not finish"}[finished[i].Load()])
		} else if r.done[i] && r.out[i] != want(p) {
			t.Errorf("item %d: out = %d, want %d", i, r.out[i], want(p))
		}
	}
	if c := calls.Load(); c > quick+2*workers {
		t.Errorf("%d calls started, want at most %d: none after the signal", c, quick+2*workers)
	}
}
