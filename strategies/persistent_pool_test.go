package strategies_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/strategies"
)

// TestPersistentPoolClose: Close stops every worker the pool started, is
// idempotent, and a call after it fails with ErrClosed without running.
func TestPersistentPoolClose(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, spin := range []time.Duration{-1, 0, time.Hour} {
		t.Run(fmt.Sprint("spin=", spin), func(t *testing.T) {
			others := goleak.IgnoreCurrent()
			p := &strategies.PersistentPool{Spin: spin}
			in := strategies.Pairs(10_000)
			out := make([]int64, len(in))
			k := strategies.Kernel{Const: 100, Work: 3}
			for _, w := range []int{4, 2, 8} {
				if err := p.MapInto(context.Background(), k, in, out, w); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			// Close waited for the workers: right after it, no goroutine
			// runs the pool's code (one may still be returning from the
			// WaitGroup's wrapper, which is why goleak retries), and soon
			// none exists at all.
			if n := runningPoolCode(); n != 0 {
				t.Errorf("%d goroutines run the pool's code right after Close", n)
			}
			if err := goleak.Find(others); err != nil {
				t.Errorf("pool goroutines remain after Close: %v", err)
			}
			if err := p.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
			called := false
			k.Check = func(int, strategies.Pair) error { called = true; return nil }
			if err := p.MapInto(context.Background(), k, in, out, 2); !errors.Is(err, strategies.ErrClosed) || called {
				t.Errorf("MapInto after Close = %v (Check called: %v), want ErrClosed and nothing run", err, called)
			}
		})
	}
}

// runningPoolCode counts the goroutines with a PersistentPool worker's
// loop on their stacks, from one snapshot of every goroutine.
func runningPoolCode() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "strategies.(*PersistentPool).helper(")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// TestPersistentPoolUnusedHoldsNothing: a pool that never ran holds no
// goroutine, so the values All and Lookup make cost nothing until used.
func TestPersistentPoolUnusedHoldsNothing(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	before := runtime.NumGoroutine()
	p := &strategies.PersistentPool{}
	if err := p.MapInto(context.Background(), strategies.Kernel{}, nil, nil, 4); err != nil {
		t.Fatal(err)
	}
	if n := runtime.NumGoroutine() - before; n > 0 {
		t.Errorf("an unused pool holds %d workers", n)
	}
	p.Close()
}

// TestPersistentPoolConcurrentCalls: calls from several goroutines at once
// are serialised, each gets its own right answer (run with -race), and the
// worker count may change from call to call.
func TestPersistentPoolConcurrentCalls(t *testing.T) {
	p := &strategies.PersistentPool{}
	defer p.Close()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			k := strategies.Kernel{Const: int64(g + 1), Work: g}
			in := strategies.Pairs(1000 + 97*g)
			out := make([]int64, len(in))
			for call := range 20 {
				if err := p.MapInto(context.Background(), k, in, out, 1+(g+call)%4); err != nil {
					t.Error(err)
					return
				}
				if !slices.Equal(out, want(k, in)) {
					t.Errorf("goroutine %d call %d: wrong results", g, call)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestPersistentPoolReusedAfterFailure: a failed or cancelled call leaves
// the pool fit for the next one.
func TestPersistentPoolReusedAfterFailure(t *testing.T) {
	p := &strategies.PersistentPool{}
	defer p.Close()
	in := strategies.Pairs(50_000)
	out := make([]int64, len(in))
	bad := strategies.Kernel{Const: 1, Check: func(i int, _ strategies.Pair) error {
		if i == 30_000 {
			return errBoom
		}
		return nil
	}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for round := range 3 {
		if err := p.MapInto(context.Background(), bad, in, out, 2); !errors.Is(err, errBoom) {
			t.Fatalf("round %d: err = %v, want errBoom", round, err)
		}
		if err := p.MapInto(ctx, strategies.Kernel{Const: 1}, in, out, 2); !errors.Is(err, context.Canceled) {
			t.Fatalf("round %d: err = %v, want context.Canceled", round, err)
		}
		equalsSequential(t, p, strategies.Kernel{Const: 3, Work: 2}, in, 2)
	}
}
