package strategies_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/strategies"
)

func TestMain(m *testing.M) {
	if spinIfAsked() {
		return
	}
	goleak.VerifyTestMain(m)
}

// all returns strategies.All(), closed when t ends: the test owns them.
func all(t testing.TB) []strategies.Strategy {
	t.Helper()
	ss := strategies.All()
	t.Cleanup(func() { closeAll(t, ss) })
	return ss
}

// closeAll closes every strategy that holds resources.
func closeAll(t testing.TB, ss []strategies.Strategy) {
	t.Helper()
	for _, s := range ss {
		if c, ok := s.(io.Closer); ok {
			if err := c.Close(); err != nil {
				t.Errorf("%s: Close: %v", s.Name(), err)
			}
		}
	}
}

// mapFresh maps in into a new slice with MapInto, returning nil on error as
// strategies.Map does; the tests call MapInto so that they test it.
func mapFresh(ctx context.Context, s strategies.Strategy, k strategies.Kernel, in []strategies.Pair, workers int) ([]int64, error) {
	out := make([]int64, len(in))
	if err := s.MapInto(ctx, k, in, out, workers); err != nil {
		return nil, err
	}
	return out, nil
}

// want computes the expected results independently of every strategy.
func want(k strategies.Kernel, in []strategies.Pair) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = k.Apply(p)
	}
	return out
}

func TestSeed(t *testing.T) {
	// The cheat sheet's list, written out rather than computed.
	seed := []int64{10000, 10200, 10400, 10600, 10800, 11000, 11200, 11400, 11600, 11800,
		12000, 12200, 12400, 12600, 12800, 13000, 13200, 13400, 13600, 13800}
	for _, s := range all(t) {
		t.Run(s.Name(), func(t *testing.T) {
			got, err := strategies.Map(context.Background(), s, strategies.Kernel{Const: 100}, strategies.SeedPairs(), 0)
			if err != nil || !slices.Equal(got, seed) {
				t.Fatalf("Map(seed) = %v, %v; want %v", got, err, seed)
			}
		})
	}
}

func TestAllAndLookup(t *testing.T) {
	ss := all(t)
	if ss[0].Name() != "sequential" {
		t.Errorf("All()[0] = %s, want sequential", ss[0].Name())
	}
	if len(ss) < 10 {
		t.Errorf("All() has %d strategies, want at least 10", len(ss))
	}
	seen := map[string]bool{}
	for _, s := range ss {
		if seen[s.Name()] {
			t.Errorf("duplicate name %s", s.Name())
		}
		seen[s.Name()] = true
		got, err := strategies.Lookup(s.Name())
		if err != nil || got.Name() != s.Name() {
			t.Errorf("Lookup(%q) = %v, %v", s.Name(), got, err)
		} else {
			closeAll(t, []strategies.Strategy{got})
		}
		l, ok := s.(strategies.Lesson)
		if !ok || l.Teaches() == "" || l.Python() == "" {
			t.Errorf("%s does not describe itself (Lesson)", s.Name())
		}
	}
	for _, name := range []string{"sequential", "closure-partial", "struct-worker", "channel-pipeline", "errgroup", "persistent-pool"} {
		if !seen[name] {
			t.Errorf("All() lacks %s", name)
		}
	}
	if _, err := strategies.Lookup("nope"); err == nil || !strings.Contains(err.Error(), "errgroup") {
		t.Errorf("Lookup(nope) error %v does not list valid names", err)
	}
}

func TestEqualsSequential(t *testing.T) {
	sizes := []int{0, 1, 2, 7, 1000, 10007}
	workers := []int{1, 2, 3, 8, 64, 0, -1}
	works := []int{0, 3}
	if testing.Short() {
		sizes = []int{0, 1, 7, 1000}
	}
	for _, s := range allForms(t) {
		for _, n := range sizes {
			for _, w := range workers {
				for _, work := range works {
					k := strategies.Kernel{Const: 100, Work: work}
					in := strategies.Pairs(n)
					t.Run(fmt.Sprintf("strategy=%s/n=%d/workers=%d/work=%d", s.Name(), n, w, work), func(t *testing.T) {
						equalsSequential(t, s, k, in, w)
					})
				}
			}
		}
	}
}

