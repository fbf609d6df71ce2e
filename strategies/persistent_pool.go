package strategies

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// PersistentPool is one pool used for many calls, the Go twin of
//
//	with Pool() as pool:
//	    for batch in batches:
//	        pool.map(f, batch)
//
// Its workers are started by the first MapInto and live until Close. Every
// other pool here starts its goroutines on each call and lets them exit, so
// each call pays for waking an idle core (73–81 µs on the 2-core VM, see
// BenchmarkIdleCoreStart), which at small n is a large part of the
// call. Here, after a call, each worker keeps looking for the next one for
// Spin (busy, yielding its core to any other goroutine that wants it) and
// only then parks: calls that follow each other closely find their workers
// awake, and a pool left idle costs nothing.
//
// The price is CPU time: a worker spinning between calls burns its core for
// up to Spin after every call, which the harness's cpu-ns/item shows.
//
// Items are handed out in pieces like ClosurePartial's, and the calling
// goroutine works too, as worker 0. MapInto calls on one pool are
// serialised. After MapInto returns no worker touches its out or calls its
// Kernel's Check again, as for every strategy; only the idle workers
// remain, until Close.
//
// Use a *PersistentPool (it holds a mutex); the zero value is ready to use.
// Python: one Pool() whose map is called many times.
type PersistentPool struct {
	// Chunk is the number of items a worker takes at a time, as in
	// ClosurePartial; zero means Pool.map's chunksize, then smaller pieces
	// as the work runs out.
	Chunk int
	// Spin is how long an idle worker keeps looking for the next call
	// before it parks. Zero means DefaultSpin; a negative value parks at
	// once (every call then wakes its workers, like the other pools).
	Spin time.Duration

	mu      sync.Mutex // serialises MapInto and Close
	closed  bool
	helpers []*poolHelper // workers 1, 2, ...; started as calls need them
	wg      sync.WaitGroup
	cur     atomic.Pointer[poolCall] // the call in progress, or nil
	parks   atomic.Int64             // Park's calls: idle workers park when it moves
	quit    atomic.Bool
	done    chan struct{} // a helper leaving a closed call signals here
}

// DefaultSpin is PersistentPool's default Spin: long enough to span the
// gap between calls made one after another (a few microseconds), short
// enough that an idle pool stops burning CPU at once on a human scale.
const DefaultSpin = 100 * time.Microsecond

// ErrClosed is returned by PersistentPool.MapInto after Close.
var ErrClosed = errors.New("strategies: pool is closed")

// poolHelper is one long-lived worker goroutine's parking spot.
type poolHelper struct {
	wake   chan struct{} // capacity 1: a token wakes a parked helper
	parked atomic.Bool
}

// poolCall is one MapInto: its pieces, and who is still working on them.
// A helper joins a call by adding to active, and works only if the call is
// not yet closed; the caller closes the call when it runs out of pieces
// and waits until active is zero. Both sides store first and load second
// (sequentially consistent atomics), so either the helper sees closed or
// the caller sees the helper in active, and no helper works on a call that
// has returned.
type poolCall struct {
	*chunkJob
	active atomic.Int32
	closed atomic.Bool
	parks  int64 // the pool's Park count when the call began
}

// Name returns "persistent-pool".
func (*PersistentPool) Name() string { return "persistent-pool" }

// Teaches implements Lesson.
func (*PersistentPool) Teaches() string {
	return "workers that live across calls: they spin briefly after a call, then park; no core to wake for back-to-back calls"
}

// Python implements Lesson.
func (*PersistentPool) Python() string {
	return "one Pool() kept for many map calls"
}

// MapInto applies k to in with the pool's workers and the calling goroutine,
// which take pieces of items as in ClosurePartial. Results are written in
// place, in input order. It starts workers the first time a call needs them.
func (p *PersistentPool) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	return p.ranges(ctx, len(in), workers, k.pieces(in, out))
}

// ranges runs fn over [0, n) in the pieces of the pool's Chunk.
func (p *PersistentPool) ranges(ctx context.Context, n, workers int, fn pieceFunc) error {
	return p.run(ctx, n, workers, p.Chunk, fn)
}

