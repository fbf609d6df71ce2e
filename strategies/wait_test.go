package strategies_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concbench/concbench/strategies"
)

// The tests of Kernel.Wait. None of them times a wait: a wait they need to
// last lasts an hour, so a strategy passes by how it behaves, not by how
// fast the machine is, and a wait that is never cut short shows up as a
// Map that does not return (see returns).

// longWait is a wait no test outlives: an item that is waiting when a test
// looks is still waiting.
const longWait = time.Hour

// patience is how long a test waits for a Map that must return; only a
// broken strategy needs more than a sliver of it.
const patience = 30 * time.Second

// returns runs f on its own goroutine and returns its error, or fails t
// after patience: a Map whose wait ignores its context never returns.
func returns(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(patience):
		t.Fatalf("%s: still running after %v: a wait ignores its context", what, patience)
		return nil
	}
}

// withLimits is every strategy, then the references, which honour waits too.
func withLimits(t *testing.T) []strategies.Strategy {
	t.Helper()
	ls := strategies.Limits()
	t.Cleanup(func() { closeAll(t, ls) })
	return append(all(t), ls...)
}

// serial are the shapes that run one item at a time.
var serial = []string{"sequential", "loop"}

func TestWaitEqualsSequential(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 3, Wait: time.Microsecond}
	for _, s := range withLimits(t) {
		for _, n := range []int{0, 1, 7, 100} {
			for _, w := range []int{1, 3, 0} {
				t.Run(fmt.Sprintf("strategy=%s/n=%d/workers=%d", s.Name(), n, w), func(t *testing.T) {
					equalsSequential(t, s, k, strategies.Pairs(n), w)
				})
			}
		}
	}
}

// TestWaitsOverlap: with waits of an hour, every concurrent shape has
// `workers` goroutines waiting at once, as a stack dump of the process
// shows (a goroutine blocked in spanWait's select). Items that merely
// start together are not enough: waits taken in turn behind a lock start
// together too. Then a cancel must end the waits in progress: the Map
// returns context.Canceled, not in an hour.
func TestWaitsOverlap(t *testing.T) {
	const n, workers = 8, 4
	for _, s := range withLimits(t) {
		if slices.Contains(serial, s.Name()) {
			continue
		}
		t.Run(s.Name(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			peak := make(chan int, 1)
			go func() {
				defer cancel()
				most := 0
				for deadline := time.Now().Add(patience); most < workers && time.Now().Before(deadline); {
					most = max(most, waiting())
					time.Sleep(time.Millisecond)
				}
				peak <- most
			}()
			k := strategies.Kernel{Const: 1, Wait: longWait}
			err := returns(t, "MapInto", func() error { return s.MapInto(ctx, k, strategies.Pairs(n), make([]int64, n), workers) })
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if p := <-peak; p < workers {
				t.Errorf("at most %d goroutines waited at once, want %d: waits must overlap", p, workers)
			}
		})
	}
}

// waiting counts the goroutines blocked in a wait: in spanWait's select.
func waiting() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		header, frames, _ := strings.Cut(g, "\n")
		if strings.Contains(header, "[select") && strings.Contains(frames, "github.com/concbench/concbench/strategies.Kernel.spanWait(") {
			count++
		}
	}
	return count
}

