//go:build workshop

package ctrlc

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
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
// TestNoInterrupt and TestCallerCancelsMidRun run Map inside a
// probe.Bubble, where time is fake: it moves only when every goroutine is
// blocked, so the counts there are exact. TestInterrupt sends a real
// signal, which cannot reach a bubble, and runs on the real clock; it
// comes first, so that no signal is sent after a Map in a bubble that
// forgot to stop listening for it.

func TestMain(m *testing.M) {
	// Start the signal package's watcher goroutine here, outside any
	// bubble: the first signal.Notify starts it, and one started inside a
	// bubble would belong to it.
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	signal.Stop(c)
	goleak.VerifyTestMain(m)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race ./docs/workshop/08-ctrl-c/")
}

func want(p strategies.Pair) int64 { return (p.A + p.B) * 100 }

// stopped is what a Map that was stopped returned, and the calls still
// running at that moment.
type stopped struct {
	out     []int64
	done    []bool
	err     error
	running int64
}

// check reports an error unless no call was running when Map returned and
// Map kept exactly the finished results: done[i] for the items whose call
// finished (finished[i]), with their values, and for no others.
func (r stopped) check(t *testing.T, in []strategies.Pair, finished []atomic.Bool) {
	t.Helper()
	if r.running != 0 {
		t.Errorf("%d calls were still running when Map returned: wait for them", r.running)
	}
	if len(r.out) != len(in) || len(r.done) != len(in) {
		t.Fatalf("Map returned %d results and %d done flags, want %d of each: keep the finished results", len(r.out), len(r.done), len(in))
	}
	for i, p := range in {
		if r.done[i] != finished[i].Load() {
			t.Errorf("item %d: done = %v, but its call %s", i, r.done[i], map[bool]string{true: "finished", false: "did not finish"}[finished[i].Load()])
		} else if r.done[i] && r.out[i] != want(p) {
			t.Errorf("item %d: out = %d, want %d", i, r.out[i], want(p))
		}
	}
}

var errFlaky = errors.New("flaky: try again later")

