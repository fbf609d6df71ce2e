package strategies

import (
	"context"

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
	if err := checkLen(in, out); err != nil || len(in) == 0 {
		return err
	}
	workers = resolveWorkers(workers, len(in))
	chunk := s.Chunk
	if chunk <= 0 {
		chunk = pythonChunk(len(in), workers)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for lo := 0; lo < len(in) && gctx.Err() == nil; lo += chunk {
		hi := min(lo+chunk, len(in))
		g.Go(func() error {
			return k.span(gctx, in[lo:hi], out[lo:hi], lo, nil)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// The loop may have stopped early because ctx was cancelled after the
	// last running chunk finished cleanly.
	return ctx.Err()
}
