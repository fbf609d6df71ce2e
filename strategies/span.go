package strategies

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// cancelEvery is the most items a span computes between two looks at its
// context: often enough that cancellation and early stop after a failure
// are prompt, rarely enough that the look costs nothing next to the items.
const cancelEvery = 256

// lookRounds is the most LCG rounds a span computes between two looks at
// its context, about 85 µs on the 2-core VM: with heavy items a span looks
// more often than every cancelEvery items, so that a cancel is answered in
// well under 100 ms whatever Kernel.Work is (one item at a time, at worst,
// which is why the harness refuses items heavier than about 10 ms).
const lookRounds = 1 << 16

// lightEvery is the most items a span computes between two looks at its
// context when there is no Check to call: the seed's kernel costs about a
// nanosecond an item, and a look (a select on Done) tens of them, so
// looking every cancelEvery items cost sequential 5-10% at work=0; 4096
// light items still take only a few microseconds.
const lightEvery = 4096

// lookEvery returns how many items a span computes between two looks at its
// context for this kernel: cancelEvery with a Check (which may be slow),
// lightEvery without, or fewer for heavy items, at least 1.
func (k Kernel) lookEvery() int {
	most := lightEvery
	if k.Check != nil {
		most = cancelEvery
	}
	return max(1, min(most, lookRounds/(k.Work+1)))
}

// span computes out[i] for every in[i], where in[0] is item number base of
// the whole Map. It is the inner loop all strategies share: it calls
// k.Check before each item, looks at ctx every lookEvery items, and turns a
// panic into an error wrapping ErrPanic. If apply is nil the kernel is called
// directly (and inlined); otherwise apply computes each item, which is how
// the closure and struct strategies plug in their own callable. A kernel
// with a Wait goes through spanWait instead.
func (k Kernel) span(ctx context.Context, in []Pair, out []int64, base int, apply func(Pair) int64) (err error) {
	// at is the item being checked, for the panic message. Only the Check
	// loop updates it: the other loops keep their index in a register, as
	// a variable the deferred closure reads lives in memory, and a store
	// and load per item cost the light kernel a third of its time.
	at := 0
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("item %d: %w: %v", base+at, ErrPanic, r)
		}
	}()
	if k.Rounds != nil && base+len(in) > len(k.Rounds) {
		return fmt.Errorf("%w: %d rounds in Kernel.Rounds for items up to %d", ErrLength, len(k.Rounds), base+len(in))
	}
	if k.Wait > 0 {
		// One branch per span, not per item: the loops below, which time
		// the CPU kernel, compile as they did before waits existed.
		return k.spanWait(ctx, in, out, base, apply, &at)
	}
	if k.Rounds != nil { // the same, for work per item
		return k.spanRounds(ctx, in, out, base, &at)
	}
	done := ctx.Done()
	every := k.lookEvery()
	for start := 0; start < len(in); start += every {
		if done != nil {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
		}
		end := min(start+every, len(in))
		switch {
		case k.Check != nil:
			for i := start; i < end; i++ {
				at = i
				if err := k.Check(base+i, in[i]); err != nil {
					return fmt.Errorf("item %d: %w", base+i, err)
				}
				if apply != nil {
					out[i] = apply(in[i])
				} else {
					out[i] = compute(k.Const, k.Work, in[i])
				}
			}
		case apply != nil:
			applyWith(apply, in[start:end], out[start:end])
		default:
			k.applyAll(in[start:end], out[start:end])
		}
	}
	return nil
}

// spanWait is span's loop for a kernel with a Wait: every item is checked,
// computed, then waits for k.Wait or until ctx is done, and only then is
// its result stored. Items that wait are slow, so it looks at ctx before
// every item, and the wait itself ends as soon as ctx is done: a failure
// elsewhere, or a cancel, stops a waiting span at once. It sets *at to the
// item in progress, for span's panic message.
//
// The timer comes from a pool and goes back when the span ends, so a span
// allocates nothing, even when a strategy makes a span per item (conc-iter).
func (k Kernel) spanWait(ctx context.Context, in []Pair, out []int64, base int, apply func(Pair) int64, at *int) error {
	t := timers.Get().(*time.Timer)
	// A panic in Check or apply comes before Reset, with the timer stopped,
	// so the pool never gets back a running timer.
	defer timers.Put(t)
	done := ctx.Done()
	for i, p := range in {
		*at = i
		if err := ctx.Err(); err != nil {
			return err
		}
		if k.Check != nil {
			if err := k.Check(base+i, p); err != nil {
				return fmt.Errorf("item %d: %w", base+i, err)
			}
		}
		var x int64
		if apply != nil && k.Rounds == nil {
			x = apply(p)
		} else {
			x = k.At(base+i, p)
		}
		t.Reset(k.Wait)
		select {
		case <-t.C:
		case <-done:
			// Since Go 1.23, Stop guarantees that no stale tick is
			// received after the next Reset.
			t.Stop()
			return ctx.Err()
		}
		out[i] = x
	}
	return nil
}

// spanRounds is span's loop for a kernel with Rounds: every item gets its
// own rounds, Rounds[base+i], through the kernel itself (a strategy's
// callable knows no index). It looks at ctx before the first item, then
// once lookRounds rounds, or as many items as span would compute between
// looks, have passed since the last look: a heavy item is looked at
// after, however heavy, as with Work. It sets *at to the item being
// checked, for span's panic message.
func (k Kernel) spanRounds(ctx context.Context, in []Pair, out []int64, base int, at *int) error {
	rounds := k.Rounds[base : base+len(in)]
	done := ctx.Done()
	most := lightEvery
	if k.Check != nil {
		most = cancelEvery
	}
	since, items := lookRounds, 0 // look before the first item
	for i, p := range in {
		if since >= lookRounds || items >= most {
			if done != nil {
				select {
				case <-done:
					return ctx.Err()
				default:
				}
			}
			since, items = 0, 0
		}
		if k.Check != nil {
			*at = i
			if err := k.Check(base+i, p); err != nil {
				return fmt.Errorf("item %d: %w", base+i, err)
			}
		}
		r := int(rounds[i])
		out[i] = compute(k.Const, r, p)
		since += r + 1
		items++
	}
	return nil
}

// timers are the stopped timers waiting spans reuse.
var timers = sync.Pool{New: func() any {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}}

// applyAll sets out[i] = k.Apply(in[i]) for every i: the plain loop the
// whole benchmark is about, written so that the compiler drops the bounds
// checks (out is cut to in's length first). Loop, the floor every
// strategy is held against, runs it too.
func (k Kernel) applyAll(in []Pair, out []int64) {
	c, work := k.Const, k.Work
	out = out[:len(in)]
	for i, p := range in {
		out[i] = compute(c, work, p)
	}
}

// applyWith is applyAll with the caller's callable instead of Apply.
func applyWith(apply func(Pair) int64, in []Pair, out []int64) {
	out = out[:len(in)]
	for i, p := range in {
		out[i] = apply(p)
	}
}