// TestWaitCancel: a cancel ends a wait in progress in every shape, the
// serial ones too, and one that came before the call starts no item.
func TestWaitCancel(t *testing.T) {
	const n = 1000
	in := strategies.Pairs(n)
	for _, s := range withLimits(t) {
		t.Run(s.Name()+"/during", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var once sync.Once
			k := strategies.Kernel{Const: 1, Wait: longWait, Check: func(int, strategies.Pair) error {
				// Give the item time to reach its wait before cancelling;
				// on a slow machine the cancel may come first, which only
				// makes the test easier, never fail.
				once.Do(func() { time.AfterFunc(20*time.Millisecond, cancel) })
				return nil
			}}
			if s.Name() == "limit" || s.Name() == "loop" {
				k.Check = nil
				time.AfterFunc(20*time.Millisecond, cancel)
			}
			out := make([]int64, n)
			for i := range out {
				out[i] = -7
			}
			err := returns(t, "MapInto", func() error { return s.MapInto(ctx, k, in, out, 2) })
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			// No wait ended, so no result may be stored: a result is
			// stored after its item's wait.
			if i := slices.IndexFunc(out, func(v int64) bool { return v != -7 }); i >= 0 {
				t.Errorf("out[%d] = %d was stored although its wait never ended", i, out[i])
			}
		})
		t.Run(s.Name()+"/deadline", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			k := strategies.Kernel{Const: 1, Wait: longWait}
			err := returns(t, "MapInto", func() error { return s.MapInto(ctx, k, in, make([]int64, n), 2) })
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want context.DeadlineExceeded", err)
			}
		})
	}
	for _, s := range all(t) {
		t.Run(s.Name()+"/before", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var calls atomic.Int64
			k := strategies.Kernel{Const: 1, Wait: longWait, Check: func(int, strategies.Pair) error { calls.Add(1); return nil }}
			err := returns(t, "MapInto", func() error { return s.MapInto(ctx, k, in, make([]int64, n), 2) })
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if c := calls.Load(); c > 0 {
				t.Errorf("%d items started under a cancelled context", c)
			}
		})
	}
}

// TestWaitFirstErrorStops: the second item to start fails while the first
// is in its hour-long wait, which the failure must end: the Map returns
// the failure, and no item starts after it. (In the serial shapes the
// first item fails: a second never starts while the first waits.)
func TestWaitFirstErrorStops(t *testing.T) {
	const n = 1000
	for _, s := range all(t) {
		for _, w := range []int{2, 8} {
			t.Run(fmt.Sprintf("%s/workers=%d", s.Name(), w), func(t *testing.T) {
				failAt := int64(2)
				if slices.Contains(serial, s.Name()) {
					failAt = 1
				}
				var calls, after atomic.Int64
				bound := int64(4 * max(w, runtime.GOMAXPROCS(0)))
				k := strategies.Kernel{Const: 1, Wait: longWait, Check: func(int, strategies.Pair) error {
					switch c := calls.Add(1); {
					case c == failAt:
						return errBoom
					case c > failAt:
						slowAfter(&after, bound)
					}
					return nil
				}}
				var out []int64
				err := returns(t, "Map", func() (err error) {
					out, err = mapFresh(context.Background(), s, k, strategies.Pairs(n), w)
					return err
				})
				if !errors.Is(err, errBoom) {
					t.Fatalf("err = %v, want one wrapping errBoom", err)
				}
				if out != nil {
					t.Errorf("got %d results with an error, want nil", len(out))
				}
				// Items already under way when the failure came may still
				// reach Check (slowAfter keeps them from racing ahead), but
				// not more than a few per worker or core, whatever n is.
				if a := after.Load(); a > bound {
					t.Errorf("%d items started after the failure, want <= %d", a, bound)
				}
			})
		}
	}
}

func TestWaitPanicBecomesError(t *testing.T) {
	const n, at = 50, 25
	for _, s := range all(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := strategies.Kernel{Const: 1, Wait: time.Microsecond, Check: func(i int, _ strategies.Pair) error {
				if i == at {
					panic(fmt.Sprintf("kaboom at %d", i))
				}
				return nil
			}}
			_, err := mapFresh(context.Background(), s, k, strategies.Pairs(n), 4)
			if !errors.Is(err, strategies.ErrPanic) || !strings.Contains(err.Error(), fmt.Sprintf("item %d", at)) {
				t.Fatalf("err = %v, want one wrapping ErrPanic that names item %d", err, at)
			}
		})
	}
}
