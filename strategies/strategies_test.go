package strategies_test

import (
	"context"
	"errors"
	"fmt"
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
	goleak.VerifyTestMain(m)
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
	for _, s := range strategies.All() {
		t.Run(s.Name(), func(t *testing.T) {
			got, err := s.Map(context.Background(), strategies.Kernel{Const: 100}, strategies.SeedPairs(), 0)
			if err != nil || !slices.Equal(got, seed) {
				t.Fatalf("Map(seed) = %v, %v; want %v", got, err, seed)
			}
		})
	}
}

func TestAllAndLookup(t *testing.T) {
	all := strategies.All()
	if all[0].Name() != "sequential" {
		t.Errorf("All()[0] = %s, want sequential", all[0].Name())
	}
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s.Name()] {
			t.Errorf("duplicate name %s", s.Name())
		}
		seen[s.Name()] = true
		got, err := strategies.Lookup(s.Name())
		if err != nil || got.Name() != s.Name() {
			t.Errorf("Lookup(%q) = %v, %v", s.Name(), got, err)
		}
		l, ok := s.(strategies.Lesson)
		if !ok || l.Teaches() == "" || l.Python() == "" {
			t.Errorf("%s does not describe itself (Lesson)", s.Name())
		}
	}
	for _, name := range []string{"sequential", "closure-partial", "struct-worker", "channel-pipeline", "errgroup"} {
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
	for _, s := range strategies.All() {
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

// equalsSequential fails t unless s maps in exactly as the reference does.
func equalsSequential(t *testing.T, s strategies.Strategy, k strategies.Kernel, in []strategies.Pair, workers int) {
	t.Helper()
	got, err := s.Map(context.Background(), k, in, workers)
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || !slices.Equal(got, want(k, in)) {
		t.Fatalf("results differ from sequential (len %d, want %d)", len(got), len(in))
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
	}
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, s := range tuned {
		for _, n := range []int{0, 1, 7, 1000, 10007} {
			for _, w := range []int{1, 3, 8} {
				in := strategies.Pairs(n)
				t.Run(fmt.Sprintf("%s%+v/n=%d/workers=%d", s.Name(), s, n, w), func(t *testing.T) {
					equalsSequential(t, s, k, in, w)
				})
			}
		}
	}
}

// TestCheckCalledOncePerItem: Check sees every index exactly once.
func TestCheckCalledOncePerItem(t *testing.T) {
	const n = 5000
	for _, s := range strategies.All() {
		t.Run(s.Name(), func(t *testing.T) {
			var calls [n]atomic.Int32
			k := strategies.Kernel{Const: 1, Check: func(i int, p strategies.Pair) error {
				if p.A != int64(i) {
					return fmt.Errorf("index %d got pair %v", i, p)
				}
				calls[i].Add(1)
				return nil
			}}
			if _, err := s.Map(context.Background(), k, strategies.Pairs(n), 3); err != nil {
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
	for _, s := range strategies.All() {
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
				out, err := s.Map(context.Background(), k, in, w)
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
	for _, s := range strategies.All() {
		for _, at := range []int{0, n / 2, n - 1} {
			t.Run(fmt.Sprintf("%s/at=%d", s.Name(), at), func(t *testing.T) {
				k := strategies.Kernel{Const: 1, Check: func(i int, _ strategies.Pair) error {
					if i == at {
						panic(fmt.Sprintf("kaboom at %d", i))
					}
					return nil
				}}
				out, err := s.Map(context.Background(), k, strategies.Pairs(n), 4)
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
	for _, s := range strategies.All() {
		t.Run(s.Name()+"/before", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var calls atomic.Int64
			k := strategies.Kernel{Const: 1, Check: func(int, strategies.Pair) error { calls.Add(1); return nil }}
			_, err := s.Map(ctx, k, in, 2)
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
			_, err := s.Map(ctx, k, in, 2)
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
			_, err := s.Map(ctx, k, in, 2)
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
	all := strategies.All()
	f.Fuzz(func(t *testing.T, n uint16, workers int8, work uint8, which uint8) {
		s := all[int(which)%len(all)]
		n %= 5000
		k := strategies.Kernel{Const: int64(n) - 7, Work: int(work % 16)}
		in := strategies.Pairs(int(n))
		got, err := s.Map(context.Background(), k, in, int(workers))
		if err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		if !slices.Equal(got, want(k, in)) {
			t.Fatalf("%s(n=%d, workers=%d, work=%d) differs from sequential", s.Name(), n, workers, work)
		}
	})
}
