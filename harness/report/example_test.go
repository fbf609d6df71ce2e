package report_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/concbench/concbench/harness/report"
)

// A sweep of two strategies at one size; errgroup is about twice as fast.
const exampleInput = `goos: linux
BenchmarkMap/strategy=sequential/n=10000/work=100-2 10 1200000 ns/op 120 ns/item
BenchmarkMap/strategy=sequential/n=10000/work=100-2 10 1210000 ns/op 121 ns/item
BenchmarkMap/strategy=sequential/n=10000/work=100-2 10 1190000 ns/op 119 ns/item
BenchmarkMap/strategy=sequential/n=10000/work=100-2 10 1220000 ns/op 122 ns/item
BenchmarkMap/strategy=sequential/n=10000/work=100-2 10 1180000 ns/op 118 ns/item
BenchmarkMap/strategy=sequential/n=10000/work=100-2 10 1200000 ns/op 120 ns/item
BenchmarkMap/strategy=errgroup/n=10000/work=100-2 10 610000 ns/op 61 ns/item
BenchmarkMap/strategy=errgroup/n=10000/work=100-2 10 600000 ns/op 60 ns/item
BenchmarkMap/strategy=errgroup/n=10000/work=100-2 10 620000 ns/op 62 ns/item
BenchmarkMap/strategy=errgroup/n=10000/work=100-2 10 590000 ns/op 59 ns/item
BenchmarkMap/strategy=errgroup/n=10000/work=100-2 10 600000 ns/op 60 ns/item
BenchmarkMap/strategy=errgroup/n=10000/work=100-2 10 605000 ns/op 60.5 ns/item
`

func ExampleData_Speedup() {
	d, err := report.Read(strings.NewReader(exampleInput), "example.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := d.Speedup(report.Key{Strategy: "errgroup", N: 10000, Work: 100, Procs: 2})
	n, _ := d.BreakEven("errgroup", report.Group{Work: 100, Procs: 2})
	fmt.Printf("speedup %.2fx, significant %v, efficiency %.0f%%, break-even n %d\n",
		s.Ratio, s.Significant, s.Efficiency*100, n)
	// Output:
	// speedup 1.99x, significant true, efficiency 100%, break-even n 10000
}

func ExampleWrite() {
	d, err := report.Read(strings.NewReader(exampleInput), "example.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	var out strings.Builder
	if err := report.Write(&out, d, report.Options{Format: report.Markdown}); err != nil {
		fmt.Println(err)
	}
	// The verdict comes first, then the noise line; the tables follow.
	for line := range strings.Lines(out.String()) {
		if strings.HasPrefix(line, "- work=") || strings.HasPrefix(line, "noise:") || strings.HasPrefix(line, "| 10000") {
			fmt.Print(line)
		}
	}
	// Output:
	// - work=100, 2 procs (120 ns per item in sequential): use errgroup, which pays from the smallest n measured, n=10000. At n=10000 it is 1.99× (1.95–2.02) faster than sequential (efficiency 100%).
	// noise: median 95% CI ±2.9% over 2 cases; no precision target recorded (as in go test output).
	// | 10000 |    120 ±2% | **60.2 ±3%** |
	// | 10000        | 1.99× (100%) |
}

// after is exampleInput with errgroup 15% slower.
func after() string {
	var b strings.Builder
	for line := range strings.Lines(exampleInput) {
		if name, rest, ok := strings.Cut(line, " 10 "); ok && strings.Contains(name, "errgroup") {
			var op, item float64
			fmt.Sscanf(rest, "%g ns/op %g ns/item", &op, &item)
			line = fmt.Sprintf("%s 10 %g ns/op %g ns/item\n", name, op*1.15, item*1.15)
		}
		b.WriteString(line)
	}
	return b.String()
}

// Compare two runs case by case, as measured; the gate keeps the slowdowns
// whose whole interval, adjusted for the number of cases compared, lies
// above the threshold, as `concbench report -base OLD -fail-on 5 NEW`.
func ExampleNewComparison() {
	before, err := report.Read(strings.NewReader(exampleInput), "before.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	now, err := report.Read(strings.NewReader(after()), "after.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := report.NewComparison(before, now)
	for _, d := range c.Deltas {
		fmt.Printf("%s: %+.0f%% (%+.0f%% to %+.0f%%) significant=%v\n", d.Strategy, d.Pct, d.Lo, d.Hi, d.Significant)
	}
	for _, d := range c.Regressions(5) {
		fmt.Println("regression:", d.Key)
	}
	fmt.Printf("geomean %+.1f%%\n", c.Geomean)
	// Output:
	// sequential: +0% (-2% to +2%) significant=false
	// errgroup: +15% (+12% to +18%) significant=true
	// regression: strategy=errgroup/n=10000/work=100 procs=2
	// geomean +7.2%
}

// Load reads benchmark files; unusable input is an *InputError, which
// wraps ErrInput and says where the problem is.
func ExampleLoad() {
	_, err := report.Load("testdata/syntax.txt")
	var ie *report.InputError
	fmt.Println(errors.Is(err, report.ErrInput), errors.As(err, &ie), ie.File, ie.Line)
	fmt.Println(err)
	// Output:
	// true true testdata/syntax.txt 2
	// testdata/syntax.txt:2: parsing measurement: invalid syntax
}

// The speedup interval: a percentile bootstrap of the ratio of medians,
// repeatable for the same seed.
func ExampleRatioInterval() {
	seq := []float64{120, 121, 119, 122, 118, 120}
	pool := []float64{61, 60, 62, 59, 60, 60.5}
	lo, hi := report.RatioInterval(seq, pool, "example")
	fmt.Printf("%.2f to %.2f\n", lo, hi)
	// Output: 1.95 to 2.02
}