// TestInterrupt sends this process a real SIGINT while Map runs. The first
// items return at once; every later call waits for its context, so Map can
// only finish by stopping. Once the quick items are done and a call is
// waiting, the check sends the signal. A Map that stops cleanly cancels the
// waiting calls, waits for them (they take half a second to clean up, so
// returning without them is caught), starts nothing new, and returns
// exactly the finished results. (TestNoInterrupt asks for the calls to
// overlap; this test does not, so that a loop fails there, at once, and not
// here after a long wait.)
//
// The check catches SIGINT itself while it runs, so a Map that ignores the
// signal is not killed by it. A call whose context can never be cancelled
// (context.Background() passed through: its Done channel is nil) fails the
// check at once; one whose context is merely never cancelled waits until
// probe.Patience, and the check fails then.
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
		noCancel                 = make(chan struct{}) // closed by the first call given a context that cannot be cancelled
		noCancelOnce             sync.Once
	)
	f := func(ctx context.Context, p strategies.Pair) (int64, error) {
		calls.Add(1)
		inside.Add(1)
		defer inside.Add(-1)
		if ctx.Done() == nil {
			noCancelOnce.Do(func() { close(noCancel) })
			return 0, errors.New("this context can never be cancelled")
		}
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

	res := make(chan stopped, 1)
	go func() {
		out, done, err := Map(context.Background(), in, workers, f)
		running := inside.Load()
		close(returned)
		res <- stopped{out, done, err, running}
	}()

	// Wait, without a clock, for the quick items to finish and for a call
	// to be waiting; give up after probe.Patience.
	deadline := time.After(probe.Patience)
	waiters := 0
wait:
	for waiters < 1 || quickDone.Load() < quick {
		select {
		case <-waiting:
			waiters++
		case <-noCancel:
			<-res
			t.Fatalf("the calls were given a context that can never be cancelled (its Done channel is nil, as context.Background()'s is), so SIGINT cannot stop them: derive one with signal.NotifyContext(ctx, os.Interrupt) and pass that")
		case <-deadline:
			t.Errorf("after %v, %d of %d quick items had finished and no later call had started", probe.Patience, quickDone.Load(), quick)
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
	r.check(t, in, finished[:])
	if c := calls.Load(); c > quick+2*workers {
		t.Errorf("%d calls started, want at most %d: none after the signal", c, quick+2*workers)
	}
}

// TestNoInterrupt: with no signal every item is called once, workers calls
// run at once and never more (each holds for a fake millisecond, so every
// call Map lets start is in flight before the first returns), the items
// whose call failed (every seventh) are not done, the others are, the error
// is nil, and nothing is left running: a NotifyContext whose stop is never
// called leaves a goroutine behind.
func TestNoInterrupt(t *testing.T) {
	const n, workers = 200, 4
	in := strategies.Pairs(n)
	fails := func(p strategies.Pair) bool { return p.A%7 == 3 }
	probe.Bubble(t, func(t *testing.T) {
		o := probe.NewOverlap(workers)
		var calls [n]atomic.Int32
		out, done, err := Map(context.Background(), in, workers, func(_ context.Context, p strategies.Pair) (int64, error) {
			o.Enter()
			defer o.Exit()
			calls[p.A].Add(1)
			time.Sleep(time.Millisecond)
			if fails(p) {
				return 0, errFlaky
			}
			return want(p), nil
		})
		t.Logf("peak calls in flight: %d (workers = %d)", o.Peak(), workers)
		if err != nil {
			t.Errorf("Map = %v, want nil", err)
		}
		if len(out) != n || len(done) != n {
			t.Fatalf("Map returned %d results and %d done flags, want %d of each", len(out), len(done), n)
		}
		for i, p := range in {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("item %d called %d times, want 1", i, c)
			}
			switch {
			case fails(p) && done[i]:
				t.Fatalf("item %d: done = true, but its call returned an error", i)
			case !fails(p) && (!done[i] || out[i] != want(p)):
				t.Fatalf("item %d: done %v, out %d; want true, %d", i, done[i], out[i], want(p))
			}
		}
		if !o.Met() {
			t.Errorf("never had %d calls in flight at once (waited %v): Map must run workers calls concurrently", workers, probe.Patience)
		}
		if p := o.Peak(); p > workers {
			t.Errorf("peak calls in flight = %d, want at most workers = %d", p, workers)
		}
	})
}

// TestCallerCancelsMidRun: the caller's ctx, not a signal, is cancelled
// once the quick items are done and every worker waits in a call. Map must
// stop the same way as on SIGINT: cancel the calls, wait for them (they
// clean up for a fake hour, so a Map that does not wait is caught), start
// nothing new, and return the finished results with ctx's error.
func TestCallerCancelsMidRun(t *testing.T) {
	const n, workers, quick = 100, 4, 10
	in := strategies.Pairs(n)
	probe.Bubble(t, func(t *testing.T) {
		var (
			finished              [n]atomic.Bool
			calls, inside, gaveUp atomic.Int64
			returned              = make(chan struct{})
		)
		f := func(ctx context.Context, p strategies.Pair) (int64, error) {
			calls.Add(1)
			inside.Add(1)
			defer inside.Add(-1)
			if p.A < quick {
				finished[p.A].Store(true)
				return want(p), nil
			}
			select {
			case <-ctx.Done():
				select {
				case <-returned:
				case <-time.After(time.Hour):
				}
				return 0, ctx.Err()
			case <-time.After(time.Hour):
				gaveUp.Add(1)
				return 0, errors.New("never cancelled")
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res := make(chan stopped, 1)
		go func() {
			out, done, err := Map(ctx, in, workers, f)
			running := inside.Load()
			close(returned)
			res <- stopped{out, done, err, running}
		}()
		synctest.Wait() // the quick items are done; every worker waits in a call
		cancel()
		r := <-res
		t.Logf("Map returned %v after %d calls, with %d still running", r.err, calls.Load(), r.running)
		if gaveUp.Load() > 0 {
			t.Errorf("calls waited an hour after the caller cancelled ctx and their context was never cancelled: derive Map's context from ctx, not context.Background()")
		}
		if !errors.Is(r.err, context.Canceled) {
			t.Errorf("Map = %v, want an error wrapping context.Canceled", r.err)
		}
		r.check(t, in, finished[:])
		if c := calls.Load(); c > quick+2*workers {
			t.Errorf("%d calls started, want at most %d: none after the cancel", c, quick+2*workers)
		}
	})
}
