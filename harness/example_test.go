package harness_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/strategies"
)

// Run one strategy pair over one size, two samples each. A fixed Meter
// stands in for the clock so that the output is stable; leave Meter nil to
// measure for real.
func ExampleRun() {
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}},
		Sizes:      []int{1000},
		Works:      []int{0},
		Procs:      []int{2},
		Count:      2,
		SampleTime: time.Millisecond,
		Meter: func(c harness.Case, iters int, _ func() error) (harness.Measurement, error) {
			per := 2 * time.Microsecond // pretend every Map takes 2µs
			return harness.Measurement{Elapsed: per * time.Duration(iters), Bytes: 8000 * uint64(iters), Allocs: uint64(iters)}, nil
		},
	}
	var out bytes.Buffer
	tot, err := harness.Run(context.Background(), cfg, &out)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "Benchmark") {
			fmt.Println(line)
		}
	}
	fmt.Printf("%d of %d samples\n", tot.Samples, tot.Planned)
	// Output:
	// BenchmarkMap/strategy=sequential/n=1000/work=0-2 600 2000 ns/op 2 ns/item 8000 B/op 1 allocs/op
	// BenchmarkMap/strategy=errgroup/n=1000/work=0-2 600 2000 ns/op 2 ns/item 8000 B/op 1 allocs/op
	// BenchmarkMap/strategy=sequential/n=1000/work=0-2 600 2000 ns/op 2 ns/item 8000 B/op 1 allocs/op
	// BenchmarkMap/strategy=errgroup/n=1000/work=0-2 600 2000 ns/op 2 ns/item 8000 B/op 1 allocs/op
	// 4 of 4 samples
}

func ExampleCase_Name() {
	c := harness.Case{Strategy: strategies.ErrGroup{}, N: 4096, Work: 100, Procs: 2}
	fmt.Println(c.Name())
	c.Workers = 8
	fmt.Println(c.Name())
	// Output:
	// Map/strategy=errgroup/n=4096/work=100-2
	// Map/strategy=errgroup/n=4096/work=100/workers=8-2
}

func ExampleConfig_Cases() {
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}},
		Sizes:      []int{10, 100},
		Works:      []int{0},
		Procs:      []int{1},
	}
	for _, c := range cfg.Cases() {
		fmt.Println(c.Name())
	}
	// Output:
	// Map/strategy=sequential/n=10/work=0-1
	// Map/strategy=errgroup/n=10/work=0-1
	// Map/strategy=sequential/n=100/work=0-1
	// Map/strategy=errgroup/n=100/work=0-1
}

// The seed preset is the Python cheat sheet's own case: 20 items, the
// seed's kernel, every strategy.
func ExamplePreset() {
	cfg, err := harness.Preset("seed")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sizes", cfg.Sizes, "works", cfg.Works, "count", cfg.Count, "sample", cfg.SampleTime)
	fmt.Println(len(cfg.Strategies), "strategies, first", cfg.Strategies[0].Name())
	_, err = harness.Preset("slow")
	fmt.Println(err)
	// Output:
	// sizes [20] works [0] count 10 sample 100ms
	// 9 strategies, first sequential
	// harness: invalid config: unknown preset "slow" (valid: quick, seed, full)
}
