// Package probe lets the workshop's frozen checks observe concurrency
// without timing it: a rendezvous that proves calls overlap, a count of
// calls in flight and its peak, the id of the calling goroutine, a bubble
// of fake time in which "every goroutine is blocked" is an event a check
// can wait for, and whether the race detector is on.
//
// Checks built on it hold on a loaded machine: nothing compares a duration
// against the wall clock except Patience, a bound on how long a wrong
// answer takes to fail, never on how fast a right one must be.
package probe

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// Patience is how long the first callers of an Overlap wait for each other
// before they give up. It is generous on purpose: a right answer meets in
// microseconds, however loaded the machine, so Patience only bounds how long
// an answer that never overlaps its calls takes to fail.
const Patience = 10 * time.Second

// Overlap proves that calls run at the same time. The first k calls to
// Enter wait for each other: as soon as k calls are in flight at once they
// are all released and Met reports true. If that has not happened after
// Patience, because the code under test runs its calls one at a time, the
// waiters give up, Met reports false and no later call waits. Calls after
// the first k never wait.
//
// An Overlap also counts calls in flight (between Enter and Exit) and keeps
// their peak. Its methods are safe for concurrent use.
type Overlap struct {
	k        int
	patience time.Duration
	open     chan struct{} // closed once the first k callers met or gave up
	mu       sync.Mutex
	opened   bool
	met      bool
	inflight int
	peak     int
	calls    int
}

// NewOverlap returns an Overlap whose first k callers wait for each other;
// k <= 1 means no caller waits.
func NewOverlap(k int) *Overlap {
	return &Overlap{k: k, patience: Patience, open: make(chan struct{})}
}

// Enter marks the start of a call. It blocks while fewer than k calls are
// in flight, for at most Patience, unless k calls have already met or the
// wait has already been given up once.
func (o *Overlap) Enter() {
	o.mu.Lock()
	o.calls++
	o.inflight++
	o.peak = max(o.peak, o.inflight)
	if o.inflight >= o.k && !o.opened {
		o.met = true
		o.release()
	}
	opened := o.opened
	o.mu.Unlock()
	if opened {
		return
	}
	t := time.NewTimer(o.patience)
	defer t.Stop()
	select {
	case <-o.open:
	case <-t.C:
		o.mu.Lock()
		if !o.opened {
			o.release()
		}
		o.mu.Unlock()
	}
}

// release opens the gate; o.mu must be held.
func (o *Overlap) release() {
	o.opened = true
	close(o.open)
}

// Exit marks the end of a call that Enter started.
func (o *Overlap) Exit() {
	o.mu.Lock()
	o.inflight--
	o.mu.Unlock()
}

// Met reports whether k calls were in flight at once before Patience ran
// out (always true for k <= 1 once one call has entered).
func (o *Overlap) Met() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.met
}

// InFlight returns the number of calls between Enter and Exit now.
func (o *Overlap) InFlight() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.inflight
}

// Peak returns the most calls that were in flight at once.
func (o *Overlap) Peak() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.peak
}

// Calls returns the number of calls that have entered.
func (o *Overlap) Calls() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.calls
}

// Goroutines counts the distinct goroutines that call Add. Go never reuses
// a goroutine id within a process, so the count is exact: it is how many
// goroutines ran the calls, not how many happened to be alive at a moment
// someone looked.
type Goroutines struct {
	mu  sync.Mutex
	ids map[uint64]bool
}

// Add records the calling goroutine.
func (g *Goroutines) Add() {
	id := GoroutineID()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ids == nil {
		g.ids = map[uint64]bool{}
	}
	g.ids[id] = true
}

// Count returns how many distinct goroutines have called Add.
func (g *Goroutines) Count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.ids)
}

// GoroutineID returns the calling goroutine's id, read from the first line
// of its stack trace ("goroutine 42 [running]:"). Go deliberately has no API
// for it, and programs should not use it; a test that must count
// goroutines exactly has no better way.
func GoroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	b, _, _ = bytes.Cut(b, []byte(" "))
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		panic("probe: cannot parse goroutine id from " + strconv.Quote(string(buf[:])))
	}
	return id
}

// Bubble runs f in a testing/synctest bubble: the time package uses a fake
// clock there, which advances only when every goroutine in the bubble is
// blocked. So a call that sleeps an hour returns at once, but only after
// everything else that can run has run: a check that holds its calls with
// time.Sleep sees exactly how many the code under test lets run at once,
// and a cleanup that takes a (fake) hour outlasts any sleep a wrong answer
// puts in its place. synctest.Wait lets a check wait until every goroutine
// is blocked, for instance on a send nobody receives.
//
// Two ways the code under test can go wrong in a bubble become test
// failures here instead of a hung or crashed test binary: a deadlock (every
// goroutine blocked and no timer to wake one), which synctest reports by
// panicking, and a bubble that makes no progress for Patience of real time,
// which happens when a goroutine waits on a sync.Mutex held by one that is
// blocked: a mutex wait does not count as blocked, so fake time stands
// still.
func Bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		synctest.Test(t, f)
	}()
	select {
	case r := <-done:
		if r != nil {
			t.Errorf("inside the check's bubble: %v", r)
		}
	case <-time.After(Patience):
		t.Errorf("nothing happened for %v: every goroutine is blocked, some on a sync.Mutex whose holder waits (a lock held across a call runs one call at a time)", Patience)
	}
}

// RaceEnabled reports whether the test binary was built with -race.
func RaceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}

// RequireRace fails t unless the test binary was built with -race: a data
// race is one of the wrong answers every exercise must reject, and only the
// race detector sees one reliably. cmd is the command to run instead.
func RequireRace(t *testing.T, cmd string) {
	t.Helper()
	if !RaceEnabled() {
		t.Fatalf("this check needs the race detector: %s", cmd)
	}
}