// equalsSequential fails t unless s maps in exactly as the reference does,
// into an output that starts out full of garbage.
func equalsSequential(t *testing.T, s strategies.Strategy, k strategies.Kernel, in []strategies.Pair, workers int) {
	t.Helper()
	out := make([]int64, len(in))
	for i := range out {
		out[i] = -1 - int64(i)
	}
	if err := s.MapInto(context.Background(), k, in, out, workers); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out, want(k, in)) {
		t.Fatalf("results differ from sequential (n=%d)", len(in))
	}
}

// TestTunablesEqualSequential covers the tunables the defaults leave
// unused: fixed chunks and batches, and the pipeline's channel buffer.
func TestTunablesEqualSequential(t *testing.T) {
	tuned := []strategies.Strategy{
		strategies.ClosurePartial{Chunk: 7},
		strategies.StructWorker{Chunk: 1},
		strategies.ErrGroup{Chunk: 13},
		strategies.ChannelPipeline{Batch: 5, Buffer: 1},
		strategies.ChannelPipeline{Batch: 1000, Buffer: 64},
		&strategies.PersistentPool{Chunk: 3, Spin: -1},
		&strategies.PersistentPool{Spin: time.Second},
	}
	t.Cleanup(func() { closeAll(t, tuned) })
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, s := range tuned {
		for _, n := range []int{0, 1, 7, 1000, 10007} {
			for _, w := range []int{1, 3, 8} {
				in := strategies.Pairs(n)
				t.Run(fmt.Sprintf("%s%s/n=%d/workers=%d", s.Name(), tunables(s), n, w), func(t *testing.T) {
					equalsSequential(t, s, k, in, w)
				})
			}
		}
	}
}

// tunables prints a strategy's settings for a test name.
func tunables(s strategies.Strategy) string {
	if p, ok := s.(*strategies.PersistentPool); ok {
		return fmt.Sprintf("{Chunk:%d Spin:%v}", p.Chunk, p.Spin)
	}
	return fmt.Sprintf("%+v", s)
}

// TestCheckCalledOncePerItem: Check sees every index exactly once.
func TestCheckCalledOncePerItem(t *testing.T) {
	const n = 5000
	for _, s := range allForms(t) {
		t.Run(s.Name(), func(t *testing.T) {
			var calls [n]atomic.Int32
			k := strategies.Kernel{Const: 1, Check: func(i int, p strategies.Pair) error {
				if p.A != int64(i) {
					return fmt.Errorf("index %d got pair %v", i, p)
				}
				calls[i].Add(1)
				return nil
			}}
			if err := s.MapInto(context.Background(), k, strategies.Pairs(n), make([]int64, n), 3); err != nil {
				t.Fatal(err)
			}
			for i := range calls {
				if c := calls[i].Load(); c != 1 {
					t.Fatalf("Check(%d) called %d times", i, c)
				}
			}
		})
	}
}

var errBoom = errors.New("boom")

// stopBound is how many Check calls may still start after a failure or a
// cancel: every worker may finish the block of items it is in (span looks at
// the context every CancelEvery items), plus slack. It does not grow with n, which is
// what the tests are about: without early stop, hundreds of thousands of
// items would follow the failure.
func stopBound(workers int) int64 {
	return int64(2*max(workers, runtime.GOMAXPROCS(0))*strategies.CancelEvery + strategies.CancelEvery)
}

// slowAfter makes every Check call that starts after the failure (or
// cancel) take a little while, until the bound is passed. On a loaded
// machine the goroutine that failed can lose its CPU for milliseconds before
// it gets to cancel, and fast workers would race ahead in that gap; slowing
// them keeps the count about the strategy's early stop, not the OS scheduler.
func slowAfter(count *atomic.Int64, bound int64) {
	if count.Add(1) <= bound {
		time.Sleep(50 * time.Microsecond)
	}
}

