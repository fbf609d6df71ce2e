//go:build workshop

package sharedstate

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it. Run it as the README says,
// with -race.

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
				got, items := Map(in, k.Const, workers)
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

func TestSeed(t *testing.T) {
	got, _ := Map(strategies.SeedPairs(), 100, 2)
	if got[0] != 10000 || got[19] != 13800 {
		t.Errorf("Map(seed) = %v, want [10000 10200 ... 13800]", got)
	}
}
