package harness

import (
	"context"
	"runtime"
	"testing"

	"github.com/concbench/concbench/strategies"
)

// Bench benchmarks a user's per-item function f over the user's items in
// from a benchmark in the user's own _test.go:
//
//	func BenchmarkHash(b *testing.B) {
//		harness.Bench(b, records, hashRecord)
//	}
//
// It runs one sub-benchmark per case, named as concbench names its cases
// (strategy=S/n=N/work=0, go test adding -P), over a ladder of prefixes
// of in (Ladder), every strategy that runs a user's function and the
// references loop and limit (FuncStrategies), with workers equal to
// GOMAXPROCS (set it with go test -cpu). Each reports ns/item beside
// ns/op, B/op and allocs/op, after checking its results against
// sequential's, so that
//
//	go test -bench . -count 10 | concbench report
//
// gives the verdict, speedups, efficiency and break-even n for f. It is
// BenchWith with a zero Config.
func Bench[T, R any](b *testing.B, in []T, f strategies.Func[T, R]) {
	b.Helper()
	BenchWith(b, Config{}, in, f)
}

// BenchWith is Bench with the cases of cfg: its Strategies, Sizes,
// Workers and Outputs, with the defaults of RunFunc. Its other fields
// (Procs, Count, Precision, SampleTime...) are the sampler's and are
// ignored: go test's -cpu, -count and -benchtime say those. A cfg RunFunc
// would refuse fails b, as does a strategy whose results differ from
// sequential's or that returns an error. The strategies are closed when
// b's cleanup runs.
func BenchWith[T, R any](b *testing.B, cfg Config, in []T, f strategies.Func[T, R]) {
	b.Helper()
	cfg.Procs = []int{runtime.GOMAXPROCS(0)}
	cfg, err := funcConfig(cfg, len(in), funcName(f))
	if err != nil {
		b.Fatal(err)
	}
	r := newRunner(cfg, cfg.Strategies, cfg.cases(cfg.Strategies), newFuncWork(in, f))
	b.Cleanup(r.close)
	for i, c := range r.cases {
		// The user's benchmark is the base of the name, and go test adds -P.
		b.Run(c.Key().Sub(), func(b *testing.B) { r.bench(b, i) })
	}
}

// bench is the sub-benchmark of case i: a check, then the timed calls.
// A strategy whose workers spin after a call is parked after its
// sub-benchmark, as after a sample of Run.
func (r *runner) bench(b *testing.B, i int) {
	c, call := r.cases[i], r.ops[i]
	ctx := context.Background()
	if err := r.work.check(ctx, c); err != nil {
		b.Fatal(err)
	}
	if p, ok := c.Strategy.(parker); ok {
		defer p.Park()
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := call(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(c.N), "ns/item")
}
