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

	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it.

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

// peaks records, from inside f, the most calls in flight at once, the most
// goroutines alive and the most stack memory in use.
type peaks struct {
	inflight, maxInflight, calls atomic.Int64
	maxGoroutines                atomic.Int64
	mu                           sync.Mutex
	maxStack                     uint64
}

func (pk *peaks) f(k strategies.Kernel, pause time.Duration) func(strategies.Pair) int64 {
	return func(p strategies.Pair) int64 {
		storeMax(&pk.maxInflight, pk.inflight.Add(1))
		storeMax(&pk.maxGoroutines, int64(runtime.NumGoroutine()))
		if pk.calls.Add(1)%100 == 0 { // ReadMemStats stops the world: sample it
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			pk.mu.Lock()
			pk.maxStack = max(pk.maxStack, ms.StackInuse)
			pk.mu.Unlock()
		}
		time.Sleep(pause) // a call that waits, as for I/O: the worst case for unbounded fan-out
		pk.inflight.Add(-1)
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

func TestBounded(t *testing.T) {
	const n, workers = 1000, 4
	k := strategies.Kernel{Const: 100}
	before := runtime.NumGoroutine()
	var pk peaks
	MapAll(strategies.Pairs(n), workers, pk.f(k, 50*time.Microsecond))
	t.Logf("n=%d workers=%d: peak calls in flight %d, peak goroutines %d (before: %d), peak stack in use %d KiB",
		n, workers, pk.maxInflight.Load(), pk.maxGoroutines.Load(), before, pk.maxStack/1024)
	if got := pk.maxInflight.Load(); got > workers {
		t.Errorf("peak calls in flight = %d, want at most workers = %d", got, workers)
	}
	if got, limit := pk.maxGoroutines.Load(), int64(before+workers+2); got > limit {
		t.Errorf("peak goroutines = %d, want at most %d (before + workers + 2)", got, limit)
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
