package strategies

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// ChannelPipeline is the classic Go pipeline: a producer sends a job per
// batch of items on a jobs channel, workers compute the next batch in input
// order for each job they take (see ranges) and report it
// on a results channel, and a collector on the calling goroutine takes every
// report until the workers are done. Each batch owns its range of the
// output, so a worker writes the batch straight into its place: no lock, no
// buffer and no copy, and the results are in input order however the
// batches finish (a pipeline that sent values instead would have to put
// them back in order; see workshop exercise 06).
//
// It teaches channel ownership (a channel is closed once, when nothing can
// send on it any more: the producer, jobs' only sender, closes jobs; results
// has one sender per worker, so a goroutine that waits for all the workers
// closes it), failing fast (a worker that fails cancels the context itself
// rather than waiting for the collector, which may not get a CPU soon),
// draining so no goroutine blocks forever, and why batching matters: a
// channel operation costs far more than a light item (compare
// channel-per-item).
//
// Python: multiprocessing.Queue in and out of worker processes, results
// put in place by index on the way back.
type ChannelPipeline struct {
	// Batch is the number of items per channel message. Zero means
	// Pool.map's chunk, ceil(n / (4 * workers)), but at most MaxBatch.
	Batch int
	// Buffer is the capacity of the jobs and results channels. Zero means
	// one slot per worker.
	Buffer int
}

// MaxBatch caps ChannelPipeline's default batch (BenchmarkPipelineBatch
// measures the choice). Bigger batches amortise the channel operations, a
// few hundred nanoseconds each; the cap keeps batches coming at large n, so
// the workers finish within one small batch of each other, and the
// n/(4*workers) rule keeps enough batches to balance the load at small n.
const MaxBatch = 4096

// Name returns "channel-pipeline".
func (ChannelPipeline) Name() string { return "channel-pipeline" }

// Teaches implements Lesson.
func (ChannelPipeline) Teaches() string {
	return "producer -> jobs -> workers -> results -> collector, batched, written in place, drained on error"
}

// Python implements Lesson.
func (ChannelPipeline) Python() string {
	return "worker processes on a Queue, results put back by index"
}

// MapInto runs the pipeline and returns when every stage has finished.
func (s ChannelPipeline) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return s.ranges(ctx, len(in), workers, k.pieces(in, out))
}

// ranges is the pipeline over the batches of [0, n).
func (s ChannelPipeline) ranges(ctx context.Context, n, workers int, fn pieceFunc) error {
	if n == 0 {
		return nil
	}
	batch := s.Batch
	if batch <= 0 {
		batch = min(pythonChunk(n, resolveWorkers(workers, n)), MaxBatch)
	}
	workers = resolveWorkers(workers, (n+batch-1)/batch)
	buffer := s.Buffer
	if buffer <= 0 {
		buffer = workers
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}
	// A job is a ticket for one batch, carrying its size: the worker that
	// takes it computes the next batch in input order, from a counter. A
	// job that named its batch would fix the order at the send, and a send
	// to a parked worker readies it behind the next one readied, so on a
	// busy machine batch 0 waited while four later ones ran (issue 20).
	jobs := make(chan int, buffer)    // the size of each batch
	results := make(chan int, buffer) // the items of each batch done
	var next atomic.Int64             // where the next batch to start begins

	var stages, workersDone sync.WaitGroup
	stages.Go(func() { // producer: the only sender on jobs, so it closes it
		defer close(jobs)
		for lo := 0; lo < n; lo += batch {
			select {
			case jobs <- min(batch, n-lo):
			case <-ctx.Done():
				return
			}
		}
	})
	for range workers {
		workersDone.Go(func() {
			for size := range jobs {
				lo := int(next.Add(int64(size))) - size
				if err := fn(ctx, 0, lo, lo+size); err != nil {
					first.fail(err)
					continue // drain jobs; later spans stop at once
				}
				results <- size
			}
		})
	}
	stages.Go(func() { // results has a sender per worker: close it once all are done
		workersDone.Wait()
		close(results)
	})

	// Collector: it reads until results is closed, so no worker blocks on
	// a full channel. A streaming consumer would take each batch here.
	done := 0
	for items := range results {
		done += items
	}
	stages.Wait()
	if first.err != nil {
		return first.err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if done != n { // a bug in the pipeline, never the caller's
		return fmt.Errorf("strategies: channel-pipeline: %d of %d items reported", done, n)
	}
	return nil
}
