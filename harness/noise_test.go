package harness

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/report"

	"github.com/concbench/concbench/strategies"
)

// TestNoiseSources is the measurement behind the harness's sampling
// defaults (docs/methodology.md, "Less noise at the source"): the same
// sixteen cases measured with the same time per case, in samples of 2, 5
// and 10 ms, with and without a garbage collection before each sample, each
// variant twice. For each variant it prints the median 95% CI half-width
// over the cases and the median difference between the two repeats'
// medians (how far a rerun moves a number). It takes about half a minute of
// a quiet machine, so it runs only when CONCBENCH_NOISE=1:
//
//	CONCBENCH_NOISE=1 go test -run TestNoiseSources -v ./harness/
func TestNoiseSources(t *testing.T) {
	if os.Getenv("CONCBENCH_NOISE") != "1" {
		t.Skip("set CONCBENCH_NOISE=1 to measure the noise of sample lengths and of the GC before samples (about 30 s)")
	}
	noGC := func(_ Case, iters int, op func() error) (Measurement, error) {
		start := time.Now()
		for range iters {
			if err := op(); err != nil {
				return Measurement{}, err
			}
		}
		return Measurement{Elapsed: time.Since(start)}, nil
	}
	variants := []struct {
		name   string
		sample time.Duration
		count  int
		meter  Meter
	}{
		{"2ms x 50, GC", 2 * time.Millisecond, 50, nil},
		{"5ms x 20, GC", 5 * time.Millisecond, 20, nil},
		{"10ms x 10, GC", 10 * time.Millisecond, 10, nil},
		{"5ms x 20, no GC", 5 * time.Millisecond, 20, noGC},
	}
	run := func(sample time.Duration, count int, meter Meter) map[string][]float64 {
		samples := map[string][]float64{}
		cfg := Config{
			Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.StaticPartition{}, &strategies.PersistentPool{}, strategies.ErrGroup{}},
			Sizes:      []int{10_000, 100_000},
			Works:      []int{0, 100},
			Procs:      []int{min(2, runtime.NumCPU())},
			Count:      count,
			Precision:  -1,
			SampleTime: sample,
			Meter: func(c Case, iters int, op func() error) (Measurement, error) {
				m, err := cmpMeter(meter)(c, iters, op)
				samples[c.Name()] = append(samples[c.Name()], float64(m.Elapsed)/float64(iters*c.N))
				return m, err
			},
		}
		if _, err := Run(context.Background(), cfg, io.Discard); err != nil {
			t.Fatal(err)
		}
		for k, v := range samples { // drop calibration and warm-up
			samples[k] = v[len(v)-count:]
		}
		return samples
	}
	fmt.Printf("%-18s %12s %14s\n", "variant", "median CI ±", "rerun moves")
	for _, v := range variants {
		a, b := run(v.sample, v.count, v.meter), run(v.sample, v.count, v.meter)
		var widths, moves []float64
		for name, xs := range a {
			widths = append(widths, report.HalfWidth(xs), report.HalfWidth(b[name]))
			ma, mb := median(xs), median(b[name])
			moves = append(moves, math.Abs(ma/mb-1))
		}
		fmt.Printf("%-18s %11.1f%% %13.1f%%\n", v.name, 100*median(widths), 100*median(moves))
	}
}

// cmpMeter returns m, or the default meter when m is nil.
func cmpMeter(m Meter) Meter {
	if m == nil {
		return wallMeter
	}
	return m
}

// median returns the median of xs without reordering it.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[len(s)/2]
}
