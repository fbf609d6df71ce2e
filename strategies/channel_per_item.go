package strategies

import (
	"context"
	"sync"
	"sync/atomic"
)

// ChannelPerItem is the pipeline as first written: every item travels alone
// over an unbuffered jobs channel, and its worker reports it done alone over
// an unbuffered results channel (the result itself is written in place, by
// index, as channel-pipeline does). Each item pays for two channel
// hand-offs (and the goroutine switches behind them), which dwarfs a light
// kernel; compare channel-pipeline, the same shape with batches.
//
// Python: imap with chunksize=1, or a Queue.put per item.
type ChannelPerItem struct{}

// Name returns "channel-per-item".
func (ChannelPerItem) Name() string { return "channel-per-item" }

// Teaches implements Lesson.
func (ChannelPerItem) Teaches() string {
	return "one unbuffered channel send per item: why pipelines batch"
}

// Python implements Lesson.
func (ChannelPerItem) Python() string {
	return "pool.imap(partial(worker_fn, const_value=100), pairs, chunksize=1)"
}

// MapInto sends every index to workers goroutines over an unbuffered
// channel and collects each report. On a failure the failing worker
// cancels, the producer stops sending, and the collector drains what is in
// flight.
func (s ChannelPerItem) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return s.ranges(ctx, len(in), workers, k.pieces(in, out))
}

// ranges is the pipeline over the items of [0, n), one at a time.
func (ChannelPerItem) ranges(ctx context.Context, n, workers int, fn pieceFunc) error {
	if n == 0 {
		return nil
	}
	workers = resolveWorkers(workers, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	// A job is a ticket for one item: the worker that takes it computes the
	// next item in input order (see ChannelPipeline.ranges for why).
	jobs := make(chan struct{})
	results := make(chan struct{}) // an item done
	var next atomic.Int64          // the next item to start

	var stages, workersDone sync.WaitGroup
	stages.Go(func() {
		defer close(jobs)
		for range n {
			select {
			case jobs <- struct{}{}:
			case <-ctx.Done():
				return
			}
		}
	})
	for range workers {
		workersDone.Go(func() {
			for range jobs {
				i := int(next.Add(1)) - 1
				if err := fn(ctx, 0, i, i+1); err != nil {
					first.fail(err)
					continue
				}
				results <- struct{}{}
			}
		})
	}
	stages.Go(func() {
		workersDone.Wait()
		close(results)
	})

	// Collector: it reads every report until results is closed, so no
	// worker blocks on it; a streaming consumer would take each item here.
	for range results {
	}
	stages.Wait()
	if first.err != nil {
		return first.err
	}
	return ctx.Err()
}
