package casekey_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/concbench/concbench/harness/casekey"
)

// TestSkewRoundsSameTotal checks the promise that makes ns/item compare
// across skews: at a given n and work every skew's items add up to
// exactly n × work rounds, and no item gets more than MaxRounds says.
func TestSkewRoundsSameTotal(t *testing.T) {
	for _, s := range casekey.Skews()[1:] {
		for _, n := range []int{1, 2, 7, 100, 1000, 100_000} {
			for _, work := range []int{0, 1, 3, 100} {
				t.Run(fmt.Sprintf("skew=%v/n=%d/work=%d", s, n, work), func(t *testing.T) {
					r := s.Rounds(n, work)
					if len(r) != n {
						t.Fatalf("len = %d, want %d", len(r), n)
					}
					var sum int64
					for i, x := range r {
						if x < 0 {
							t.Fatalf("item %d has %d rounds", i, x)
						}
						sum += int64(x)
					}
					if want := int64(n) * int64(work); sum != want {
						t.Errorf("total = %d rounds, want n×work = %d", sum, want)
					}
					if most, bound := slices.Max(r), s.MaxRounds(n, work); uint64(most) > bound {
						t.Errorf("heaviest item has %d rounds, over MaxRounds' %d", most, bound)
					}
				})
			}
		}
	}
}

func TestSkewRoundsUniformIsNil(t *testing.T) {
	if r := casekey.Uniform.Rounds(100, 100); r != nil {
		t.Errorf("uniform: got a table of %d items, want nil (the kernel's own Work)", len(r))
	}
}

// TestSkewRoundsShape checks that each skew is the shape its name says,
// at n = 100000 and work = 100, the cheat sheet's case.
func TestSkewRoundsShape(t *testing.T) {
	const n, work = 100_000, 100
	t.Run("increasing", func(t *testing.T) {
		r := casekey.Increasing.Rounds(n, work)
		for i := 1; i < n; i++ {
			if r[i] < r[i-1]-1 { // rounding moves an item by one round
				t.Fatalf("item %d has %d rounds, item %d %d: not increasing", i, r[i], i-1, r[i-1])
			}
		}
		if r[0] > 1 || r[n-1] < 2*work-1 || r[n-1] > 2*work {
			t.Errorf("first %d, last %d rounds; want about 0 and %d", r[0], r[n-1], 2*work)
		}
		// The first half carries a quarter of the work: what bounds a
		// static split's speedup on 2 workers at 4/3.
		var half int64
		for _, x := range r[:n/2] {
			half += int64(x)
		}
		if want := int64(n * work / 4); half < want-1 || half > want+1 {
			t.Errorf("first half has %d rounds, want %d", half, want)
		}
	})
	t.Run("heavy-tail", func(t *testing.T) {
		r := casekey.HeavyTail.Rounds(n, work)
		sorted := slices.Sorted(slices.Values(r))
		median, most := sorted[n/2], sorted[n-1]
		heavy := n - slices.IndexFunc(sorted, func(x int32) bool { return x > most/2 })
		if heavy < n/200 || heavy > n/50 {
			t.Errorf("%d heavy items, want about 1 in 100 (%d)", heavy, n/100)
		}
		if ratio := float64(most) / float64(median); ratio < 95 || ratio > 105 {
			t.Errorf("heaviest/median = %d/%d = %.1f, want about 100", most, median, ratio)
		}
		if !slices.Equal(r, casekey.HeavyTail.Rounds(n, work)) {
			t.Error("two calls chose different heavy items")
		}
	})
	t.Run("straggler", func(t *testing.T) {
		r := casekey.Straggler.Rounds(n, work)
		if got, want := r[n/2], int32(n*work/10); got < want-1 || got > want+1 {
			t.Errorf("item n/2 has %d rounds, want a tenth of the work, %d", got, want)
		}
		if lo, hi := min(r[0], r[n-1]), max(r[0], r[n-1]); hi-lo > 1 || hi > work {
			t.Errorf("the others have %d and %d rounds, want the same, under %d", r[0], r[n-1], work)
		}
	})
}

func TestSkewRoundsSmallN(t *testing.T) {
	for n := 1; n <= 20; n++ {
		for _, s := range []casekey.Skew{casekey.HeavyTail, casekey.Straggler} {
			r := s.Rounds(n, 100)
			if n > 1 && slices.Max(r) < 50*slices.Min(r) {
				t.Errorf("%v, n=%d: no heavy item: %v", s, n, r)
			}
		}
	}
}

// ExampleSkew_Rounds shows the four skews of 10 items of 10 rounds on
// average: 100 rounds each. Uniform is no table: the kernel's Work.
func ExampleSkew_Rounds() {
	for _, s := range casekey.Skews() {
		fmt.Println(s, s.Rounds(10, 10))
	}
	// Output:
	// uniform []
	// increasing [1 3 5 7 9 11 13 15 17 19]
	// heavy-tail [0 92 1 1 1 1 1 1 1 1]
	// straggler [0 1 1 1 1 92 1 1 1 1]
}