func TestFirstErrorStopsWork(t *testing.T) {
	const n, failAt = 1_000_000, 333_333
	in := strategies.Pairs(n)
	errFail := fmt.Errorf("check: %w", errBoom) // made up front: failing costs no time
	for _, s := range allForms(t) {
		for _, w := range []int{1, 2, 8} {
			t.Run(fmt.Sprintf("%s/workers=%d", s.Name(), w), func(t *testing.T) {
				var failed atomic.Bool
				var after, calls atomic.Int64
				k := strategies.Kernel{Const: 1, Check: func(i int, _ strategies.Pair) error {
					calls.Add(1)
					if i == failAt {
						failed.Store(true)
						return errFail
					}
					if failed.Load() {
						slowAfter(&after, stopBound(w))
					}
					return nil
				}}
				out, err := mapFresh(context.Background(), s, k, in, w)
				if !errors.Is(err, errBoom) {
					t.Fatalf("err = %v, want one wrapping errBoom", err)
				}
				if !strings.Contains(err.Error(), fmt.Sprint(failAt)) {
					t.Errorf("err %q does not name item %d", err, failAt)
				}
				if out != nil {
					t.Errorf("got %d results with an error, want nil", len(out))
				}
				if a, bound := after.Load(), stopBound(w); a > bound {
					t.Errorf("%d Check calls after the failure (total %d of %d), want <= %d", a, calls.Load(), n, bound)
				}
			})
		}
	}
}

func TestPanicBecomesError(t *testing.T) {
	const n = 10_000
	for _, s := range allForms(t) {
		for _, at := range []int{0, n / 2, n - 1} {
			t.Run(fmt.Sprintf("%s/at=%d", s.Name(), at), func(t *testing.T) {
				k := strategies.Kernel{Const: 1, Check: func(i int, _ strategies.Pair) error {
					if i == at {
						panic(fmt.Sprintf("kaboom at %d", i))
					}
					return nil
				}}
				out, err := mapFresh(context.Background(), s, k, strategies.Pairs(n), 4)
				if !errors.Is(err, strategies.ErrPanic) {
					t.Fatalf("err = %v, want one wrapping ErrPanic", err)
				}
				if msg := fmt.Sprintf("kaboom at %d", at); !strings.Contains(err.Error(), msg) {
					t.Errorf("err %q lacks the panic value %q", err, msg)
				}
				if out != nil {
					t.Errorf("got results with an error")
				}
			})
		}
	}
}

func TestCancel(t *testing.T) {
	const n = 1_000_000
	in := strategies.Pairs(n)
	out := make([]int64, n)
	for _, s := range allForms(t) {
		t.Run(s.Name()+"/before", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var calls atomic.Int64
			k := strategies.Kernel{Const: 1, Check: func(int, strategies.Pair) error { calls.Add(1); return nil }}
			err := s.MapInto(ctx, k, in, out, 2)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if c, bound := calls.Load(), stopBound(2); c > bound {
				t.Errorf("%d items checked under a cancelled context, want <= %d", c, bound)
			}
		})
		t.Run(s.Name()+"/during", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled atomic.Bool
			var after atomic.Int64
			k := strategies.Kernel{Const: 1, Check: func(i int, _ strategies.Pair) error {
				if cancelled.Load() {
					slowAfter(&after, stopBound(2))
				}
				if i == n/3 {
					cancel()
					cancelled.Store(true)
				}
				return nil
			}}
			err := s.MapInto(ctx, k, in, out, 2)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if a, bound := after.Load(), stopBound(2); a > bound {
				t.Errorf("%d items checked after cancel, want <= %d", a, bound)
			}
		})
		t.Run(s.Name()+"/deadline", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			// Items that wait for the deadline: without prompt cancellation
			// this would take n * 1ms.
			k := strategies.Kernel{Const: 1, Check: func(int, strategies.Pair) error {
				select {
				case <-ctx.Done():
				case <-time.After(time.Millisecond):
				}
				return nil
			}}
			err := s.MapInto(ctx, k, in, out, 2)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want context.DeadlineExceeded", err)
			}
		})
	}
}

func FuzzMap(f *testing.F) {
	f.Add(uint16(20), int8(3), uint8(0), uint8(1))
	f.Add(uint16(0), int8(0), uint8(2), uint8(4))
	f.Add(uint16(1000), int8(-1), uint8(5), uint8(7))
	ss := allForms(f)
	f.Fuzz(func(t *testing.T, n uint16, workers int8, work uint8, which uint8) {
		s := ss[int(which)%len(ss)]
		n %= 5000
		k := strategies.Kernel{Const: int64(n) - 7, Work: int(work % 16)}
		in := strategies.Pairs(int(n))
		got, err := mapFresh(context.Background(), s, k, in, int(workers))
		if err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		if !slices.Equal(got, want(k, in)) {
			t.Fatalf("%s(n=%d, workers=%d, work=%d) differs from sequential", s.Name(), n, workers, work)
		}
	})
}

