package strategies

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// pieces lists the piece sizes s cuts [0, n) into.
func pieces(s schedule, n int) []int {
	var ps []int
	for lo := 0; lo < n; {
		p := s.piece(n - lo)
		if p <= 0 {
			panic(fmt.Sprintf("piece(%d) = %d", n-lo, p))
		}
		ps = append(ps, p)
		lo += p
	}
	return ps
}

func TestDefaultSchedule(t *testing.T) {
	tests := []struct {
		chunk, n, workers int
		want              schedule
	}{
		{chunk: 0, n: 100_000, workers: 2, want: schedule{size: 12_500, workers: 2}},
		{chunk: 0, n: 100_001, workers: 2, want: schedule{size: 12_501, workers: 2}},
		{chunk: 0, n: 10, workers: 8, want: schedule{size: 1, workers: 8}},
		{chunk: 500, n: 100_000, workers: 2, want: schedule{size: 500}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("chunk=%d/n=%d/workers=%d", tt.chunk, tt.n, tt.workers), func(t *testing.T) {
			if got := defaultSchedule(tt.chunk, tt.n, tt.workers); got != tt.want {
				t.Errorf("defaultSchedule(%d, %d, %d) = %+v, want %+v", tt.chunk, tt.n, tt.workers, got, tt.want)
			}
		})
	}
}

func TestSchedulePieces(t *testing.T) {
	for _, n := range []int{1, 2, 7, 63, 64, 65, 1000, 10_007, 100_000, 1_000_000} {
		for _, workers := range []int{1, 2, 3, 8, 64} {
			for _, chunk := range []int{0, 1, 100} {
				s := defaultSchedule(chunk, n, workers)
				t.Run(fmt.Sprintf("n=%d/workers=%d/chunk=%d", n, workers, chunk), func(t *testing.T) {
					ps := pieces(s, n)
					sum := 0
					for i, p := range ps {
						sum += p
						if p > s.size {
							t.Fatalf("piece %d has %d items, more than the size %d", i, p, s.size)
						}
						if i > 0 && p > ps[i-1] {
							t.Fatalf("piece %d (%d items) is bigger than the one before (%d)", i, p, ps[i-1])
						}
						last := i == len(ps)-1
						if chunk > 0 && !last && p != chunk {
							t.Fatalf("fixed schedule: piece %d has %d items, want %d", i, p, chunk)
						}
						if chunk == 0 && !last && p < min(minPiece, s.size) {
							t.Fatalf("guided schedule: piece %d has %d items, fewer than %d", i, p, min(minPiece, s.size))
						}
					}
					if sum != n {
						t.Fatalf("pieces add up to %d, want %d", sum, n)
					}
					if chunk > 0 || s.size <= minPiece {
						return
					}
					// Guided: the first piece is Pool.map's chunksize and the
					// last ones are small, so no worker is left alone with a
					// big piece at the end.
					if ps[0] != pythonChunk(n, workers) {
						t.Errorf("first piece %d, want Pool.map's chunksize %d", ps[0], pythonChunk(n, workers))
					}
					if tail := ps[len(ps)-1]; tail > minPiece {
						t.Errorf("last piece has %d items, want at most %d", tail, minPiece)
					}
					// The shrinking costs few extra pieces: about
					// 2*workers*ln(n/(2*workers*minPiece)) beyond Pool.map's.
					if limit := 4*workers + 2*workers*20; len(ps) > limit {
						t.Errorf("%d pieces, want at most %d", len(ps), limit)
					}
				})
			}
		}
	}
}

// TestPersistentPoolParks: after a call, the workers spin for the window,
// then park, so an idle pool burns no CPU; the next call wakes them. The
// deadline is generous: it fails only if the workers never park.
func TestPersistentPoolParks(t *testing.T) {
	p := &PersistentPool{Spin: time.Millisecond}
	defer p.Close()
	in := Pairs(10_000)
	out := make([]int64, len(in))
	allParked := func() bool {
		for _, h := range p.helpers {
			if !h.parked.Load() {
				return false
			}
		}
		return true
	}
	for round := range 3 {
		if err := p.MapInto(context.Background(), Kernel{Const: 1}, in, out, 4); err != nil {
			t.Fatal(err)
		}
		if len(p.helpers) != 3 {
			t.Fatalf("%d helpers for 4 workers, want 3", len(p.helpers))
		}
		for deadline := time.Now().Add(10 * time.Second); !allParked(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: workers still not parked 10 s after the call (Spin 1ms)", round)
			}
		}
	}
}

// TestPersistentPoolPark: Park returns only once every worker is parked,
// even with a spin window of an hour, and the next call still works.
func TestPersistentPoolPark(t *testing.T) {
	p := &PersistentPool{Spin: time.Hour}
	defer p.Close()
	in := Pairs(10_000)
	out := make([]int64, len(in))
	for round := range 3 {
		if err := p.MapInto(context.Background(), Kernel{Const: 1}, in, out, 4); err != nil {
			t.Fatal(err)
		}
		p.Park()
		for i, h := range p.helpers {
			if !h.parked.Load() {
				t.Fatalf("round %d: worker %d not parked when Park returned", round, i+1)
			}
		}
	}
	if out[9_999] != Kernel.Apply(Kernel{Const: 1}, Pair{A: 9_999, B: 10_099}) {
		t.Errorf("wrong result after Park")
	}
	p.Close()
	p.Park() // after Close: returns at once
}
