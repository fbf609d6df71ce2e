package strategies_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/concbench/concbench/strategies"
)

// The seed: (a+b)*const over a in range(20), b in range(100, 120), const=100.
func Example() {
	k := strategies.Kernel{Const: 100}
	for _, s := range []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}} {
		out, err := strategies.Map(context.Background(), s, k, strategies.SeedPairs(), 4)
		fmt.Println(s.Name(), out, err)
	}
	// Output:
	// sequential [10000 10200 10400 10600 10800 11000 11200 11400 11600 11800 12000 12200 12400 12600 12800 13000 13200 13400 13600 13800] <nil>
	// errgroup [10000 10200 10400 10600 10800 11000 11200 11400 11600 11800 12000 12200 12400 12600 12800 13000 13200 13400 13600 13800] <nil>
}

// functools.partial(f, const_value=100), mapped by a pool of 4 workers.
func ExampleClosurePartial() {
	out, err := strategies.Map(context.Background(), strategies.ClosurePartial{}, strategies.Kernel{Const: 100}, strategies.SeedPairs(), 4)
	fmt.Println(out, err)
	// Output: [10000 10200 10400 10600 10800 11000 11200 11400 11600 11800 12000 12200 12400 12600 12800 13000 13200 13400 13600 13800] <nil>
}

// A callable class with __call__ reading self.const_value: one Worker per
// goroutine.
func ExampleStructWorker() {
	out, err := strategies.Map(context.Background(), strategies.StructWorker{}, strategies.Kernel{Const: 100}, strategies.SeedPairs(), 4)
	fmt.Println(out, err)
	// Output: [10000 10200 10400 10600 10800 11000 11200 11400 11600 11800 12000 12200 12400 12600 12800 13000 13200 13400 13600 13800] <nil>
}

// Partial binds the constant once; the closure is then called per item.
func ExamplePartial() {
	f := strategies.Partial(100, 0)
	fmt.Println(f(strategies.Pair{A: 0, B: 100}), f(strategies.Pair{A: 19, B: 119}))
	// Output: 10000 13800
}

// Worker.Call is the __call__; Items is state owned by one goroutine.
func ExampleWorker() {
	w := &strategies.Worker{Const: 100}
	for _, p := range strategies.SeedPairs()[:3] {
		fmt.Print(w.Call(p), " ")
	}
	fmt.Println("items:", w.Items)
	// Output: 10000 10200 10400 items: 3
}

// Work adds LCG rounds per item, so items can be made as heavy as needed.
func ExampleKernel_Apply() {
	p := strategies.Pair{A: 1, B: 101}
	fmt.Println(strategies.Kernel{Const: 100}.Apply(p))
	fmt.Println(strategies.Kernel{Const: 100, Work: 1}.Apply(p))
	// Output:
	// 10200
	// 1539782894265477703
}

func ExampleLookup() {
	_, err := strategies.Lookup("threads")
	fmt.Println(err)
	// Output: strategies: unknown strategy "threads" (valid: channel-per-item, channel-pipeline, closure-partial, conc-iter, errgroup, goroutine-per-item, limit, loop, persistent-pool, sequential, static-partition, struct-worker)
}

// Every strategy in All computes the same seed list; they differ in how.
// Whoever calls All closes the strategies that hold resources.
func ExampleAll() {
	for _, s := range strategies.All() {
		out, err := strategies.Map(context.Background(), s, strategies.Kernel{Const: 100}, strategies.SeedPairs(), 0)
		fmt.Printf("%-18s %d ... %d %v\n", s.Name(), out[0], out[len(out)-1], err)
		if c, ok := s.(io.Closer); ok {
			c.Close()
		}
	}
	// Output:
	// sequential         10000 ... 13800 <nil>
	// closure-partial    10000 ... 13800 <nil>
	// struct-worker      10000 ... 13800 <nil>
	// channel-pipeline   10000 ... 13800 <nil>
	// errgroup           10000 ... 13800 <nil>
	// static-partition   10000 ... 13800 <nil>
	// persistent-pool    10000 ... 13800 <nil>
	// goroutine-per-item 10000 ... 13800 <nil>
	// channel-per-item   10000 ... 13800 <nil>
	// conc-iter          10000 ... 13800 <nil>
}

