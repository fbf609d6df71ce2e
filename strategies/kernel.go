// Package strategies maps one kernel over a slice of inputs in several Go
// concurrency shapes, so that they can be compared and taught side by side.
//
// The kernel comes from a Python cheat sheet that maps (a+b)*const over
// a in range(20), b in range(100, 120), const = 100 with multiprocessing's
// Pool.map, once with functools.partial and once with a callable class. Each
// Strategy here is one Go answer to "how do I run f over these items on all
// cores?", from a plain loop to a bounded worker pool to a library peer.
//
// Every Strategy writes into a destination the caller owns (MapInto), so
// that what a benchmark times is the concurrency shape, not allocating the
// result; Map is the allocating form, for examples and one-off calls. Every
// Strategy guarantees the same contract:
//   - out[i] is k applied to in[i], so results are in input order; out must
//     have len(in) elements, or MapInto returns an error wrapping ErrLength
//     and runs nothing; empty input is a nil error;
//   - workers <= 0 means runtime.GOMAXPROCS(0); any positive value is valid;
//   - the first failing item's error is returned wrapped, with the item's
//     index in the message, and no new work starts after a failure; the
//     goroutines take the next range of items in input order when they
//     start working, never a range fixed when they were made, so the first
//     items run first even on a busy machine (see ranger);
//   - a panic in Kernel.Check on any goroutine is returned as an error that
//     wraps ErrPanic and shows the panic value; the process does not crash;
//   - a cancelled context makes MapInto return promptly with the context's
//     error: spans look at it at least every ~65k LCG rounds (about 0.1 ms),
//     and after every item when items are heavier; a Kernel.Wait in
//     progress ends at once;
//   - when MapInto returns, every goroutine it started has finished, except
//     the workers of a PersistentPool, which live until its Close;
//   - MapInto allocates nothing proportional to len(in) (goroutine-per-item
//     and channel-per-item excepted: allocating per item is their lesson).
//
// When MapInto fails, out holds whatever items were finished; Map returns a
// nil slice with the error.
//
// MapFunc runs a user's own per-item function (a Func) over the user's
// own items with any strategy for which RunsFunc holds, under the same
// contract: underneath its MapInto every such strategy hands out index
// ranges, and the seed's kernel and a user's function are two ways to
// compute a range.
package strategies

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"
)

// LCG constants: Knuth's MMIX 64-bit linear congruential generator step, the
// unit of extra work per item.
const (
	lcgMul = 6364136223846793005
	lcgAdd = 1442695040888963407
)

// Pair is one input item: the seed's (a, b), a from range(20) and b from
// range(100, 120).
type Pair struct{ A, B int64 }

// Kernel is the function every strategy maps: x = (a+b)*Const, then Work
// rounds of a 64-bit LCG step, then a Wait, as if for I/O. Work = 0 and
// Wait = 0 give the seed's exact numbers at once.
type Kernel struct {
	// Const is the constant the Python seed passes as const_value.
	Const int64
	// Work is the number of extra LCG rounds per item (about 1.3 ns each);
	// 0 is the seed's kernel. Larger values make items heavier.
	Work int
	// Check, if set, is called once per item, with its index, before the
	// item is computed. A non-nil error fails that item and so the Map; a
	// panic in Check is recovered and returned as an error wrapping ErrPanic.
	// Check may be called from several goroutines at once.
	Check func(i int, p Pair) error
	// Wait is how long each item waits after its work, before its result
	// is stored, as if for a reply over the network: the goroutine blocks
	// and uses no CPU meanwhile, so waits overlap however few cores there
	// are. 0 is the seed's kernel, which never looks at the clock. A wait
	// is cut short when the Map's context is done (see the package doc).
	//
	// Waits are Go timers. On Linux, when every goroutine of the process
	// is waiting, the runtime sleeps in epoll_wait, which counts in whole
	// milliseconds, so a wait under 1 ms lasts about 1 ms (golang/go#44343):
	// measure waits of 1 ms and more. A real reply on a socket wakes its
	// goroutine at once and is not rounded.
	Wait time.Duration
	// Rounds, if set, gives each item work of its own: item i of the
	// Map (its index in the whole input) gets Rounds[i] LCG rounds
	// instead of Work, computed by the kernel itself rather than by a
	// strategy's own callable. It needs an entry for every item, or
	// MapInto fails with an error wrapping ErrLength. Nil, the seed's
	// kernel, never looks at a table: the choice is one branch per span,
	// so the uniform loops compile as they did before tables existed.
	// Spans look at their context at least every ~65k rounds, as with
	// Work. (The harness's -skew tables are casekey's Skew.Rounds.)
	Rounds []int32
}

// Apply computes the kernel for one item with Work rounds. It ignores
// Check, Wait and Rounds (see At).
//
// Apply is written to stay within the compiler's inlining budget (go build
// -gcflags=-m says "can inline Kernel.Apply"), so the seed's kernel costs
// no call per item; keep it that way when changing it.
func (k Kernel) Apply(p Pair) (x int64) {
	// compute's body, not a call to it: a call would take Apply past
	// the inlining budget.
	x = (p.A + p.B) * k.Const
	if k.Work > 0 {
		x = rounds(x, k.Work)
	}
	return
}

// compute is Apply on the kernel's two numbers. The loops that run the
// kernel call it with Const and Work read once, not Apply: Kernel has five
// fields, one more than the compiler keeps in registers, so Apply inlined
// into a loop copied the whole Kernel onto the stack for every item (the
// plain loop went from 0.82 to 1.85 ns an item at work = 0, n = 10⁵ on the
// 2-core VM when Rounds became the fifth field; BenchmarkMap/strategy=loop).
func compute(c int64, work int, p Pair) (x int64) {
	x = (p.A + p.B) * c
	if work > 0 {
		x = rounds(x, work)
	}
	return
}

