package strategies

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// ErrGroup is the idiomatic bounded fan-out: golang.org/x/sync/errgroup with
// WithContext, so the first error cancels the rest, and SetLimit(workers), so
// at most workers chunks run at once. One goroutine per chunk; Go blocks
// while the limit is reached, which is the backpressure.
//
// Python: concurrent.futures with executor.map over chunks. Since Python
// 3.9, shutdown(cancel_futures=True) cancels the chunks not yet started;
// what Python lacks is a way to stop the ones already running, which the
// context here does.
type ErrGroup struct {
	// Chunk is the number of items per goroutine. Zero means Pool.map's
	// default: ceil(n / (4 * workers)).
	Chunk int
}

// Name returns "errgroup".
func (ErrGroup) Name() string { return "errgroup" }

// Teaches implements Lesson.
func (ErrGroup) Teaches() string {
	return "errgroup.WithContext + SetLimit: bounded fan-out where the first error cancels the rest"
}

// Python implements Lesson.
func (ErrGroup) Python() string {
	return "ProcessPoolExecutor(processes).map(partial(worker_fn, const_value=100), pairs)"
}

// MapInto applies k to in, one errgroup goroutine per chunk, at most
// workers at a time. Results are written in place, in input order.
func (s ErrGroup) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return s.ranges(ctx, len(in), workers, k.pieces(in, out))
}

// ranges starts one goroutine per chunk, at most workers at a time. A
// goroutine takes its chunk when it starts, the next in input order, not
// when g.Go made it: the scheduler runs the goroutine made last first, and
// with chunks fixed at g.Go the one holding chunk 0 waited in a run queue
// on a busy machine while the seven after it ran (issue 20: 175001 of
// 200000 items checked after a failure at item 0).
func (s ErrGroup) ranges(ctx context.Context, n, workers int, fn pieceFunc) error {
	if n == 0 {
		return nil
	}
	workers = resolveWorkers(workers, n)
	chunk := s.Chunk
	if chunk <= 0 {
		chunk = pythonChunk(n, workers)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	var next atomic.Int64 // where the next chunk to start begins
	for c := 0; c*chunk < n && gctx.Err() == nil; c++ {
		g.Go(func() error {
			lo := int(next.Add(int64(chunk))) - chunk
			return fn(gctx, 0, lo, min(lo+chunk, n))
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// The loop may have stopped early because ctx was cancelled after the
	// last running chunk finished cleanly.
	return ctx.Err()
}
