package strategies_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/concbench/concbench/strategies"
)

// unevenRounds is a table of uneven work for n items: mostly light, a
// run of heavier ones, a zero now and then, some heavy enough that spans
// look at their context between single items.
func unevenRounds(n int) []int32 {
	r := make([]int32, n)
	for i := range r {
		switch {
		case i%97 == 0:
			r[i] = 70_000 // over lookRounds on its own
		case i%5 == 0:
			r[i] = 0
		default:
			r[i] = int32(i % 13)
		}
	}
	return r
}

// TestRoundsPerItem: with Kernel.Rounds every strategy and reference
// gives item i exactly Rounds[i] rounds, whatever its chunks, workers or
// wait, as Kernel.At computes it.
func TestRoundsPerItem(t *testing.T) {
	ss := append(all(t), strategies.Limits()...)
	t.Cleanup(func() { closeAll(t, ss[len(ss)-2:]) })
	for _, s := range ss {
		for _, n := range []int{1, 7, 1000} {
			for _, wait := range []time.Duration{0, time.Microsecond} {
				if wait != 0 && n > 7 {
					continue
				}
				t.Run(fmt.Sprintf("%s/n=%d/wait=%v", s.Name(), n, wait), func(t *testing.T) {
					k := strategies.Kernel{Const: 100, Work: 5, Wait: wait, Rounds: unevenRounds(n)}
					in := strategies.Pairs(n)
					got, err := mapFresh(context.Background(), s, k, in, 3)
					if err != nil {
						t.Fatal(err)
					}
					for i, p := range in {
						if w := (strategies.Kernel{Const: 100, Work: int(k.Rounds[i])}).Apply(p); got[i] != w {
							t.Fatalf("item %d = %d, want %d (Rounds %d)", i, got[i], w, k.Rounds[i])
						}
					}
				})
			}
		}
	}
}

// TestRoundsTooShort: a table without an entry for every item is an
// error wrapping ErrLength, never an index out of range.
func TestRoundsTooShort(t *testing.T) {
	for _, s := range all(t) {
		k := strategies.Kernel{Const: 100, Rounds: make([]int32, 99)}
		if _, err := mapFresh(context.Background(), s, k, strategies.Pairs(100), 2); !errors.Is(err, strategies.ErrLength) {
			t.Errorf("%s: 99 rounds for 100 items: %v, want ErrLength", s.Name(), err)
		}
	}
}

// TestChunkers: the chunked shapes take a chunk size and keep their name
// and results; the others say IgnoresChunk.
func TestChunkers(t *testing.T) {
	var chunked []string
	for _, s := range append(all(t), strategies.Limits()...) {
		c, ok := s.(strategies.Chunker)
		if strategies.TraitsOf(s).IgnoresChunk == ok {
			t.Errorf("%s: Chunker %v but IgnoresChunk %v", s.Name(), ok, strategies.TraitsOf(s).IgnoresChunk)
		}
		if !ok {
			continue
		}
		chunked = append(chunked, s.Name())
		for _, chunk := range []int{1, 3, 64} {
			s2 := c.WithChunk(chunk)
			if s2.Name() != s.Name() {
				t.Errorf("%s.WithChunk(%d) is named %s", s.Name(), chunk, s2.Name())
			}
			equalsSequential(t, s2, strategies.Kernel{Const: 100, Work: 2}, strategies.Pairs(1000), 2)
			closeAll(t, []strategies.Strategy{s2})
		}
	}
	slices.Sort(chunked)
	if want := []string{"channel-pipeline", "closure-partial", "errgroup", "persistent-pool", "struct-worker"}; !slices.Equal(chunked, want) {
		t.Errorf("chunked shapes %v, want %v", chunked, want)
	}
}
