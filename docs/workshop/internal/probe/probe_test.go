package probe

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestOverlapMeets(t *testing.T) {
	o := NewOverlap(3)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			o.Enter()
			defer o.Exit()
		})
	}
	wg.Wait()
	if !o.Met() || o.Peak() < 3 || o.Calls() != 5 || o.InFlight() != 0 {
		t.Errorf("Met %v, Peak %d, Calls %d, InFlight %d; want true, >= 3, 5, 0", o.Met(), o.Peak(), o.Calls(), o.InFlight())
	}
}

func TestOverlapOneNeverWaits(t *testing.T) {
	o := NewOverlap(1)
	for range 3 {
		o.Enter()
		o.Exit()
	}
	if !o.Met() || o.Peak() != 1 {
		t.Errorf("Met %v, Peak %d; want true, 1", o.Met(), o.Peak())
	}
}

func TestOverlapSequentialFails(t *testing.T) {
	o := NewOverlap(2)
	o.patience = time.Millisecond // the real one is 10 s
	// Only the first call waits; the later ones find the gate given up.
	for range 3 {
		o.Enter()
		o.Exit()
	}
	if o.Met() || o.Peak() != 1 {
		t.Errorf("Met %v, Peak %d; want false, 1", o.Met(), o.Peak())
	}
}

func TestGoroutines(t *testing.T) {
	var g Goroutines
	g.Add()
	g.Add()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(g.Add)
	}
	wg.Wait()
	if got := g.Count(); got != 5 {
		t.Errorf("Count = %d, want 5 (this goroutine and 4 others)", got)
	}
	if a, b := GoroutineID(), GoroutineID(); a != b || a == 0 {
		t.Errorf("GoroutineID twice on one goroutine = %d, %d", a, b)
	}
}

func TestBubbleFakeTime(t *testing.T) {
	var peak int
	Bubble(t, func(t *testing.T) {
		o := NewOverlap(1)
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				o.Enter()
				defer o.Exit()
				time.Sleep(time.Hour)
			})
		}
		wg.Wait()
		peak = o.Peak()
	})
	// In fake time every goroutine that can run enters before the first
	// hour passes.
	if peak != 3 {
		t.Errorf("Peak = %d, want 3", peak)
	}
}
