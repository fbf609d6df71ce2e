package harness

import (
	"context"
	"fmt"
	"reflect"

	"github.com/concbench/concbench/strategies"
)

// workload is what the cases of a Run compute: the seed's kernel (Run) or
// a user's function over the user's items (RunFunc). The runner's steps
// are the same for both; only a call and its check differ.
type workload interface {
	// op returns one timed call of case c.
	op(c Case) func(ctx context.Context) error
	// check runs case c once and compares its results with sequential's,
	// returning an error wrapping ErrMismatch when they differ.
	check(ctx context.Context, c Case) error
}

// kernelWork is the seed's kernel over Pairs(n), the cases' Work, Skew
// and Wait.
type kernelWork struct {
	inputs  map[int][]strategies.Pair
	outs    map[int][]int64     // one output per n, shared by its cases
	want    map[workKey][]int64 // sequential's results per (n, work, skew)
	kernels kernels
}

func newKernelWork(cases []Case) *kernelWork {
	w := &kernelWork{inputs: map[int][]strategies.Pair{}, outs: map[int][]int64{}, want: map[workKey][]int64{}, kernels: kernels{}}
	for _, c := range cases {
		if w.inputs[c.N] == nil {
			w.inputs[c.N] = strategies.Pairs(c.N)
			w.outs[c.N] = make([]int64, c.N)
		}
	}
	return w
}

// op returns one timed call of case c: MapInto into the output shared by
// every case of the same n (the cases run one at a time), or into a new
// slice for Output Fresh.
func (w *kernelWork) op(c Case) func(ctx context.Context) error {
	k := w.kernels.of(c)
	s, workers, in, out := c.Strategy, c.workers(), w.inputs[c.N], w.outs[c.N]
	if c.Output == Fresh {
		return func(ctx context.Context) error {
			return s.MapInto(ctx, k, in, make([]int64, len(in)), workers)
		}
	}
	return func(ctx context.Context) error {
		return s.MapInto(ctx, k, in, out, workers)
	}
}

// check compares c's result with sequential's, which it computes once per
// (n, work, skew), without waits: a wait does not change a result. The
// output starts out wrong, so a strategy that writes nothing fails too.
func (w *kernelWork) check(ctx context.Context, c Case) error {
	k := w.kernels.of(c)
	k.Wait = 0
	in := w.inputs[c.N]
	key := keyOf(c)
	ref, ok := w.want[key]
	if !ok {
		ref = make([]int64, c.N)
		if err := (strategies.Sequential{}).MapInto(ctx, k, in, ref, 1); err != nil {
			return fmt.Errorf("harness: check sequential n=%d work=%d skew=%v: %w", c.N, c.Work, c.Skew, err)
		}
		w.want[key] = ref
	}
	got := make([]int64, c.N)
	for i := range got {
		got[i] = ^ref[i]
	}
	k.Wait = c.Wait
	if err := c.Strategy.MapInto(ctx, k, in, got, c.workers()); err != nil {
		return fmt.Errorf("harness: check %s: %w", c.Name(), err)
	}
	for i := range ref {
		if got[i] != ref[i] {
			return fmt.Errorf("%w: %s: item %d = %d, want %d", ErrMismatch, c.Name(), i, got[i], ref[i])
		}
	}
	return nil
}

// funcWork is a user's function f over prefixes of the user's items in:
// case n maps in[:n].
type funcWork[T, R any] struct {
	in   []T
	f    strategies.Func[T, R]
	out  []R // shared by every case; case n uses out[:n]
	want []R // sequential's results over all of in, made by the first check
}

func newFuncWork[T, R any](in []T, f strategies.Func[T, R]) *funcWork[T, R] {
	return &funcWork[T, R]{in: in, f: f, out: make([]R, len(in))}
}

// op returns one timed call of case c: MapFunc over in[:n] into out[:n],
// or into a new slice for Output Fresh.
func (w *funcWork[T, R]) op(c Case) func(ctx context.Context) error {
	s, workers, in, out, f := c.Strategy, c.workers(), w.in[:c.N], w.out[:c.N], w.f
	if c.Output == Fresh {
		return func(ctx context.Context) error {
			return strategies.MapFunc(ctx, s, f, in, make([]R, len(in)), workers)
		}
	}
	return func(ctx context.Context) error {
		return strategies.MapFunc(ctx, s, f, in, out, workers)
	}
}

// check compares c's results with sequential's over all of in, computed
// once: an item's result does not depend on n. The output starts out
// holding other items' results (item i+1's in place i), so that a strategy
// that writes nothing fails unless every item has the same result.
func (w *funcWork[T, R]) check(ctx context.Context, c Case) error {
	if w.want == nil {
		want := make([]R, len(w.in))
		if err := strategies.MapFunc(ctx, strategies.Sequential{}, w.f, w.in, want, 1); err != nil {
			return fmt.Errorf("harness: check sequential n=%d: %w", len(w.in), err)
		}
		w.want = want
	}
	ref := w.want[:c.N]
	got := make([]R, c.N)
	for i := range got {
		got[i] = ref[(i+1)%len(ref)]
	}
	if err := strategies.MapFunc(ctx, c.Strategy, w.f, w.in[:c.N], got, c.workers()); err != nil {
		return fmt.Errorf("harness: check %s: %w", c.Name(), err)
	}
	for i := range ref {
		if !reflect.DeepEqual(got[i], ref[i]) {
			return fmt.Errorf("%w: %s: item %d = %v, want %v", ErrMismatch, c.Name(), i, got[i], ref[i])
		}
	}
	return nil
}
