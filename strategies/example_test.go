package strategies_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/concbench/concbench/strategies"
)

// The seed: (a+b)*const over a in range(20), b in range(100, 120), const=100.
func Example() {
	k := strategies.Kernel{Const: 100}
	for _, s := range []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}} {
		out, err := s.Map(context.Background(), k, strategies.SeedPairs(), 4)
		fmt.Println(s.Name(), out, err)
	}
	// Output:
	// sequential [10000 10200 10400 10600 10800 11000 11200 11400 11600 11800 12000 12200 12400 12600 12800 13000 13200 13400 13600 13800] <nil>
	// errgroup [10000 10200 10400 10600 10800 11000 11200 11400 11600 11800 12000 12200 12400 12600 12800 13000 13200 13400 13600 13800] <nil>
}

// functools.partial(f, const_value=100), mapped by a pool of 4 workers.
func ExampleClosurePartial() {
	out, err := strategies.ClosurePartial{}.Map(context.Background(), strategies.Kernel{Const: 100}, strategies.SeedPairs(), 4)
	fmt.Println(out, err)
	// Output: [10000 10200 10400 10600 10800 11000 11200 11400 11600 11800 12000 12200 12400 12600 12800 13000 13200 13400 13600 13800] <nil>
}

// A callable class with __call__ reading self.const_value: one Worker per
// goroutine.
func ExampleStructWorker() {
	out, err := strategies.StructWorker{}.Map(context.Background(), strategies.Kernel{Const: 100}, strategies.SeedPairs(), 4)
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
	// Output: strategies: unknown strategy "threads" (valid: channel-per-item, channel-pipeline, closure-partial, conc-iter, errgroup, goroutine-per-item, sequential, static-partition, struct-worker)
}

// Every strategy in All computes the same seed list; they differ in how.
func ExampleAll() {
	for _, s := range strategies.All() {
		out, err := s.Map(context.Background(), strategies.Kernel{Const: 100}, strategies.SeedPairs(), 0)
		fmt.Printf("%-18s %d ... %d %v\n", s.Name(), out[0], out[len(out)-1], err)
	}
	// Output:
	// sequential         10000 ... 13800 <nil>
	// closure-partial    10000 ... 13800 <nil>
	// struct-worker      10000 ... 13800 <nil>
	// channel-pipeline   10000 ... 13800 <nil>
	// errgroup           10000 ... 13800 <nil>
	// static-partition   10000 ... 13800 <nil>
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
	_, err := strategies.ErrGroup{}.Map(context.Background(), k, strategies.SeedPairs(), 1)
	fmt.Println(err, errors.Is(err, errBad))
	// Output: item 7: bad item true
}