// run is MapInto's engine: fn over [0, n) in the pieces of chunk's
// schedule, on the calling goroutine and the pool's workers.
func (p *PersistentPool) run(ctx context.Context, n, workers, chunk int, fn pieceFunc) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if n == 0 {
		return nil
	}
	c := &poolCall{chunkJob: newChunkJob(ctx, n, workers, chunk, fn), parks: p.parks.Load()}
	defer c.cancel()
	p.start(c.workers - 1)
	p.cur.Store(c)
	for _, h := range p.helpers[:c.workers-1] {
		if h.parked.Load() {
			h.signal()
		}
	}
	c.work(0)
	c.closed.Store(true)
	p.waitHelpers(c)
	p.cur.Store(nil) // drop the call's slices; helpers ignore nil
	return c.err()
}

// start makes sure at least n helpers are running.
func (p *PersistentPool) start(n int) {
	if p.done == nil {
		p.done = make(chan struct{}, 1)
	}
	for len(p.helpers) < n {
		h := &poolHelper{wake: make(chan struct{}, 1)}
		w := len(p.helpers) + 1
		p.helpers = append(p.helpers, h)
		parks := p.parks.Load()
		p.wg.Go(func() { p.helper(h, w, parks) })
	}
}

// waitHelpers returns once no helper works on c: at once, usually, because
// the helpers ran out of pieces when the caller did; otherwise it spins for
// up to the spin window, then blocks until the last one signals.
func (p *PersistentPool) waitHelpers(c *poolCall) {
	t0 := time.Now()
	for i := 0; c.active.Load() != 0; i++ {
		if i%64 == 63 && time.Since(t0) > p.spin() {
			<-p.done // a stale token only makes the loop look again
		} else {
			runtime.Gosched()
		}
	}
}

// spin returns the spin window.
func (p *PersistentPool) spin() time.Duration {
	switch {
	case p.Spin < 0:
		return 0
	case p.Spin == 0:
		return DefaultSpin
	}
	return p.Spin
}

// helper is worker w's goroutine: it works on every call that wants at
// least w+1 workers, spins for the spin window after each, then parks until
// woken, and returns when the pool closes. It parks at once when Park has
// been called since the last call it saw began (parks is the count then:
// Park never runs during a call, so the count a call records is the one
// every Park after it moves).
func (p *PersistentPool) helper(h *poolHelper, w int, parks int64) {
	var seen *poolCall
	idle := time.Now()
	for i := 0; ; i++ {
		if c := p.cur.Load(); c != seen {
			seen = c
			if c != nil {
				parks = c.parks
				if w < c.workers {
					p.join(c, w)
				}
			}
			idle, i = time.Now(), 0
			continue
		}
		if p.quit.Load() {
			return
		}
		if p.parks.Load() == parks && (i%64 != 63 || time.Since(idle) < p.spin()) {
			runtime.Gosched() // spin, but let any other goroutine run here
			continue
		}
		// Park. Store parked before looking at cur once more; MapInto
		// stores cur before looking at parked, so one of the two sees the
		// other and no call waits for a helper that sleeps through it.
		h.parked.Store(true)
		if p.cur.Load() == seen && !p.quit.Load() {
			<-h.wake
		}
		h.parked.Store(false)
		idle, i = time.Now(), 0
	}
}

// Park makes the pool's idle workers park now instead of spinning out the
// rest of their window, and returns once they have: for a caller that
// knows no call comes soon. The harness parks a pool after each of its
// samples, so that a spinning worker never competes with the next case
// for a core (while a worker spins, the Go scheduler gives its core to the
// spinner, not to another goroutine waiting for one). The next call wakes
// the workers, paying what every other pool pays on every call.
func (p *PersistentPool) Park() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.parks.Add(1)
	for _, h := range p.helpers {
		for !h.parked.Load() && !p.closed {
			runtime.Gosched()
		}
	}
}

// join works on c as worker w unless c is already closed, and signals the
// caller if it was the last worker out of a closed call.
func (p *PersistentPool) join(c *poolCall, w int) {
	c.active.Add(1)
	if !c.closed.Load() {
		c.work(w)
	}
	if c.active.Add(-1) == 0 && c.closed.Load() {
		select {
		case p.done <- struct{}{}:
		default: // a token is already waiting
		}
	}
}

// signal wakes the helper if it is parked; a spare token only makes it
// look for work once more.
func (h *poolHelper) signal() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Close stops the pool's workers and returns once all of them have exited.
// It is safe to call more than once; MapInto after Close returns ErrClosed.
func (p *PersistentPool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	p.quit.Store(true)
	for _, h := range p.helpers {
		h.signal()
	}
	p.wg.Wait()
	p.helpers = nil
	return nil
}
