package strategies_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/strategies"
)

var (
	benchSizes = flag.String("concbench.n", "10,1000,100000", "comma-separated input sizes for BenchmarkMap (full grid: 10,100,1000,10000,100000,1000000)")
	benchWorks = flag.String("concbench.work", "0,100", "comma-separated work values for BenchmarkMap (full grid: 0,100,1000)")
	benchNames = flag.String("concbench.strategies", "", "comma-separated strategies for BenchmarkMap (default all, and the references loop and limit)")
	benchWaits = flag.String("concbench.wait", "0", "comma-separated waits per item for BenchmarkMap, as Go durations (e.g. 0,1ms; the harness's io preset)")
	benchOut   = flag.String("concbench.out", "reuse", "comma-separated outputs for BenchmarkMap: reuse (one result slice for every call) and/or fresh (strategies.Map, a new slice per call)")
)

func intList(b *testing.B, s string) []int {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 0 {
			b.Fatalf("bad value %q in list %q", f, s)
		}
		out = append(out, v)
	}
	return out
}

// durationList parses a comma-separated list of durations, each >= 0.
func durationList(b *testing.B, s string) []time.Duration {
	var out []time.Duration
	for f := range strings.SplitSeq(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d < 0 {
			b.Fatalf("bad duration %q in list %q", f, s)
		}
		out = append(out, d)
	}
	return out
}

