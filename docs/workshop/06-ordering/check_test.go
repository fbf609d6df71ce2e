//go:build workshop

package ordering

import (
	"fmt"
	"math/rand/v2"
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

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race ./docs/workshop/06-ordering/")
}

// inputs returns the check's inputs of n items in three orders: the seed's
// (item i is (i, 100+i)), reversed, and shuffled. Order is the lesson, so
// a Map that puts results back by anything but their position in in (the
// item's value, a sort) must fail on the last two.
func inputs(n int) map[string][]strategies.Pair {
	in := strategies.Pairs(n)
	rev := slices.Clone(in)
	slices.Reverse(rev)
	shuf := slices.Clone(in)
	rand.New(rand.NewPCG(21, uint64(n))).Shuffle(n, func(i, j int) { shuf[i], shuf[j] = shuf[j], shuf[i] })
	return map[string][]strategies.Pair{"seed": in, "reversed": rev, "shuffled": shuf}
}

func sequential(k strategies.Kernel, in []strategies.Pair) []int64 {
	out := make([]int64, len(in))
	for i, p := range in {
		out[i] = k.Apply(p)
	}
	return out
}

func TestMap(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, n := range []int{0, 1, 7, 1000} {
		for order, in := range inputs(n) {
			want := sequential(k, in)
			for _, workers := range []int{1, 2, 8} {
				t.Run(fmt.Sprintf("n=%d/order=%s/workers=%d", n, order, workers), func(t *testing.T) {
					if got := Map(in, workers, k.Apply); !slices.Equal(got, want) {
						t.Errorf("results differ from sequential: out[i] must be f(in[i])")
					}
				})
			}
		}
	}
}

// TestSlowFirstItem makes in[0] the slowest: its call waits until every
// other call has returned, then a little longer, so its result is the last
// to arrive. An order-preserving Map still puts it first. The check runs
// Map in a probe.Bubble, where time is fake and moves only when every
// goroutine is blocked, so "a little longer" means: after every other
// result has been delivered. The wait is also the check's demand for
// concurrency: a Map that runs one call at a time (a loop, or a pipeline
// that waits for each result before sending the next job) never runs the
// others while in[0] waits, and in[0] gives up after probe.Patience.
func TestSlowFirstItem(t *testing.T) {
	const n, workers = 100, 4
	k := strategies.Kernel{Const: 100}
	for order, in := range inputs(n) {
		t.Run("order="+order, func(t *testing.T) {
			probe.Bubble(t, func(t *testing.T) {
				var done atomic.Int64
				allDone := make(chan struct{})
				var gaveUp atomic.Bool
				var doneThen atomic.Int64 // calls returned when in[0] gave up
				f := func(p strategies.Pair) int64 {
					if p == in[0] {
						select {
						case <-allDone:
						case <-time.After(probe.Patience):
							doneThen.Store(done.Load())
							gaveUp.Store(true)
						}
						time.Sleep(20 * time.Millisecond)
					} else {
						defer func() {
							if done.Add(1) == n-1 {
								close(allDone)
							}
						}()
					}
					return k.Apply(p)
				}
				got := Map(in, workers, f)
				want := sequential(k, in)
				if gaveUp.Load() {
					t.Errorf("in[0] waited %v and only %d of the other %d calls ran meanwhile: Map must run calls concurrently, not one at a time", probe.Patience, doneThen.Load(), n-1)
				}
				if len(got) != n {
					t.Fatalf("len(Map) = %d, want %d", len(got), n)
				}
				if !slices.Equal(got, want) {
					at := slices.Index(got, want[0])
					t.Errorf("results out of input order: in[0]'s result is at index %d (and out[0] = %d, want %d)", at, got[0], want[0])
				}
			})
		})
	}
}
