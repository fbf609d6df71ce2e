package report_test

import (
	"errors"
	"fmt"
	"os"
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
	n, _ := d.BreakEven("errgroup", 100, 2)
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
	if err := report.Write(os.Stdout, d, report.Options{Format: report.Markdown}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # concbench report: example.txt
	//
	// - goos: linux
	//
	// ns/item: median ±95% confidence interval (6 samples per case); the fastest strategy at each n is marked (* in text, bold in Markdown and HTML).
	//
	// speedup: sequential median / strategy median, efficiency = speedup / workers in parentheses; ~ means not significantly different from sequential (Mann-Whitney U, alpha=0.05).
	//
	// break-even n: the smallest n at which the strategy is significantly faster than sequential.
	//
	// ## work=100 procs=2
	//
	// ### ns/item, work=100 procs=2
	//
	// | n     | sequential |     errgroup |
	// |:------|-----------:|-------------:|
	// | 10000 |    120 ±2% | **60.2 ±3%** |
	//
	// ### speedup over sequential (efficiency), work=100 procs=2
	//
	// | n            |     errgroup |
	// |:-------------|-------------:|
	// | 10000        | 1.99x (100%) |
	// | break-even n |        10000 |
}

// Compare two runs case by case; Regressions keeps the significant
// slowdowns over a threshold, as `concbench report -base OLD -fail-on 5%`.
func ExampleCompare() {
	before, err := report.Read(strings.NewReader(exampleInput), "before.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The same run with errgroup about 10 ns per item slower.
	after, err := report.Read(strings.NewReader(strings.NewReplacer(
		"0000 ns/op 6", "0000 ns/op 7", " 6", " 7").Replace(exampleInput)), "after.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	deltas, _, _ := report.Compare(before, after)
	for _, d := range deltas {
		fmt.Printf("%s: %+.0f%% significant=%v\n", d.Strategy, d.Pct, d.Significant)
	}
	for _, d := range report.Regressions(deltas, 5) {
		fmt.Println("regression:", d.Key)
	}
	// Output:
	// sequential: +0% significant=false
	// errgroup: +17% significant=true
	// regression: strategy=errgroup/n=10000/work=100 procs=2
}

// Load reads benchmark files; unusable input is an error wrapping ErrInput.
func ExampleLoad() {
	_, err := report.Load("testdata/no-such-file.txt")
	fmt.Println(errors.Is(err, report.ErrInput), err)
	// Output:
	// true report: unusable input: open testdata/no-such-file.txt: no such file or directory
}
