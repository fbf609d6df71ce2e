package casekey

import (
	"math/bits"
	"math/rand/v2"
)

// The skews, as Rounds spreads the work:
const (
	// heavyOdds is one item in heavyOdds that a heavy-tail skew makes
	// heavy, and heavyFactor how much heavier it is than the others (so
	// than the median): a few items carry about half the work.
	heavyOdds   = 100
	heavyFactor = 100
	// stragglerShare is the straggler's share of the total work, one part
	// in ten: at n = 100000 it is as heavy as 11111 others. Below 1000
	// items, where a tenth would be no heavier than 100 others, it is
	// 100 times as heavy as one.
	stragglerShare = 10
	// skewSeed seeds the heavy-tail skew's choice of heavy items, so
	// that every run, and every strategy in it, gets the same items.
	skewSeed = 18
)

// Rounds returns the LCG rounds of each of n items at skew s, for an
// average of work rounds an item: a table whose sum is exactly n × work at
// every skew, so that ns/item compares across skews at the same n and
// work. Uniform returns nil, the kernel's own Work for every item, so that
// the uniform kernel runs as it always did. The table is the same on every
// call and every machine, so the Go strategies and the Python peer map
// the same work:
//
//   - Increasing gives item i about 2 × work × i/n rounds (i from 0):
//     sorted input, the last items the heaviest.
//   - HeavyTail makes about one item in 100 (at least one), chosen by a
//     fixed seed, 100 times as heavy as the others, which are the median.
//   - Straggler gives item n/2 a tenth of the total work (at least 100
//     times another item's), and the others an even share of the rest.
func (s Skew) Rounds(n, work int) []int32 {
	if s == Uniform || n <= 0 {
		return nil
	}
	w := skewWeights(s, n)
	total := uint64(n) * uint64(work)
	out := make([]int32, n)
	var sum, prev uint64 // cumulative weight, and total × sum/all so far
	for i, wi := range w.of {
		sum += wi
		cut := mulDiv(total, sum, w.all)
		out[i] = int32(cut - prev)
		prev = cut
	}
	return out
}

// weights are an item's relative cost, of and their sum, all.
type weights struct {
	of  []uint64
	all uint64
}

// skewWeights returns the relative costs of n items at skew s (not
// Uniform).
func skewWeights(s Skew, n int) weights {
	w := weights{of: make([]uint64, n)}
	switch s {
	case Increasing:
		// 2i+1: cumulative (i+1)², so item i gets work × (2i+1)/n.
		for i := range w.of {
			w.of[i] = 2*uint64(i) + 1
		}
	case HeavyTail:
		r := rand.New(rand.NewPCG(skewSeed, uint64(n)))
		heavy := false
		for i := range w.of {
			w.of[i] = 1
			if r.IntN(heavyOdds) == 0 {
				w.of[i], heavy = heavyFactor, true
			}
		}
		if !heavy {
			w.of[r.IntN(n)] = heavyFactor
		}
	case Straggler:
		for i := range w.of {
			w.of[i] = stragglerShare - 1
		}
		w.of[n/2] = stragglerWeight(n)
	default: // not a skew Validate lets through: even
		for i := range w.of {
			w.of[i] = 1
		}
	}
	for _, x := range w.of {
		w.all += x
	}
	return w
}

// stragglerWeight is the straggler's weight, where each other item weighs
// stragglerShare-1: n-1 makes its share one in stragglerShare, and it is
// at least heavyFactor times another item.
func stragglerWeight(n int) uint64 {
	return max(uint64(n-1), heavyFactor*(stragglerShare-1))
}

// mulDiv returns a × b / c, rounded down, for b <= c, without overflow.
func mulDiv(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	q, _ := bits.Div64(hi, lo, c)
	return q
}

// MaxRounds returns at least the most rounds any item gets at skew s, n
// items and work, without making the table: what a harness holds against
// its limit on an item's work before it makes the table.
func (s Skew) MaxRounds(n, work int) uint64 {
	total := uint64(n) * uint64(work)
	switch s {
	case Increasing:
		return 2*uint64(work) + 1
	case HeavyTail: // at its heaviest with one heavy item
		return mulDiv(total, heavyFactor, uint64(n-1)+heavyFactor) + 1
	case Straggler:
		sw := stragglerWeight(n)
		return mulDiv(total, sw, uint64(n-1)*(stragglerShare-1)+sw) + 1
	}
	return uint64(work)
}
