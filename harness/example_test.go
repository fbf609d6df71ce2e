package harness_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/strategies"
)

// Run one strategy pair over one size, two samples each. A fixed Meter
// stands in for the clock so that the output is stable; leave Meter nil to
// measure for real. The second round starts at errgroup: each round starts
// the cases compared with one another one place later, so that none always
// runs first.
func ExampleRun() {
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}},
		Sizes:      []int{1000},
		Works:      []int{0},
		Procs:      []int{2},
		Count:      2,
		Precision:  -1, // exactly Count samples
		SampleTime: time.Millisecond,
		Meter: func(c harness.Case, iters int, _ func() error) (harness.Measurement, error) {
			per := 2 * time.Microsecond // pretend every call takes 2µs on 1.5 cores
			return harness.Measurement{Elapsed: per * time.Duration(iters), CPU: 3 * per / 2 * time.Duration(iters)}, nil
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
	// BenchmarkMap/strategy=sequential/n=1000/work=0-2 600 2000 ns/op 2 ns/item 3 cpu-ns/item 0 B/op 0 allocs/op
	// BenchmarkMap/strategy=errgroup/n=1000/work=0-2 600 2000 ns/op 2 ns/item 3 cpu-ns/item 0 B/op 0 allocs/op
	// BenchmarkMap/strategy=errgroup/n=1000/work=0-2 600 2000 ns/op 2 ns/item 3 cpu-ns/item 0 B/op 0 allocs/op
	// BenchmarkMap/strategy=sequential/n=1000/work=0-2 600 2000 ns/op 2 ns/item 3 cpu-ns/item 0 B/op 0 allocs/op
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
	for _, s := range cfg.Strategies { // the preset's strategies are ours to close
		if c, ok := s.(io.Closer); ok {
			c.Close()
		}
	}
	_, err = harness.Preset("slow")
	fmt.Println(err)
	// Output:
	// sizes [20] works [0] count 10 sample 2ms
	// 12 strategies, first sequential
	// harness: invalid config: unknown preset "slow" (valid: quick, seed, full, alloc, io)
}

// After Count samples, only the groups (one n, work, wait, procs) with a
// case whose median is not yet known to within Precision get more, the
// whole group, so that a speedup divides medians of the same rounds, up to
// MaxCount: here errgroup is noisy at n = 1000, so both cases at n = 1000
// take 20 samples, and the steady group at n = 2000 stops at 6.
func ExampleConfig_precision() {
	noise := []time.Duration{0, 300, -200, 500, -400, 100, -300, 200} // ns per call, repeating
	calls := 0
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}},
		Sizes:      []int{1000, 2000},
		Works:      []int{0},
		Procs:      []int{2},
		Count:      6,
		MaxCount:   20,
		Precision:  0.03,
		SampleTime: time.Millisecond,
		Meter: func(c harness.Case, iters int, _ func() error) (harness.Measurement, error) {
			per := 2 * time.Microsecond
			if c.Strategy.Name() == "errgroup" && c.N == 1000 {
				calls++
				per += noise[calls%len(noise)]
			}
			return harness.Measurement{Elapsed: per * time.Duration(iters)}, nil
		},
	}
	var out bytes.Buffer
	tot, err := harness.Run(context.Background(), cfg, &out)
	if err != nil {
		fmt.Println(err)
		return
	}
	counts := map[string]int{}
	for _, line := range strings.Split(out.String(), "\n") {
		if name, _, ok := strings.Cut(line, " "); ok && strings.HasPrefix(name, "Benchmark") {
			counts[name]++
		}
	}
	for _, n := range []string{"1000", "2000"} {
		fmt.Println("n =", n+":", counts["BenchmarkMap/strategy=sequential/n="+n+"/work=0-2"], "sequential samples,",
			counts["BenchmarkMap/strategy=errgroup/n="+n+"/work=0-2"], "errgroup samples")
	}
	for _, c := range tot.Missed {
		fmt.Println("missed the target:", c.Name())
	}
	// Output:
	// n = 1000: 20 sequential samples, 20 errgroup samples
	// n = 2000: 6 sequential samples, 6 errgroup samples
	// missed the target: Map/strategy=errgroup/n=1000/work=0-2
}

// A user's own function over the user's own items, with the harness's
// sampler: the SHA-256 of small records, at two rungs of a ladder, with
// sequential and errgroup. The function runs for real in the check against
// sequential; a fixed Meter stands in for the clock, as in ExampleRun, so
// that the output is stable: leave Meter nil to measure for real, and give
// the file to concbench report.
func ExampleRunFunc() {
	records := make([]string, 1000)
	for i := range records {
		records[i] = fmt.Sprintf("user-%d,%d,paris", i, 18+i%60)
	}
	checksum := func(_ context.Context, record string) ([32]byte, error) {
		return sha256.Sum256([]byte(record)), nil
	}
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}},
		Sizes:      []int{100, 1000}, // nil: harness.Ladder(len(records))
		Procs:      []int{2},
		Count:      1,
		Precision:  -1,
		Meter: func(c harness.Case, iters int, _ func() error) (harness.Measurement, error) {
			per := time.Duration(c.N) * 300 * time.Nanosecond / 2 // 300 ns an item, on 2 cores
			return harness.Measurement{Elapsed: per * time.Duration(iters)}, nil
		},
	}
	var out bytes.Buffer
	if _, err := harness.RunFunc(context.Background(), cfg, records, checksum, &out); err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "Benchmark") {
			fmt.Println(strings.Fields(line)[0])
		}
	}
	// Output:
	// BenchmarkMap/strategy=sequential/n=100/work=0-2
	// BenchmarkMap/strategy=errgroup/n=100/work=0-2
	// BenchmarkMap/strategy=sequential/n=1000/work=0-2
	// BenchmarkMap/strategy=errgroup/n=1000/work=0-2
}
