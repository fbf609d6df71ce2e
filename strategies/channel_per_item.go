package strategies

import (
	"context"
	"sync"
)

// ChannelPerItem is the pipeline as first written: every item travels alone
// over an unbuffered jobs channel and comes back alone over an unbuffered
// results channel. Each item pays for two channel hand-offs (and the
// goroutine switches behind them), which dwarfs a light kernel; compare
// channel-pipeline, the same shape with batches.
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

type itemResult struct {
	i int
	v int64
}

// MapInto sends every index to workers goroutines over an unbuffered
// channel and collects each result by index. On a failure the failing
// worker cancels, the producer stops sending, and the collector drains what
// is in flight.
func (ChannelPerItem) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil || len(in) == 0 {
		return err
	}
	workers = resolveWorkers(workers, len(in))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	jobs := make(chan int)
	results := make(chan itemResult)

	var stages, workersDone sync.WaitGroup
	stages.Go(func() {
		defer close(jobs)
		for i := range in {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	})
	for range workers {
		workersDone.Go(func() {
			for i := range jobs {
				var v [1]int64
				if err := k.span(ctx, in[i:i+1], v[:], i, nil); err != nil {
					first.fail(err)
					continue
				}
				results <- itemResult{i: i, v: v[0]}
			}
		})
	}
	stages.Go(func() {
		workersDone.Wait()
		close(results)
	})

	for r := range results {
		out[r.i] = r.v
	}
	stages.Wait()
	if first.err != nil {
		return first.err
	}
	return ctx.Err()
}
