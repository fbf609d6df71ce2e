//go:build workshop

package sharedstate

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

// workerFn is the seed's worker_fn(changing_stuff, const_value).
func workerFn(p strategies.Pair, constValue int64) int64 {
	return strategies.Kernel{Const: constValue}.Apply(p)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race ./docs/workshop/01-shared-state/")
}

func TestMap(t *testing.T) {
	k := strategies.Kernel{Const: 100}
	for _, n := range []int{0, 1, 20, 10_000} {
		in := strategies.Pairs(n)
		want, err := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 2, 3, 8} {
			t.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(t *testing.T) {
				got, items := Map(in, workerFn, k.Const, workers)
				if !slices.Equal(got, want) {
					t.Errorf("results differ from sequential")
				}
				if items != n {
					t.Errorf("workers counted %d items, want %d (lost updates?)", items, n)
				}
			})
		}
	}
}

// span is the items one goroutine computed: the lowest and highest index,
// and how many.
type span struct{ lo, hi, count int64 }

// TestWorkers asks for what the contract promises: workers goroutines, each
// computing one contiguous range, all at the same time and never more. It
// runs Map in a probe.Bubble, where time is fake and moves only when every
// goroutine is blocked: each call holds for a fake microsecond, so every
// goroutine that can call at once does before the first call returns, and
// the peak of calls in flight is exact. A Map that runs one call at a time,
// in a loop or behind a lock, never has workers calls in flight; one
// goroutine per item has far more; and the goroutines that make the calls
// are counted, by id, exactly.
func TestWorkers(t *testing.T) {
	const n, workers = 1000, 4
	probe.Bubble(t, func(t *testing.T) {
		o := probe.NewOverlap(workers)
		var mu sync.Mutex
		spans := map[uint64]*span{}
		fn := func(p strategies.Pair, constValue int64) int64 {
			o.Enter()
			defer o.Exit()
			id := probe.GoroutineID()
			mu.Lock()
			if sp := spans[id]; sp == nil {
				spans[id] = &span{p.A, p.A, 1}
			} else {
				sp.lo, sp.hi, sp.count = min(sp.lo, p.A), max(sp.hi, p.A), sp.count+1
			}
			mu.Unlock()
			time.Sleep(time.Microsecond)
			return workerFn(p, constValue)
		}
		got, items := Map(strategies.Pairs(n), fn, 100, workers)
		t.Logf("peak calls in flight: %d, goroutines that called Worker.Call: %d (workers = %d)", o.Peak(), len(spans), workers)
		if len(got) != n || items != n {
			t.Errorf("Map returned %d results and counted %d items, want %d", len(got), items, n)
		}
		if !o.Met() {
			t.Errorf("never had %d calls of Worker.Call in flight at once (waited %v): with one Worker behind a mutex, or a plain loop, the %d goroutines do one goroutine's work", workers, probe.Patience, workers)
		}
		if p := o.Peak(); p > workers {
			t.Errorf("peak calls in flight = %d, want at most workers = %d", p, workers)
		}
		if len(spans) != workers {
			t.Errorf("%d goroutines called Worker.Call, want workers = %d: one goroutine (and one Worker) per range, not per item", len(spans), workers)
		}
		for _, sp := range spans {
			if sp.hi-sp.lo+1 != sp.count {
				t.Errorf("a goroutine computed %d items between %d and %d: each goroutine takes one contiguous range", sp.count, sp.lo, sp.hi)
				break
			}
		}
	})
}

func TestSeed(t *testing.T) {
	got, _ := Map(strategies.SeedPairs(), workerFn, 100, 2)
	if len(got) != 20 || got[0] != 10000 || got[19] != 13800 {
		t.Errorf("Map(seed) = %v, want [10000 10200 ... 13800]", got)
	}
}
