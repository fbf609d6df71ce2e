//go:build workshop

package ordering

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

// This file is the frozen check: do not edit it.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestMap(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, n := range []int{0, 1, 7, 1000} {
		in := strategies.Pairs(n)
		want, err := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 2, 8} {
			t.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(t *testing.T) {
				if got := Map(in, workers, k.Apply); !slices.Equal(got, want) {
					t.Errorf("results differ from sequential")
				}
			})
		}
	}
}

// TestSlowFirstItem makes item 0 the slowest: its call waits until every
// other call has returned, then a little longer, so its result is the last to
// arrive. An order-preserving Map still puts it first. The wait is also the
// check's demand for concurrency: a Map that runs one call at a time (a
// loop, or a pipeline that waits for each result before sending the next
// job) never runs the others while item 0 waits, and item 0 gives up after
// probe.Patience.
func TestSlowFirstItem(t *testing.T) {
	const n, workers = 100, 4
	k := strategies.Kernel{Const: 100}
	in := strategies.Pairs(n)
	var done atomic.Int64
	var gaveUp atomic.Bool
	f := func(p strategies.Pair) int64 {
		if p.A == 0 {
			deadline := time.Now().Add(probe.Patience)
			for done.Load() < n-1 {
				if time.Now().After(deadline) {
					gaveUp.Store(true)
					break
				}
				time.Sleep(100 * time.Microsecond)
			}
			time.Sleep(20 * time.Millisecond)
		} else {
			defer done.Add(1)
		}
		return k.Apply(p)
	}
	got := Map(in, workers, f)
	want, _ := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
	if gaveUp.Load() {
		t.Errorf("item 0 waited %v and only %d of the other %d calls ran meanwhile: Map must run calls concurrently, not one at a time", probe.Patience, done.Load(), n-1)
	}
	if len(got) != n {
		t.Fatalf("len(Map) = %d, want %d", len(got), n)
	}
	if !slices.Equal(got, want) {
		at := slices.Index(got, want[0])
		t.Errorf("results out of input order: item 0's result is at index %d (and out[0] = %d, want %d)", at, got[0], want[0])
	}
}