// At computes the kernel for item i of the Map, whose input is p: Apply,
// with Rounds[i] rounds when Rounds is set.
func (k Kernel) At(i int, p Pair) int64 {
	work := k.Work
	if k.Rounds != nil {
		work = int(k.Rounds[i])
	}
	return compute(k.Const, work, p)
}

// rounds applies n LCG steps to x (Go's signed arithmetic wraps, so int64
// gives the same bits as uint64). It and lcg are kept out of line on
// purpose, so that every strategy, and every binary, runs the very same
// machine code for the work:
//
//   - inlined into each strategy's own loop, identical work ran up to 15%
//     faster or slower per strategy, depending on where the copy landed;
//   - with the constants written in the loop, the compiler reloads both
//     64-bit immediates on every step, and the 35-byte loop ran about 15%
//     slower in binaries where the linker placed it across a 64-byte
//     boundary (the CLI against the test binary, with the same code).
//     Passed as arguments they stay in registers, and the 12-byte loop
//     fits in one 32-byte block wherever the function lands.
//
// The two calls cost a few nanoseconds per item, and only when Work > 0;
// Apply itself stays within the inlining budget for the seed's kernel.
//
//go:noinline
func rounds(x int64, n int) int64 {
	return lcg(x, n, lcgMul, lcgAdd)
}

// lcg is the loop of rounds, with its constants in registers.
//
//go:noinline
func lcg(x int64, n int, mul, add int64) int64 {
	for range n {
		x = x*mul + add
	}
	return x
}

// SeedConst is the seed's const_value, the Kernel.Const of every run of
// the harness and of the Python peer, so that the two stay comparable.
const SeedConst = 100

// SeedPairs returns the seed's 20 inputs: (0,100), (1,101), ..., (19,119).
func SeedPairs() []Pair {
	return Pairs(20)
}

// Pairs returns n inputs in the seed's pattern: (i, 100+i) for i in [0, n).
func Pairs(n int) []Pair {
	in := make([]Pair, n)
	for i := range in {
		in[i] = Pair{A: int64(i), B: int64(100 + i)}
	}
	return in
}

// Strategy maps a Kernel over inputs. See the package doc for the contract
// every implementation meets.
type Strategy interface {
	// Name is the strategy's stable identifier, as used in benchmark names.
	Name() string
	// MapInto sets out[i] to k applied to in[i] for every i, using at most
	// workers goroutines for the work (workers <= 0: GOMAXPROCS), unless
	// the strategy says otherwise (goroutine-per-item ignores it).
	// len(out) must equal len(in).
	MapInto(ctx context.Context, k Kernel, in []Pair, out []int64, workers int) error
}

// Map is the allocating form of s.MapInto: it returns a new slice holding k
// applied to every item of in, in input order, or nil and the error.
func Map(ctx context.Context, s Strategy, k Kernel, in []Pair, workers int) ([]int64, error) {
	out := make([]int64, len(in))
	if err := s.MapInto(ctx, k, in, out, workers); err != nil {
		return nil, err
	}
	return out, nil
}

// ErrLength is wrapped by the error MapInto returns when out and in differ
// in length; nothing runs then.
var ErrLength = errors.New("strategies: len(out) != len(in)")

// checkLen is the first thing every MapInto does.
func checkLen[T, R any](in []T, out []R) error {
	if len(out) != len(in) {
		return fmt.Errorf("%w: %d outputs for %d inputs", ErrLength, len(out), len(in))
	}
	return nil
}

// Lesson describes a strategy for people choosing a shape: what it teaches
// and what a Python programmer would write instead. Every strategy in All
// implements it.
type Lesson interface {
	// Teaches is a one-line summary of what the strategy shows.
	Teaches() string
	// Python is the nearest Python equivalent, in one line.
	Python() string
}

// ErrPanic is wrapped by the error a strategy returns when Kernel.Check
// panicked; the error's text includes the panic value.
var ErrPanic = errors.New("strategies: kernel panicked")

// All returns every strategy with default settings, "sequential" first. The
// values are new on every call. Some hold resources between calls (a
// PersistentPool keeps its workers): whoever calls All closes every value
// that implements io.Closer when done with it; a value that was never used
// holds nothing.
func All() []Strategy {
	return []Strategy{
		Sequential{},
		ClosurePartial{},
		StructWorker{},
		ChannelPipeline{},
		ErrGroup{},
		StaticPartition{},
		&PersistentPool{},
		GoroutinePerItem{},
		ChannelPerItem{},
		ConcIter{},
	}
}

// Lookup returns a new value of the strategy in All, or of the reference
// in Limits, with the given name; the caller closes it if it implements
// io.Closer. For an unknown name the error lists the valid names.
func Lookup(name string) (Strategy, error) {
	all := append(All(), Limits()...)
	names := make([]string, 0, len(all))
	for _, s := range all {
		if s.Name() == name {
			return s, nil
		}
		names = append(names, s.Name())
	}
	sort.Strings(names)
	return nil, fmt.Errorf("strategies: unknown strategy %q (valid: %s)", name, strings.Join(names, ", "))
}

// resolveWorkers turns the caller's workers argument into a goroutine count
// no larger than the number of units of work (at least 1).
func resolveWorkers(workers, units int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, units))
}

// pythonChunk is Pool.map's default chunksize: ceil(n / (4 * workers)).
func pythonChunk(n, workers int) int {
	c := n / (4 * workers)
	if n%(4*workers) != 0 {
		c++
	}
	return max(1, c)
}
