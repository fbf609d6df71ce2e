package strategies

import "context"

// StructWorker is Go's callable class: a Worker struct holds the constants
// and some per-worker state (how many items it processed), and its Call
// method is the __call__. Each goroutine owns its own Worker value, so the
// state needs no lock.
//
// Sharing one *Worker between goroutines would be the cheat sheet's
// "mutating __call__" bug: w.Items++ is a read-modify-write, two goroutines
// doing it at once lose updates, and `go test -race` reports the data race.
// Python hides the bug differently: each process gets a pickled copy of the
// instance, so its updates are silently lost rather than racy.
//
// Python: pool.map(Callable(const_value=100), pairs).
type StructWorker struct {
	// Chunk is the number of items a worker takes at a time. Zero means
	// Pool.map's default, ceil(n / (4 * workers)), for the first chunks,
	// then smaller ones as the work runs out (see ClosurePartial.Chunk).
	Chunk int
}

// Worker is the callable: constants plus state owned by one goroutine.
type Worker struct {
	// Const and Work are the kernel's constants, like self.const_value.
	Const int64
	Work  int
	// Items counts the items this worker computed. It is per-goroutine
	// state: safe only because no two goroutines share a Worker.
	Items int
}

// Call computes one item and counts it, like __call__ with self.const_value.
func (w *Worker) Call(p Pair) int64 {
	w.Items++
	return compute(w.Const, w.Work, p)
}

// Name returns "struct-worker".
func (StructWorker) Name() string { return "struct-worker" }

// Teaches implements Lesson.
func (StructWorker) Teaches() string {
	return "a worker struct with a method; one value per goroutine keeps its state race-free"
}

// Python implements Lesson.
func (StructWorker) Python() string {
	return "pool.map(Callable(const_value=100), pairs)"
}

// MapInto applies k to in with one Worker value per goroutine, each taking
// chunks of items (see Chunk). Results are written in place, in input order.
func (s StructWorker) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil || len(in) == 0 {
		return err
	}
	workers = resolveWorkers(workers, len(in))
	// One Worker and one bound method value per goroutine, made up front:
	// the pool never hands the same w to two goroutines. The padding keeps
	// two workers' Items counters off the same cache line; without it the
	// cores would fight over that line on every item (false sharing).
	type padded struct {
		Worker
		_ [64]byte
	}
	ws := make([]padded, workers)
	calls := make([]func(Pair) int64, workers)
	for w := range ws {
		ws[w].Worker = Worker{Const: k.Const, Work: k.Work}
		calls[w] = ws[w].Call
	}
	return chunkPool(ctx, len(in), workers, s.Chunk, func(ctx context.Context, w, lo, hi int) error {
		return k.span(ctx, in[lo:hi], out[lo:hi], lo, calls[w])
	})
}