// Check fails an item: the Map fails with that item's index, and errors.Is
// still finds the original error.
func ExampleKernel() {
	errBad := errors.New("bad item")
	k := strategies.Kernel{Const: 100, Check: func(i int, p strategies.Pair) error {
		if p.A == 7 {
			return errBad
		}
		return nil
	}}
	_, err := strategies.Map(context.Background(), strategies.ErrGroup{}, k, strategies.SeedPairs(), 1)
	fmt.Println(err, errors.Is(err, errBad))
	// Output: item 7: bad item true
}

// MapInto writes into a slice the caller owns, so a loop of calls allocates
// nothing for the results: what a benchmark of a strategy should time.
func ExampleStrategy_mapInto() {
	k := strategies.Kernel{Const: 100}
	in := strategies.SeedPairs()
	out := make([]int64, len(in)) // once, reused by every call
	for range 3 {
		if err := (strategies.StaticPartition{}).MapInto(context.Background(), k, in, out, 2); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(out[0], out[19])
	err := strategies.Sequential{}.MapInto(context.Background(), k, in, out[:5], 1)
	fmt.Println(err, errors.Is(err, strategies.ErrLength))
	// Output:
	// 10000 13800
	// strategies: len(out) != len(in): 5 outputs for 20 inputs true
}

// One pool for many calls, as in Python's "with Pool() as pool:": its
// workers live between calls until Close.
func ExamplePersistentPool() {
	pool := &strategies.PersistentPool{}
	defer pool.Close()
	k := strategies.Kernel{Const: 100}
	in := strategies.SeedPairs()
	out := make([]int64, len(in))
	for _, workers := range []int{2, 4} {
		err := pool.MapInto(context.Background(), k, in, out, workers)
		fmt.Println(out[:3], err)
	}
	pool.Close()
	fmt.Println(pool.MapInto(context.Background(), k, in, out, 2))
	// Output:
	// [10000 10200 10400] <nil>
	// [10000 10200 10400] <nil>
	// strategies: pool is closed
}

// Map is MapInto into a new slice, for one-off calls.
func ExampleMap() {
	out, err := strategies.Map(context.Background(), strategies.Sequential{}, strategies.Kernel{Const: 100}, strategies.Pairs(3), 1)
	fmt.Println(out, err)
	// Output: [10000 10200 10400] <nil>
}

// The floor and the ceiling: Loop is one core with nothing but the kernel,
// Limit all cores with workers already awake. The harness runs both beside
// the strategies, so every report carries its machine's bounds.
func ExampleLimits() {
	in := strategies.SeedPairs()
	out := make([]int64, len(in))
	for _, s := range strategies.Limits() {
		err := s.MapInto(context.Background(), strategies.Kernel{Const: 100}, in, out, 2)
		fmt.Println(s.Name(), out[0], out[19], err)
		if c, ok := s.(io.Closer); ok {
			c.Close()
		}
	}
	// Output:
	// loop 10000 13800 <nil>
	// limit 10000 13800 <nil>
}

// A user's own function over the user's own items: parse each record's
// age, with errgroup and 2 workers. The first bad record stops the Map, and
// the error names its index.
func ExampleMapFunc() {
	age := func(_ context.Context, record string) (int, error) {
		_, a, ok := strings.Cut(record, ",")
		if !ok {
			return 0, fmt.Errorf("no age in %q", record)
		}
		return strconv.Atoi(a)
	}
	records := []string{"ada,36", "alan,41", "grace,85"}
	ages := make([]int, len(records))
	err := strategies.MapFunc(context.Background(), strategies.ErrGroup{}, age, records, ages, 2)
	fmt.Println(ages, err)

	err = strategies.MapFunc(context.Background(), strategies.ErrGroup{}, age, []string{"ada,36", "edsger"}, make([]int, 2), 2)
	fmt.Println(err)
	// Output:
	// [36 41 85] <nil>
	// item 1: no age in "edsger"
}

// Which strategies run a user's function: all but the two whose lesson is
// how the seed binds its constant.
func ExampleRunsFunc() {
	for _, s := range strategies.All() {
		if !strategies.RunsFunc(s) {
			fmt.Println(s.Name(), "runs only the seed kernel")
		}
	}
	// Output:
	// closure-partial runs only the seed kernel
	// struct-worker runs only the seed kernel
}
