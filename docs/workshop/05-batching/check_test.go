//go:build workshop

package batching

import (
	"context"
	"fmt"
	"slices"
	"sync"
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
	probe.RequireRace(t, "go test -tags workshop -race -v -run . ./docs/workshop/05-batching/")
}

func TestMap(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, n := range []int{0, 1, 7, 1000, 10_007} {
		in := strategies.Pairs(n)
		want, err := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 2, 5} {
			t.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(t *testing.T) {
				if got := Map(in, workers, k.Apply); !slices.Equal(got, want) {
					t.Errorf("results differ from sequential")
				}
			})
		}
	}
}

// perItem is the unbatched pipeline, the reference the check measures
// against: one unbuffered send per item each way.
func perItem(in []strategies.Pair, workers int, f func(strategies.Pair) int64) []int64 {
	type result struct {
		i int
		v int64
	}
	out := make([]int64, len(in))
	jobs, results := make(chan int), make(chan result)
	go func() {
		for i := range in {
			jobs <- i
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				results <- result{i, f(in[i])}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		out[r.i] = r.v
	}
	return out
}

func sequential(in []strategies.Pair, _ int, f func(strategies.Pair) int64) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = f(p)
	}
	return out
}

// TestBatchingPaysOff measures, at work=0, each pipeline's overhead per item
// over a plain loop, and asks Map's to be at most a tenth of the per-item
// pipeline's. It is built to be robust to noise rather than precise: the
// three shapes run in interleaved rounds, so a slow moment hurts them alike;
// each keeps its fastest round; and the bar is a ratio measured on this
// machine in this run, not an absolute time. A batched pipeline comes in
// around a hundredth, an unbatched one near 1 (under -race, which makes
// every channel operation dearer still, the batched one is further below).
func TestBatchingPaysOff(t *testing.T) {
	if testing.Short() {
		t.Skip("measures for about a second")
	}
	const n, rounds, workers = 20_000, 7, 2
	k := strategies.Kernel{Const: 100}
	in := strategies.Pairs(n)
	shapes := []struct {
		name string
		f    func([]strategies.Pair, int, func(strategies.Pair) int64) []int64
	}{{"sequential", sequential}, {"per-item", perItem}, {"Map", Map}}
	best := make([]time.Duration, len(shapes))
	for r := range rounds {
		for i, s := range shapes {
			start := time.Now()
			s.f(in, workers, k.Apply)
			if d := time.Since(start); r == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	perItemNs := func(i int) float64 { return float64(best[i].Nanoseconds()) / n }
	overhead := func(i int) float64 { return max(perItemNs(i)-perItemNs(0), 0.01) }
	ratio := overhead(2) / overhead(1)
	t.Logf("ns/item (best of %d rounds, n=%d, work=0): sequential %.2f, per-item pipeline %.1f, Map %.2f",
		rounds, n, perItemNs(0), perItemNs(1), perItemNs(2))
	t.Logf("overhead per item: Map %.2f ns, per-item pipeline %.1f ns, ratio %.3f (want <= 0.1)",
		overhead(2), overhead(1), ratio)
	if ratio > 0.1 {
		t.Errorf("Map's overhead per item is %.2f of the per-item pipeline's, want at most 0.1: batch the channel messages", ratio)
	}
}

// TestWorkersOverlap asks that the workers share the work: the first two
// calls wait for each other (up to probe.Patience), so a Map that runs its
// calls one at a time, in a loop or in one batch that a single worker takes,
// fails however fast the machine is. TestBatchingPaysOff cannot see that:
// a loop has no overhead at all. It runs in a probe.Bubble, whose fake
// clock moves only when every goroutine is blocked, so a wrong answer
// fails at once.
func TestWorkersOverlap(t *testing.T) {
	const n, workers = 10_007, 2
	k := strategies.Kernel{Const: 100}
	probe.Bubble(t, func(t *testing.T) {
		o := probe.NewOverlap(2)
		got := Map(strategies.Pairs(n), workers, func(p strategies.Pair) int64 {
			o.Enter()
			defer o.Exit()
			return k.Apply(p)
		})
		t.Logf("peak calls in flight: %d (workers = %d)", o.Peak(), workers)
		if !o.Met() {
			t.Errorf("no two calls ever ran at once (waited %v): the workers must share the items; a batch is a slice of them, not all", probe.Patience)
		}
		if len(got) != n {
			t.Errorf("len(Map) = %d, want %d", len(got), n)
		}
	})
}

// BenchmarkMap compares the shapes in the standard format; run it with
// -bench . and read ns/item. At work=0 the per-item pipeline's ns/item is
// the price of two channel hand-offs.
func BenchmarkMap(b *testing.B) {
	in := strategies.Pairs(100_000)
	for _, work := range []int{0, 100} {
		k := strategies.Kernel{Const: 100, Work: work}
		for _, s := range []struct {
			name string
			f    func([]strategies.Pair, int, func(strategies.Pair) int64) []int64
		}{{"sequential", sequential}, {"per-item", perItem}, {"Map", Map}} {
			b.Run(fmt.Sprintf("shape=%s/work=%d", s.name, work), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					s.f(in, 2, k.Apply)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(in)), "ns/item")
			})
		}
	}
}
