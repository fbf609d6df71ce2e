package strategies

import (
	"context"
	"errors"
	"fmt"
)

// Func is a user's per-item function: it computes one result from one
// item, or fails. It may be called from several goroutines at once, each
// with its own item; it should return soon after ctx is done (a Func that
// never looks at ctx finishes the item it is on before the Map stops).
type Func[T, R any] func(ctx context.Context, item T) (R, error)

// ErrSeedOnly is wrapped by the error MapFunc returns for a strategy that
// runs only the seed's Kernel: nothing runs then.
var ErrSeedOnly = errors.New("strategies: strategy runs only the seed kernel")

// ranger is what a strategy is underneath its MapInto: a way of handing out
// the index ranges of [0, n) to goroutines. Kernel spans and a user's Func
// both plug into it as the pieceFunc, so the seed's kernel keeps its
// inlined loop (one call per range, not per item) and a Func runs under
// the same shape.
//
// ranges calls fn on disjoint ranges that cover [0, n) unless a call fails
// or ctx is done; once a call has failed no new call starts (the ctx fn
// gets is cancelled then), and it returns the first error, or ctx's error
// if ctx ended the run. It returns when every goroutine it started has
// finished (a PersistentPool's idle workers excepted), and at once, without
// calling fn, when n is 0. fn must not panic: spans turn panics into errors.
//
// Every ranger hands the ranges out in input order at run time: a goroutine
// takes the next range when it starts working, from a shared counter or a
// channel, never a range fixed when the goroutine was made. The Go
// scheduler runs the goroutine readied last first, so on a busy machine a
// goroutine made first, holding item 0, could wait in a run queue while
// every later range ran, and a failure at item 0 would stop nothing
// (issue 20).
type ranger interface {
	ranges(ctx context.Context, n, workers int, fn pieceFunc) error
}

// reference marks the reference shapes of Limits: a Func runs in their
// ranges as a plain loop, without span's looks at the context or recover,
// as the seed's kernel does.
type reference interface {
	ranger
	plainLoop()
}

// RunsFunc reports whether MapFunc runs user functions with s. Every
// strategy in All does, and the references in Limits, except the two
// whose lesson is how the seed binds its constant (closure-partial and
// struct-worker): with a user's function both would be the same chunked
// pool, which persistent-pool and errgroup already show.
func RunsFunc(s Strategy) bool {
	_, ok := s.(ranger)
	return ok
}

// MapFunc sets out[i] to f(ctx, in[i]) for every i, with the shape of
// strategy s and at most workers goroutines (workers <= 0: GOMAXPROCS),
// under the package's contract: results in input order; len(out) must be
// len(in) (else an error wrapping ErrLength, and nothing runs); the first
// failing item's error is returned wrapped, with its index, and no new item
// starts after it; a panic in f is returned as an error wrapping ErrPanic;
// a cancelled ctx makes MapFunc return promptly with ctx's error, every item
// in progress being given the same ctx; when MapFunc returns, every
// goroutine it started has finished (a PersistentPool's idle workers
// excepted). For a strategy that runs only the seed's kernel (see RunsFunc)
// it returns an error wrapping ErrSeedOnly.
//
// The references Loop and Limit run f as a plain loop per range: they stop
// at the first error, but look at ctx only once, and do not recover panics.
func MapFunc[T, R any](ctx context.Context, s Strategy, f Func[T, R], in []T, out []R, workers int) error {
	r, ok := s.(ranger)
	if !ok {
		return fmt.Errorf("%w: %s", ErrSeedOnly, s.Name())
	}
	if err := checkLen(in, out); err != nil {
		return err
	}
	if _, ok := s.(reference); ok {
		return r.ranges(ctx, len(in), workers, func(ctx context.Context, _, lo, hi int) error {
			return funcLoop(ctx, f, in[lo:hi], out[lo:hi], lo)
		})
	}
	return r.ranges(ctx, len(in), workers, func(ctx context.Context, _, lo, hi int) error {
		return funcSpan(ctx, f, in[lo:hi], out[lo:hi], lo)
	})
}

// funcSpan is span for a Func: out[i] = f(ctx, in[i]) for every i, where
// in[0] is item number base of the whole Map. It looks at ctx before every
// item (a select on a channel that is not closed costs a few nanoseconds,
// and a Func is a call the compiler cannot inline anyway), wraps the first
// error with its item's index, and turns a panic into an error wrapping
// ErrPanic.
func funcSpan[T, R any](ctx context.Context, f Func[T, R], in []T, out []R, base int) (err error) {
	at := 0
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("item %d: %w: %v", base+at, ErrPanic, r)
		}
	}()
	done := ctx.Done()
	out = out[:len(in)]
	for i, x := range in {
		at = i
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		y, err := f(ctx, x)
		if err != nil {
			return fmt.Errorf("item %d: %w", base+i, err)
		}
		out[i] = y
	}
	return nil
}

// funcLoop is the references' loop for a Func: out[i] = f(ctx, in[i]) and
// nothing else but stopping at an error.
func funcLoop[T, R any](ctx context.Context, f Func[T, R], in []T, out []R, base int) error {
	out = out[:len(in)]
	for i, x := range in {
		y, err := f(ctx, x)
		if err != nil {
			return fmt.Errorf("item %d: %w", base+i, err)
		}
		out[i] = y
	}
	return nil
}

// pieces is the pieceFunc of the seed's kernel over in and out: k's span
// over each range, with the kernel inlined in its loop.
func (k Kernel) pieces(in []Pair, out []int64) pieceFunc {
	return func(ctx context.Context, _, lo, hi int) error {
		return k.span(ctx, in[lo:hi], out[lo:hi], lo, nil)
	}
}
