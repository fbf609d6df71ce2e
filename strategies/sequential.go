package strategies

import "context"

// Sequential is the baseline: a plain loop on the calling goroutine. Every
// other strategy is judged by how much faster than this it is, and at small n
// or light work the answer is often "slower". Python: [f(a, b) for a, b in
// pairs]. The zero value is ready to use; workers is ignored.
type Sequential struct{}

// Name returns "sequential".
func (Sequential) Name() string { return "sequential" }

// Traits implements Traiter: Go's baseline, on one goroutine.
func (Sequential) Traits() Traits {
	return Traits{Baseline: true, Serial: true, IgnoresWorkers: true}
}

// Teaches implements Lesson.
func (Sequential) Teaches() string {
	return "the baseline: one loop, no goroutines, no synchronisation"
}

// Python implements Lesson.
func (Sequential) Python() string { return "[worker_fn(p, 100) for p in pairs]" }

// MapInto applies k to every item in order on the calling goroutine.
func (Sequential) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, _ int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return Sequential{}.ranges(ctx, len(in), 1, k.pieces(in, out))
}

// ranges runs fn over all of [0, n) at once, on the calling goroutine.
func (Sequential) ranges(ctx context.Context, n, _ int, fn pieceFunc) error {
	if n == 0 {
		return nil
	}
	return fn(ctx, 0, 0, n)
}
