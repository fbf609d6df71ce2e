package strategies

import (
	"context"
	"sync"
)

// ChannelPipeline is the classic Go pipeline: a producer sends batches of
// item indexes on a jobs channel, workers compute each batch into a buffer
// and send it on a results channel, and a collector copies every batch to its
// place in the output, restoring input order. Buffers are recycled through a
// free list, so a Map allocates a fixed number of them, not one per batch.
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
// Python: multiprocessing.Queue in and out of worker processes, reordered by
// index on the way back.
type ChannelPipeline struct {
	// Batch is the number of items per channel message. Zero means
	// Pool.map's chunk, ceil(n / (4 * workers)), but at most MaxBatch.
	Batch int
	// Buffer is the capacity of the jobs and results channels. Zero means
	// one slot per worker.
	Buffer int
}

// MaxBatch caps ChannelPipeline's default batch, chosen by measurement
// (BenchmarkPipelineBatch, n = 100000 on 2 cores): per item, batches of 1,
// 16, 256, 1024 and 4096 cost 590, 54, 13.5, 11.3 and 8.5 ns at work=0
// (errgroup: 7.3), and 786, 185, 106, 89 and 82 ns at work=100 (errgroup:
// 91). Bigger batches amortise the channel operations; the cap keeps the
// recycled buffers small and the collector streaming at large n, and the
// n/(4*workers) rule keeps enough batches to balance the load at small n.
const MaxBatch = 4096

// Name returns "channel-pipeline".
func (ChannelPipeline) Name() string { return "channel-pipeline" }

// Teaches implements Lesson.
func (ChannelPipeline) Teaches() string {
	return "producer -> jobs -> workers -> results -> ordered collector, batched, drained on error"
}

// Python implements Lesson.
func (ChannelPipeline) Python() string {
	return "worker Processes reading a multiprocessing.Queue of (index, chunk), results reordered by index"
}

type pipelineResult struct {
	lo   int
	vals []int64
}

// Map runs the pipeline and returns when every stage has finished.
func (s ChannelPipeline) Map(ctx context.Context, k Kernel, in []Pair, workers int) ([]int64, error) {
	out := make([]int64, len(in))
	if len(in) == 0 {
		return out, nil
	}
	batch := s.Batch
	if batch <= 0 {
		batch = min(pythonChunk(len(in), resolveWorkers(workers, len(in))), MaxBatch)
	}
	workers = resolveWorkers(workers, (len(in)+batch-1)/batch)
	buffer := s.Buffer
	if buffer <= 0 {
		buffer = workers
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	first := firstError{cancel: cancel}

	// Enough buffers that a worker never waits for one: each worker holds at
	// most one, the results channel holds buffer, the collector holds one.
	nbuf := workers + buffer + 1
	backing := make([]int64, nbuf*batch)
	free := make(chan []int64, nbuf)
	for b := range nbuf {
		free <- backing[b*batch : (b+1)*batch]
	}
	jobs := make(chan int, buffer)
	results := make(chan pipelineResult, buffer)

	var stages, workersDone sync.WaitGroup
	stages.Go(func() { // producer: the only sender on jobs, so it closes it
		defer close(jobs)
		for lo := 0; lo < len(in); lo += batch {
			select {
			case jobs <- lo:
			case <-ctx.Done():
				return
			}
		}
	})
	for range workers {
		workersDone.Go(func() {
			for lo := range jobs {
				hi := min(lo+batch, len(in))
				buf := (<-free)[:hi-lo]
				if err := k.span(ctx, in[lo:hi], buf, lo, nil); err != nil {
					first.fail(err)
					free <- buf // never blocks: free has room for every buffer
					continue    // drain jobs; later spans stop at once
				}
				results <- pipelineResult{lo: lo, vals: buf}
			}
		})
	}
	stages.Go(func() { // results has a sender per worker: close it once all are done
		workersDone.Wait()
		close(results)
	})

	// Collector: restore order by copying each batch to its offset. It reads
	// until results is closed, so no worker blocks on a full channel.
	for r := range results {
		copy(out[r.lo:], r.vals)
		free <- r.vals
	}
	stages.Wait()
	if first.err != nil {
		return nil, first.err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
