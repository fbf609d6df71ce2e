package strategies

import (
	"context"
	"io"
)

// Limits returns the two reference shapes every strategy is held against,
// new on every call: Loop, the floor of one core, and Limit, the ceiling of
// all of them. They are probes of the machine, not strategies to use: they
// ignore Kernel.Check and look at the context once per call, so they are
// not in All and do not meet the package's contract beyond computing the
// right results. Whoever calls Limits closes the Limit it returns.
func Limits() []Strategy {
	return []Strategy{Loop{}, &Limit{}}
}

// Loop is the floor: the kernel in a plain loop over the items, into the
// caller's slice, with no context, no Check and no function value. The
// sequential strategy is this loop plus what the contract costs (a look at
// the context every few hundred items, Check, panics turned into errors);
// the harness runs Loop beside it to show how little that is.
type Loop struct{}

// Name returns "loop".
func (Loop) Name() string { return "loop" }

// Traits implements Traiter: a reference, on one goroutine.
func (Loop) Traits() Traits {
	return Traits{Reference: true, Serial: true, IgnoresWorkers: true}
}

// MapInto computes every item in a plain loop; ctx is looked at once. A
// kernel with a Wait runs as sequential does (each wait watches ctx): a
// loop of waits is what it is, and must stop when interrupted.
func (Loop) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, _ int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if k.Wait > 0 || k.Rounds != nil { // waits and work per item go through span
		return Kernel{Const: k.Const, Work: k.Work, Wait: k.Wait, Rounds: k.Rounds}.span(ctx, in, out, 0, nil)
	}
	k.applyAll(in, out)
	return nil
}

// ranges runs fn over all of [0, n) at once, after one look at ctx.
func (Loop) ranges(ctx context.Context, n, _ int, fn pieceFunc) error {
	if err := ctx.Err(); err != nil || n == 0 {
		return err
	}
	return fn(ctx, 0, 0, n)
}

func (Loop) plainLoop() {}

// Limit is the ceiling: the items handed out in pieces, as persistent-pool
// hands them out (Pool.map's chunksize, then shrinking), to the calling
// goroutine and to workers that are already awake, spinning for the call (a
// PersistentPool's workers), each piece computed by a plain loop: an
// awake pair of workers (docs/methodology.md), with the pieces that keep two
// workers finishing together (two fixed halves came
// out up to 15% slower at work = 0, n = 100000, where one worker's half
// streams from memory while the other's waits). No strategy that wakes a
// core, hands out pieces or keeps the contract can beat it by more than
// noise, so a strategy's time over Limit's is what its shape costs on this
// machine. Use a *Limit and Close it.
type Limit struct {
	pool PersistentPool
}

// Name returns "limit".
func (*Limit) Name() string { return "limit" }

// Traits implements Traiter: a reference that uses its workers.
func (*Limit) Traits() Traits { return Traits{Reference: true} }

// MapInto computes the parts; ctx is looked at once per part, and by
// every wait of a kernel with a Wait.
func (l *Limit) MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error {
	if err := checkLen(in, out); err != nil {
		return err
	}
	// Each piece in runs as long as span's: a loop cut so ran 1-2% faster
	// than one long loop at work = 100 here.
	every := k.lookEvery()
	return l.pool.run(ctx, len(in), workers, 0, func(ctx context.Context, _, lo, hi int) error {
		if k.Wait > 0 || k.Rounds != nil {
			return Kernel{Const: k.Const, Work: k.Work, Wait: k.Wait, Rounds: k.Rounds}.span(ctx, in[lo:hi], out[lo:hi], lo, nil)
		}
		for ; lo < hi; lo += every {
			end := min(lo+every, hi)
			k.applyAll(in[lo:end], out[lo:end])
		}
		return nil
	})
}

// ranges runs fn over [0, n) in the pieces persistent-pool hands out.
func (l *Limit) ranges(ctx context.Context, n, workers int, fn pieceFunc) error {
	return l.pool.run(ctx, n, workers, 0, fn)
}

func (*Limit) plainLoop() {}

// Close stops the workers.
func (l *Limit) Close() error { return l.pool.Close() }

// Park parks the workers now (see PersistentPool.Park).
func (l *Limit) Park() { l.pool.Park() }

var _ io.Closer = (*Limit)(nil)
