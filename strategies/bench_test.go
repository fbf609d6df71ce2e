package strategies_test

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/concbench/concbench/strategies"
)

var (
	benchSizes = flag.String("concbench.n", "10,1000,100000", "comma-separated input sizes for BenchmarkMap (full grid: 10,100,1000,10000,100000,1000000)")
	benchWorks = flag.String("concbench.work", "0,100", "comma-separated work values for BenchmarkMap (full grid: 0,100,1000)")
	benchNames = flag.String("concbench.strategies", "", "comma-separated strategies for BenchmarkMap (default all)")
)

func intList(b *testing.B, s string) []int {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 0 {
			b.Fatalf("bad value %q in list %q", f, s)
		}
		out = append(out, v)
	}
	return out
}

// benchMap times s.Map over n seed-pattern items and reports ns/item.
// workers is 0, so it follows GOMAXPROCS: -cpu P sets it (one value per
// go test run: with a list, sub-benchmarks of the first value run under the
// last value's GOMAXPROCS, golang/go#49980).
func benchMap(b *testing.B, s strategies.Strategy, k strategies.Kernel, n int) {
	in := strategies.Pairs(n)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Map(ctx, k, in, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
}

// BenchmarkMap is the grid behind every chart:
// BenchmarkMap/strategy=S/n=N/work=W-P, P being GOMAXPROCS and the workers.
// Compare strategies with: benchstat -col /strategy FILE.
func BenchmarkMap(b *testing.B) {
	all := strategies.All()
	if *benchNames != "" {
		all = nil
		for name := range strings.SplitSeq(*benchNames, ",") {
			s, err := strategies.Lookup(name)
			if err != nil {
				b.Fatal(err)
			}
			all = append(all, s)
		}
	}
	for _, s := range all {
		for _, n := range intList(b, *benchSizes) {
			for _, work := range intList(b, *benchWorks) {
				b.Run(fmt.Sprintf("strategy=%s/n=%d/work=%d", s.Name(), n, work), func(b *testing.B) {
					benchMap(b, s, strategies.Kernel{Const: 100, Work: work}, n)
				})
			}
		}
	}
}

// BenchmarkPipelineBatch is the measurement behind MaxBatch: the
// channel pipeline's cost per item as its batch grows, at the lightest work.
func BenchmarkPipelineBatch(b *testing.B) {
	for _, work := range []int{0, 100} {
		for _, batch := range []int{1, 16, 64, 256, 1024, 4096} {
			b.Run(fmt.Sprintf("work=%d/batch=%d", work, batch), func(b *testing.B) {
				benchMap(b, strategies.ChannelPipeline{Batch: batch}, strategies.Kernel{Const: 100, Work: work}, 100_000)
			})
		}
	}
}
