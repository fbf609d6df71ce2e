package strategies

import "context"

// ClosurePartial is Go's functools.partial: Partial binds the kernel's
// constants into a closure, and a small worker pool maps that closure over
// chunks of the input, the way Pool.map sends chunks to its processes.
//
// It answers the cheat sheet's question "is the constant copied per task or
// per process?": in Go, neither. The closure captures Const and Work once,
// when Partial is called; every goroutine calls the same closure and reads
// the same captured values, and nothing is copied or allocated per item or
// per chunk (see allocs/op in the benchmarks).
//
// Python: pool.map(functools.partial(f, const_value=100), pairs).
type ClosurePartial struct {
	// Chunk is the number of items a worker takes at a time. Zero means
	// Pool.map's default, ceil(n / (4 * workers)), for the first chunks,
	// then smaller ones as the work runs out, so the workers finish together
	// (see schedule in pool.go).
	Chunk int
}

// Name returns "closure-partial".
func (ClosurePartial) Name() string { return "closure-partial" }

// Teaches implements Lesson.
func (ClosurePartial) Teaches() string {
	return "a closure binds the constant once; a pool hands out chunks like Pool.map"
}

// Python implements Lesson.
func (ClosurePartial) Python() string {
	return "pool.map(partial(worker_fn, const_value=100), pairs)"
}

// Partial returns the kernel with its constants bound: the Go spelling of
// functools.partial(f, const_value=constant) with the work rounds fixed too.
//
// It is kept out of line on purpose: inlined into ClosurePartial.MapInto
// (Go 1.26), the copy of its closure called Kernel.Apply instead of
// inlining it, which cost a call per item, 7 ns at work=0 on the 2-core VM.
// Out of line, the closure is compiled once, with Apply inlined.
//
//go:noinline
func Partial(constant int64, work int) func(Pair) int64 {
	return func(p Pair) int64 {
		return compute(constant, work, p)
	}
}

// MapInto applies k to in with a pool of workers goroutines taking chunks
// of items (see Chunk). Results are written in place, so they are in input
// order.
func (s ClosurePartial) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil || len(in) == 0 {
		return err
	}
	f := Partial(k.Const, k.Work)
	return chunkPool(ctx, len(in), workers, s.Chunk, func(ctx context.Context, _, lo, hi int) error {
		return k.span(ctx, in[lo:hi], out[lo:hi], lo, f)
	})
}
