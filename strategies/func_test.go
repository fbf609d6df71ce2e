package strategies_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concbench/concbench/strategies"
)

// funcForm is a strategy's MapFunc dressed as a Strategy, so that every
// contract test runs user functions too: its user function computes what
// the Kernel does, item by item, through MapFunc. It calls the kernel's
// Check with p.A as the index, which is the item's index in the Pairs
// pattern every test uses, and waits on its own timer, watching ctx.
type funcForm struct{ s strategies.Strategy }

// Name is the strategy's name with "/func", readable in -run filters.
func (f funcForm) Name() string { return f.s.Name() + "/func" }

func (f funcForm) MapInto(ctx context.Context, k strategies.Kernel, in []strategies.Pair, out []int64, workers int) error {
	return strategies.MapFunc(ctx, f.s, kernelFunc(k), in, out, workers)
}

// kernelFunc is k as a user's function.
func kernelFunc(k strategies.Kernel) strategies.Func[strategies.Pair, int64] {
	return func(ctx context.Context, p strategies.Pair) (int64, error) {
		if k.Check != nil {
			if err := k.Check(int(p.A), p); err != nil {
				return 0, err
			}
		}
		x := k.Apply(p)
		if k.Wait > 0 {
			t := time.NewTimer(k.Wait)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				return 0, ctx.Err()
			}
		}
		return x, nil
	}
}

// allForms is every strategy of All, then the func form of each that runs
// user functions; the test owns them.
func allForms(t testing.TB) []strategies.Strategy {
	t.Helper()
	ss := all(t)
	for _, s := range slices.Clone(ss) {
		if strategies.RunsFunc(s) {
			ss = append(ss, funcForm{s})
		}
	}
	return ss
}

// TestRunsFunc: every strategy runs user functions except the two whose
// lesson is how the seed binds its constant, which say so with
// ErrSeedOnly and run nothing; the references run them too.
func TestRunsFunc(t *testing.T) {
	seedOnly := []string{"closure-partial", "struct-worker"}
	ls := strategies.Limits()
	t.Cleanup(func() { closeAll(t, ls) })
	for _, s := range append(all(t), ls...) {
		t.Run(s.Name(), func(t *testing.T) {
			want := !slices.Contains(seedOnly, s.Name())
			if got := strategies.RunsFunc(s); got != want {
				t.Fatalf("RunsFunc = %v, want %v", got, want)
			}
			var calls atomic.Int32
			f := func(_ context.Context, x int) (int, error) { calls.Add(1); return x, nil }
			err := strategies.MapFunc(context.Background(), s, f, []int{1, 2, 3}, make([]int, 3), 1)
			if want && err != nil || !want && !errors.Is(err, strategies.ErrSeedOnly) {
				t.Errorf("MapFunc: %v", err)
			}
			if !want && calls.Load() != 0 {
				t.Errorf("a seed-only strategy called f %d times", calls.Load())
			}
		})
	}
}

// TestMapFuncTypes: MapFunc takes any item and result types, and a plain
// func literal; references run it too.
func TestMapFuncTypes(t *testing.T) {
	in := []string{"a", "bb", "", "dddd"}
	ls := strategies.Limits()
	t.Cleanup(func() { closeAll(t, ls) })
	for _, s := range append(all(t), ls...) {
		if !strategies.RunsFunc(s) {
			continue
		}
		t.Run(s.Name(), func(t *testing.T) {
			out := make([]struct{ n int }, len(in))
			err := strategies.MapFunc(context.Background(), s, func(_ context.Context, x string) (struct{ n int }, error) {
				return struct{ n int }{len(x)}, nil
			}, in, out, 3)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(out) != "[{1} {2} {0} {4}]" {
				t.Errorf("out = %v", out)
			}
		})
	}
}

// TestMapFuncReferencesStopAtError: the references' plain loop still
// stops at a failing item and names it.
func TestMapFuncReferencesStopAtError(t *testing.T) {
	ls := strategies.Limits()
	t.Cleanup(func() { closeAll(t, ls) })
	for _, s := range ls {
		t.Run(s.Name(), func(t *testing.T) {
			err := strategies.MapFunc(context.Background(), s, func(_ context.Context, x int) (int, error) {
				if x == 7 {
					return 0, errBoom
				}
				return x, nil
			}, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}, make([]int, 9), 2)
			if !errors.Is(err, errBoom) || !strings.Contains(err.Error(), "item 7") {
				t.Errorf("err = %v, want item 7's errBoom", err)
			}
		})
	}
}