// benchMap times s.MapInto over n seed-pattern items into one output slice
// reused by every call, as the harness does, and reports ns/item. workers
// is 0, so it follows GOMAXPROCS: -cpu P sets it (one value per go test
// run: with a list, sub-benchmarks of the first value run under the last
// value's GOMAXPROCS, golang/go#49980). It closes s if s holds resources.
func benchMap(b *testing.B, s strategies.Strategy, k strategies.Kernel, n int) {
	in, out := strategies.Pairs(n), make([]int64, n)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.MapInto(ctx, k, in, out, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
}

// benchMapFresh is benchMap with a new result slice per call
// (strategies.Map): the allocation's cost on top of the strategy's.
func benchMapFresh(b *testing.B, s strategies.Strategy, k strategies.Kernel, n int) {
	in := strategies.Pairs(n)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := strategies.Map(ctx, s, k, in, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
}

// BenchmarkMap is the grid behind every chart, its cases named by casekey:
// BenchmarkMap/strategy=S/n=N/work=W[/wait=D][/out=fresh]-P, P being GOMAXPROCS and the workers,
// for every strategy and the two references, loop and limit (see Limits).
// Compare strategies with: benchstat -col /strategy FILE.
func BenchmarkMap(b *testing.B) {
	lims := strategies.Limits()
	b.Cleanup(func() { closeAll(b, lims) })
	ss := append(all(b), lims...)
	if *benchNames != "" {
		ss = nil
		for name := range strings.SplitSeq(*benchNames, ",") {
			s, err := strategies.Lookup(strings.TrimSpace(name))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { closeAll(b, []strategies.Strategy{s}) })
			ss = append(ss, s)
		}
	}
	sizes, works, waits := intList(b, *benchSizes), intList(b, *benchWorks), durationList(b, *benchWaits)
	for _, o := range strings.Split(*benchOut, ",") {
		out, err := casekey.ParseOutput(o)
		if err != nil {
			b.Fatalf("-concbench.out: %v", err)
		}
		bench := map[casekey.Output]func(*testing.B, strategies.Strategy, strategies.Kernel, int){
			casekey.Reuse: benchMap, casekey.Fresh: benchMapFresh}[out]
		for _, s := range ss {
			for _, n := range sizes {
				for _, work := range works {
					for _, wait := range waits {
						// go test adds -P, GOMAXPROCS and the workers.
						key := casekey.Case{Strategy: s.Name(), N: n, Work: work, Wait: wait, Output: out}
						b.Run(key.Sub(), func(b *testing.B) {
							bench(b, s, strategies.Kernel{Const: strategies.SeedConst, Work: work, Wait: wait}, n)
						})
					}
				}
			}
		}
	}
}

// BenchmarkPipelineBatch is the measurement behind MaxBatch: the
// channel pipeline's cost per item as its batch grows, at the lightest work.
func BenchmarkPipelineBatch(b *testing.B) {
	for _, work := range []int{0, 100} {
		for _, batch := range []int{1, 16, 64, 256, 1024, 4096} {
			b.Run(fmt.Sprintf("work=%d/batch=%d", work, batch), func(b *testing.B) {
				benchMap(b, strategies.ChannelPipeline{Batch: batch}, strategies.Kernel{Const: 100, Work: work}, 100_000)
			})
		}
	}
}

// BenchmarkNeighbour asks whether a PersistentPool, whose workers spin for
// DefaultSpin after each call, slows down whatever runs right after it, as
// the next case of a harness round does. Each iteration is one round of
// six samples of about 2 ms: the pool back to back, then the neighbour
// timed ("after-pool"); the pool again, then Park, then the neighbour
// ("after-parked", what the harness does); static-partition, whose
// goroutines exit with each call, then the neighbour ("after-static").
// Nothing else (no garbage collection, no bookkeeping) separates a sample
// from the one before, so after-pool is the worst case. It reports the
// neighbour's median ns/item in each place, and the ratios to after-static.
func BenchmarkNeighbour(b *testing.B) {
	for _, nb := range []struct {
		s    strategies.Strategy
		work int
	}{{strategies.Sequential{}, 0}, {strategies.ErrGroup{}, 100}} {
		b.Run(fmt.Sprintf("neighbour=%s/work=%d", nb.s.Name(), nb.work), func(b *testing.B) {
			pool := &strategies.PersistentPool{}
			defer pool.Close()
			k := strategies.Kernel{Const: 100, Work: nb.work}
			in, out := strategies.Pairs(10_000), make([]int64, 10_000)
			spell := func(s strategies.Strategy) time.Duration { // about 2 ms of calls
				t0 := time.Now()
				for time.Since(t0) < 2*time.Millisecond {
					if err := s.MapInto(context.Background(), k, in, out, 0); err != nil {
						b.Fatal(err)
					}
				}
				return time.Since(t0)
			}
			timed := func() float64 {
				calls := 0
				t0 := time.Now()
				for ; time.Since(t0) < 2*time.Millisecond; calls++ {
					if err := nb.s.MapInto(context.Background(), k, in, out, 0); err != nil {
						b.Fatal(err)
					}
				}
				return float64(time.Since(t0)) / float64(calls*len(in))
			}
			var afterPool, afterParked, afterStatic []float64
			for b.Loop() {
				spell(pool)
				afterPool = append(afterPool, timed())
				spell(pool)
				pool.Park()
				afterParked = append(afterParked, timed())
				spell(strategies.StaticPartition{})
				afterStatic = append(afterStatic, timed())
			}
			p, pp, s := median(afterPool), median(afterParked), median(afterStatic)
			b.ReportMetric(p, "after-pool-ns/item")
			b.ReportMetric(pp, "after-parked-ns/item")
			b.ReportMetric(s, "after-static-ns/item")
			b.ReportMetric(p/s, "pool/static")
			b.ReportMetric(pp/s, "parked/static")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// BenchmarkIdleCoreStart measures what a parallel Map pays before its second
// core does anything: the time from starting a goroutine to it running on
// another P, when that P has just gone idle, as it has between two Map calls.
// The caller keeps its own P busy meanwhile, so the goroutine must be taken
// by the other one. On the 2-core VM behind results/ this was 73–81 µs
// (-count 5 -cpu 2, 2026-11-26, as the README quotes it): the OS has to
// wake the idle virtual CPU. It bounds every pool that starts goroutines
// per call at small n: work W on 2 cores takes at least (W + start)/2, so
// at n=10000, work=100 (W = 1.2 ms) the parallel efficiency cannot pass
// W/(W + start), about 0.94, there; the README's paired run measured
// 0.86–0.91.
func BenchmarkIdleCoreStart(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs GOMAXPROCS >= 2: with one P there is no other core to wake")
	}
	b.ReportAllocs()
	var total time.Duration
	for b.Loop() {
		busy(100 * time.Microsecond) // the other P has nothing to do
		var (
			started atomic.Int64 // ns after t0 at which the goroutine ran, +1
			wg      sync.WaitGroup
		)
		t0 := time.Now()
		wg.Go(func() { started.Store(int64(time.Since(t0)) + 1) })
		for started.Load() == 0 {
			// Spin rather than wait: waiting would free this P, and the
			// goroutine would start here at once. After 10 ms, yield, so
			// the loop cannot block a stop-the-world where the runtime
			// cannot preempt it (GODEBUG=asyncpreemptoff=1).
			if time.Since(t0) > 10*time.Millisecond {
				runtime.Gosched()
			}
		}
		wg.Wait()
		total += time.Duration(started.Load() - 1)
	}
	b.ReportMetric(float64(total)/1e3/float64(b.N), "µs/start")
	b.ReportMetric(0, "ns/op") // it would count the idle time between starts
}

// busy keeps the calling goroutine running on its P for about d.
func busy(d time.Duration) {
	for t := time.Now(); time.Since(t) < d; {
	}
}

// BenchmarkCancelWaiting times what a cancel costs when every item of a
// goroutine-per-item Map is waiting, as in issue 20, where
// goroutine-per-item -n 1e6 -wait 1s answered Ctrl-C in 472 ms: from the
// cancel to MapInto's return, when every waiting goroutine has woken and
// exited, per goroutine. The 20000 goroutines start untimed.
func BenchmarkCancelWaiting(b *testing.B) {
	const n = 20_000
	in, out := strategies.Pairs(n), make([]int64, n)
	k := strategies.Kernel{Const: 1, Wait: time.Hour}
	for b.Loop() {
		b.StopTimer()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- strategies.GoroutinePerItem{}.MapInto(ctx, k, in, out, 0) }()
		for waiting() < n {
			time.Sleep(10 * time.Millisecond)
		}
		b.StartTimer()
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			b.Fatalf("MapInto = %v, want context.Canceled", err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/goroutine")
}
