package python_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/concbench/concbench/harness/python"
	"golang.org/x/perf/benchfmt"
)

// ExampleRun times the Python seed programme and writes its results in
// benchmark format, as concbench run does beside the Go strategies. (Not run
// by go test: its output is timings.)
func ExampleRun() {
	res, err := python.Run(context.Background(), python.Config{
		Sizes: []int{1000, 100000},
		Works: []int{0, 100},
		Procs: []int{1, 2},
		Count: 6,
	})
	if errors.Is(err, python.ErrNoPython) {
		fmt.Fprintln(os.Stderr, "no python3: skipping the Python peer")
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	w := benchfmt.NewWriter(os.Stdout)
	for _, r := range res {
		w.Write(r)
	}
}

// ExampleParseTimings converts the seed programme's JSON lines by hand, for
// output saved from `python3 harness/python/pyseed/seed.py time ...`.
func ExampleParseTimings() {
	out := `{"kind":"info","python":"3.11.7","implementation":"CPython","start_method":"fork","cpu_count":2}
{"kind":"sample","variant":"partial","n":1000,"work":0,"procs":2,"iters":50,"ns":100000000}
`
	res, err := python.ParseTimings(strings.NewReader(out), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := benchfmt.NewWriter(os.Stdout)
	for _, r := range res {
		w.Write(r)
	}
	// Output:
	// BenchmarkMap/strategy=python-partial/n=1000/work=0-2 50 2e+06 ns/op 2000 ns/item
}
