//go:build workshop

package sharedstate

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/docs/workshop/internal/probe"
	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it. Run it as the README says,
// with -race.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}

// workerFn is the seed's worker_fn(changing_stuff, const_value).
func workerFn(p strategies.Pair, constValue int64) int64 {
	return strategies.Kernel{Const: constValue}.Apply(p)
}

func TestRunWithRace(t *testing.T) {
	if !raceEnabled() {
		t.Fatal("this check needs the race detector: go test -tags workshop -race ./docs/workshop/01-shared-state/")
	}
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

// TestCallsOverlap asks for what the workers are for: calls that run at the
// same time. The first two calls wait for each other (up to
// probe.Patience), so a Map that runs one call at a time, in a loop or
// behind a lock, fails however fast the machine is, and one that overlaps
// them passes however slow.
func TestCallsOverlap(t *testing.T) {
	const n, workers = 1000, 4
	o := probe.NewOverlap(2)
	fn := func(p strategies.Pair, constValue int64) int64 {
		o.Enter()
		defer o.Exit()
		return workerFn(p, constValue)
	}
	got, items := Map(strategies.Pairs(n), fn, 100, workers)
	t.Logf("peak calls in flight: %d (workers = %d)", o.Peak(), workers)
	if !o.Met() {
		t.Errorf("no two calls of Worker.Call ever ran at once (waited %v): with one Worker behind a mutex, or a plain loop, the %d goroutines do one goroutine's work", probe.Patience, workers)
	}
	if len(got) != n || items != n {
		t.Errorf("Map returned %d results and counted %d items, want %d", len(got), items, n)
	}
}

func TestSeed(t *testing.T) {
	got, _ := Map(strategies.SeedPairs(), workerFn, 100, 2)
	if len(got) != 20 || got[0] != 10000 || got[19] != 13800 {
		t.Errorf("Map(seed) = %v, want [10000 10200 ... 13800]", got)
	}
}