// TestMapIntoLength: an output of the wrong length is an error wrapping
// ErrLength, and nothing runs: no Check call, no write to out.
func TestMapIntoLength(t *testing.T) {
	in := strategies.Pairs(100)
	for _, s := range allForms(t) {
		for _, n := range []int{0, 99, 101} {
			t.Run(fmt.Sprintf("%s/len=%d", s.Name(), n), func(t *testing.T) {
				var calls atomic.Int64
				k := strategies.Kernel{Const: 1, Check: func(int, strategies.Pair) error { calls.Add(1); return nil }}
				out := make([]int64, n)
				for i := range out {
					out[i] = -7
				}
				err := s.MapInto(context.Background(), k, in, out, 2)
				if !errors.Is(err, strategies.ErrLength) {
					t.Fatalf("err = %v, want one wrapping ErrLength", err)
				}
				if c := calls.Load(); c != 0 {
					t.Errorf("Check called %d times", c)
				}
				for i, v := range out {
					if v != -7 {
						t.Fatalf("out[%d] = %d: written although the call failed", i, v)
					}
				}
			})
		}
	}
}

// perItemAllocators are the strategies whose lesson is allocating per item.
var perItemAllocators = []string{"goroutine-per-item", "channel-per-item"}

// TestMapIntoAllocatesNothingPerItem: the heap bytes one MapInto call
// allocates do not grow with n, with the CPU kernel and with one that
// waits. The call is measured at a small and a large n, after a warm-up
// call (a persistent pool starts its workers then), averaged over a few
// calls.
func TestMapIntoAllocatesNothingPerItem(t *testing.T) {
	perCall := func(s strategies.Strategy, k strategies.Kernel, n, calls int) float64 {
		in, out := strategies.Pairs(n), make([]int64, n)
		if err := s.MapInto(context.Background(), k, in, out, 2); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range calls {
			if err := s.MapInto(context.Background(), k, in, out, 2); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc-before.TotalAlloc) / float64(calls)
	}
	kernels := []struct {
		name         string
		k            strategies.Kernel
		small, large int
		calls        int
	}{
		{"cpu", strategies.Kernel{Const: 100}, 1000, 100_000, 20},
		// Waits of a microsecond, at most a few thousand of them a call: a
		// timer per item (or per wait) would show as 100+ bytes per item.
		{"wait", strategies.Kernel{Const: 100, Wait: time.Microsecond}, 50, 500, 3},
	}
	for _, kk := range kernels {
		for _, s := range all(t) {
			if slices.Contains(perItemAllocators, s.Name()) {
				continue
			}
			t.Run(kk.name+"/"+s.Name(), func(t *testing.T) {
				if kk.k.Wait > 0 && raceEnabled {
					t.Skip("the race detector makes sync.Pool drop timers")
				}
				small, large := perCall(s, kk.k, kk.small, kk.calls), perCall(s, kk.k, kk.large, kk.calls)
				// Allow 2 KiB of noise (a goroutine's closure, a timer) but
				// nothing near 8 bytes per extra item (3.6 KB for the waits,
				// 792 KB for the CPU kernel).
				if large > small+2048 {
					t.Errorf("a call allocates %.0f B at n=%d and %.0f B at n=%d: it grows with n", small, kk.small, large, kk.large)
				}
				t.Logf("%.0f B per call at n=%d, %.0f B at n=%d", small, kk.small, large, kk.large)
			})
		}
	}
}

// TestLimitsEqualSequential: the reference shapes compute what every
// strategy computes, whatever the split.
func TestLimitsEqualSequential(t *testing.T) {
	ls := strategies.Limits()
	t.Cleanup(func() { closeAll(t, ls) })
	for _, s := range ls {
		for _, n := range []int{0, 1, 7, 1000, 10007} {
			for _, w := range []int{1, 2, 3, 8, 0} {
				t.Run(fmt.Sprintf("%s/n=%d/workers=%d", s.Name(), n, w), func(t *testing.T) {
					equalsSequential(t, s, strategies.Kernel{Const: 100, Work: 3}, strategies.Pairs(n), w)
				})
			}
		}
		if err := s.MapInto(context.Background(), strategies.Kernel{}, strategies.Pairs(3), make([]int64, 2), 2); !errors.Is(err, strategies.ErrLength) {
			t.Errorf("%s: wrong length: %v, want ErrLength", s.Name(), err)
		}
	}
}
