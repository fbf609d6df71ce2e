//go:build workshop

package unevenwork

import (
	"context"
	"fmt"
	"slices"
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
// The checks that judge the balance run Map inside a probe.Bubble, where
// time is fake: it moves only when every goroutine is blocked. An item's
// cost there is a time.Sleep, which takes no real time, and computing takes
// no fake time at all, so the fake time Map takes depends only on which
// worker got which item: it is exact, the same on every machine however
// busy, and a static split of the items is provably slower.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race -v -run . ./docs/workshop/10-uneven-work/")
}

func TestMap(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, n := range []int{0, 1, 7, 100, 1000, 10_007} {
		in := strategies.Pairs(n)
		want, err := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 2, 3, 8} {
			t.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(t *testing.T) {
				if got := Map(in, workers, k.Apply); !slices.Equal(got, want) {
					t.Errorf("results differ from sequential")
				}
			})
		}
	}
}

// run calls Map with workers = 2 on n items inside a bubble, with f
// sleeping cost(p, slow) of fake time, where slow is true for the calls
// made by the goroutine that called f first. It returns the fake time Map
// took and the total cost of the items on one fast worker, and checks what
// every run must show: the right results, two calls in flight at once
// (the first two wait for each other, up to probe.Patience), never more,
// and at most two goroutines making the calls.
func run(t *testing.T, n int, cost func(p strategies.Pair, slow bool) time.Duration) (took, total time.Duration) {
	t.Helper()
	const workers = 2
	in := strategies.Pairs(n)
	for _, p := range in {
		total += cost(p, false)
	}
	probe.Bubble(t, func(t *testing.T) {
		o := probe.NewOverlap(workers)
		var callers probe.Goroutines
		var first atomic.Uint64
		f := func(p strategies.Pair) int64 {
			o.Enter()
			defer o.Exit()
			callers.Add()
			id := probe.GoroutineID()
			first.CompareAndSwap(0, id)
			time.Sleep(cost(p, first.Load() == id))
			return p.A + p.B
		}
		start := time.Now()
		got := Map(in, workers, f)
		took = time.Since(start)
		for i, p := range in {
			if i >= len(got) || got[i] != p.A+p.B {
				t.Fatalf("Map returned %d results, and out[%d] is not f(in[%d])", len(got), i, i)
			}
		}
		if !o.Met() {
			t.Errorf("never had %d calls in flight at once (waited %v): Map must run workers calls concurrently", workers, probe.Patience)
		}
		if p := o.Peak(); p > workers {
			t.Errorf("peak calls in flight = %d, want at most workers = %d", p, workers)
		}
		if c := callers.Count(); c > workers {
			t.Errorf("%d goroutines called f, want at most workers = %d: start the workers once, and let each take chunk after chunk", c, workers)
		}
	})
	return took, total
}

// TestSortedCosts: item i costs i+1 µs, as when the input is sorted by
// size. The total is 500.5 ms. Split in halves, the second worker gets
// three quarters of it and the first waits for it: 375 ms, a speedup of
// 1.33 on two workers, whatever the machine. Handed out in small chunks as
// the workers come free, they finish together: about 250 ms, a speedup
// near 2. The check asks for at least 1.8.
func TestSortedCosts(t *testing.T) {
	const n = 1000
	took, total := run(t, n, func(p strategies.Pair, _ bool) time.Duration {
		return time.Duration(p.A+1) * time.Microsecond
	})
	speedup := float64(total) / float64(took)
	t.Logf("sorted costs, n=%d, 2 workers: %v of work took %v of fake time, a speedup of %.2f (static halves: 1.33; want >= 1.8)", n, total, took, speedup)
	if speedup < 1.8 {
		t.Errorf("speedup %.2f on 2 workers, want at least 1.8: the worker with the dear items works alone at the end; hand out small chunks as the workers come free", speedup)
	}
}

// TestSlowWorker: every item costs 1 µs, except on the goroutine that
// called f first, where it costs 50 µs, as for a worker whose core is shared
// with someone else. No split made up front can know which worker that
// will be: split in halves, the slow one takes 25 ms over its 500 items
// while the fast one is done after 0.5 ms; split by turns (even items,
// odd items), the same. Handed out as they come free, the fast worker takes
// almost everything: about 1 ms. The check asks for at most 3 ms, three
// times what the fast worker alone would take.
func TestSlowWorker(t *testing.T) {
	const n = 1000
	took, total := run(t, n, func(_ strategies.Pair, slow bool) time.Duration {
		if slow {
			return 50 * time.Microsecond
		}
		return time.Microsecond
	})
	t.Logf("one worker 50x slower, n=%d, 2 workers: took %v of fake time (the fast worker alone: %v; static halves: 25ms; want <= %v)", n, took, total, 3*total)
	if took > 3*total {
		t.Errorf("Map took %v, want at most %v: the fast worker must take over the items the slow one has not started; hand out small chunks as the workers come free", took, 3*total)
	}
}

// staticHalves is the starter's split, the reference the benchmark compares
// Map with.
func staticHalves(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	done := make(chan struct{})
	for g := range workers {
		lo, hi := g*len(in)/workers, (g+1)*len(in)/workers
		go func() {
			for i := lo; i < hi; i++ {
				out[i] = f(in[i])
			}
			done <- struct{}{}
		}()
	}
	for range workers {
		<-done
	}
	return out
}

// BenchmarkMap measures the lesson on the real clock: the seed's kernel
// with work growing with the index (item i does 2*work*i/n rounds, so work
// on average), on 2 workers, for a loop, static halves and Map. Run it on a
// quiet machine without -race:
//
//	go test -tags workshop,solution -run '^$' -bench . -count 6 ./docs/workshop/10-uneven-work/
//
// and read ns/item: the speedup of each shape is the loop's ns/item over
// its own.
func BenchmarkMap(b *testing.B) {
	const n, work = 100_000, 100
	in := strategies.Pairs(n)
	f := func(p strategies.Pair) int64 {
		return strategies.Kernel{Const: 100, Work: int(2 * work * p.A / n)}.Apply(p)
	}
	loop := func(in []strategies.Pair, _ int, f func(strategies.Pair) int64) []int64 {
		out := make([]int64, len(in))
		for i, p := range in {
			out[i] = f(p)
		}
		return out
	}
	for _, s := range []struct {
		name string
		f    func([]strategies.Pair, int, func(strategies.Pair) int64) []int64
	}{{"loop", loop}, {"static-halves", staticHalves}, {"Map", Map}} {
		b.Run(fmt.Sprintf("shape=%s/skew=increasing/n=%d/work=%d/workers=2", s.name, n, work), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.f(in, 2, f)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
		})
	}
}
