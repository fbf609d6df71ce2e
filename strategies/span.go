package strategies

import (
	"context"
	"fmt"
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

// lookEvery returns how many items a span computes between two looks at its
// context for this kernel: cancelEvery, or fewer for heavy items, at least 1.
func (k Kernel) lookEvery() int {
	return max(1, min(cancelEvery, lookRounds/(k.Work+1)))
}

// span computes out[i] for every in[i], where in[0] is item number base of
// the whole Map. It is the inner loop all strategies share: it calls
// k.Check before each item, looks at ctx every lookEvery items, and turns a
// panic into an error wrapping ErrPanic. If apply is nil the kernel is called
// directly (and inlined); otherwise apply computes each item, which is how
// the closure and struct strategies plug in their own callable.
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
					out[i] = k.Apply(in[i])
				}
			}
		case apply != nil:
			for i := start; i < end; i++ {
				out[i] = apply(in[i])
			}
		default:
			for i := start; i < end; i++ {
				out[i] = k.Apply(in[i])
			}
		}
	}
	return nil
}
