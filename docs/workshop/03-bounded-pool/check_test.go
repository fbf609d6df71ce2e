//go:build workshop

package boundedpool

import (
	"context"
	"fmt"
	"runtime"
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

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race -v -run . ./docs/workshop/03-bounded-pool/")
}

func TestMapAll(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 10}
	for _, n := range []int{0, 1, 7, 1000} {
		in := strategies.Pairs(n)
		want, err := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 3, 64} {
			t.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(t *testing.T) {
				if got := MapAll(in, workers, k.Apply); !slices.Equal(got, want) {
					t.Errorf("results differ from sequential")
				}
			})
		}
	}
}

// peaks records, from inside f, the most calls in flight at once (and makes
// the first workers calls wait for each other), the goroutines that made the
// calls, and the most goroutines alive and stack memory in use, for the log.
type peaks struct {
	overlap       *probe.Overlap
	callers       probe.Goroutines
	calls         atomic.Int64
	maxGoroutines atomic.Int64
	mu            sync.Mutex
	maxStack      uint64
}

func (pk *peaks) f(k strategies.Kernel, pause time.Duration) func(strategies.Pair) int64 {
	return func(p strategies.Pair) int64 {
		pk.overlap.Enter()
		defer pk.overlap.Exit()
		pk.callers.Add()
		storeMax(&pk.maxGoroutines, int64(runtime.NumGoroutine()))
		if pk.calls.Add(1)%100 == 0 { // ReadMemStats stops the world: sample it
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			pk.mu.Lock()
			pk.maxStack = max(pk.maxStack, ms.StackInuse)
			pk.mu.Unlock()
		}
		time.Sleep(pause) // a call that waits, as for I/O: the worst case for unbounded fan-out
		return k.Apply(p)
	}
}

func storeMax(m *atomic.Int64, v int64) {
	for {
		old := m.Load()
		if v <= old || m.CompareAndSwap(old, v) {
			return
		}
	}
}

// TestBounded asks for a pool: workers calls at once, never more, on at
// most workers goroutines. All three are counted, not timed. The check runs
// MapAll in a probe.Bubble, where time is fake and moves only when every
// goroutine is blocked, and each call pauses (like I/O) for a fake 50 µs:
// every call MapAll lets start is in flight before the first pause ends,
// so the peak is exact. The first workers calls wait for each other (up to
// probe.Patience), so a loop that runs one call at a time fails; the
// goroutines that call f are counted by id, so one goroutine per item fails
// even when a semaphore keeps all but workers of them waiting.
func TestBounded(t *testing.T) {
	const n, workers = 1000, 4
	k := strategies.Kernel{Const: 100}
	probe.Bubble(t, func(t *testing.T) {
		before := runtime.NumGoroutine()
		pk := peaks{overlap: probe.NewOverlap(workers)}
		got := MapAll(strategies.Pairs(n), workers, pk.f(k, 50*time.Microsecond))
		t.Logf("n=%d workers=%d: peak calls in flight %d, goroutines that called f %d, peak goroutines alive %d (before: %d), peak stack in use %d KiB",
			n, workers, pk.overlap.Peak(), pk.callers.Count(), pk.maxGoroutines.Load(), before, pk.maxStack/1024)
		if len(got) != n {
			t.Fatalf("len(MapAll) = %d, want %d", len(got), n)
		}
		if !pk.overlap.Met() {
			t.Errorf("never had %d calls in flight at once (waited %v for them): a pool of %d runs %d calls at a time", workers, probe.Patience, workers, workers)
		}
		if got := pk.overlap.Peak(); got > workers {
			t.Errorf("peak calls in flight = %d, want at most workers = %d", got, workers)
		}
		if got := pk.callers.Count(); got > workers {
			t.Errorf("%d goroutines called f, want at most workers = %d: start the workers once, not one goroutine per item", got, workers)
		}
	})
}

// TestEachItemOnce asks that every item is handed out exactly once, which
// is what a shared "next index" has to guarantee. A handout that is two
// steps (read the counter, then move it on) lets two workers take the same
// item, but only when they reach it at the same moment: rare per item, and
// invisible to the race detector when both steps are atomic. So the check
// hands out half a million items, a thousand at a time with instant calls, and
// stops at the first item called twice or never; a right answer runs every
// round, in under a second under -race.
func TestEachItemOnce(t *testing.T) {
	const n, workers, rounds = 1000, 4, 500
	in := strategies.Pairs(n)
	for r := range rounds {
		var calls [n]atomic.Int32
		var callers probe.Goroutines
		MapAll(in, workers, func(p strategies.Pair) int64 {
			if r == 0 {
				callers.Add()
			}
			calls[p.A].Add(1)
			return p.A
		})
		if c := callers.Count(); r == 0 && c > workers {
			t.Skipf("%d goroutines called f, so there is no pool whose handout to test (TestBounded fails)", c)
		}
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("round %d of %d: item %d was called %d times, want exactly once: taking an index must be one atomic step (next.Add(1) - 1), not a Load and then an Add", r+1, rounds, i, c)
			}
		}
	}
}

// BenchmarkMapAll shows the cost of each shape: run it with
// -bench . -benchmem and compare goroutines/op and B/op.
func BenchmarkMapAll(b *testing.B) {
	k := strategies.Kernel{Const: 100, Work: 100}
	for _, n := range []int{1000, 100_000} {
		in := strategies.Pairs(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var pk peaks
			f := func(p strategies.Pair) int64 {
				if p.A%64 == 0 {
					storeMax(&pk.maxGoroutines, int64(runtime.NumGoroutine()))
				}
				return k.Apply(p)
			}
			for b.Loop() {
				MapAll(in, runtime.GOMAXPROCS(0), f)
			}
			b.ReportMetric(float64(pk.maxGoroutines.Load()), "peak-goroutines")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
		})
	}
}
