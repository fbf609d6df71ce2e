// Package harness measures strategies over a sweep of cases — strategy × n ×
// work × procs — and writes one result line per sample in the Go benchmark
// format, so that benchstat reads the file unchanged.
//
// A Run goes in three phases:
//
//  1. check: every case's result is compared with the sequential strategy's,
//     once, before anything is timed; a wrong strategy is an error
//     (ErrMismatch), not a fast number;
//  2. calibrate: each case's iteration count is grown, as testing.B does,
//     until one sample takes about Config.SampleTime;
//  3. measure: Count+1 rounds, each taking one sample of every case in turn
//     (round-robin). The first round is a warm-up and is discarded. Because
//     rounds are interleaved, drift in the machine (thermal throttling, a
//     noisy neighbour) hits every strategy alike instead of whichever ran
//     last, which neither `go test -bench` nor hyperfine does.
//
// Each sample is written as soon as it is measured, so an interrupted Run
// leaves every finished sample behind.
package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/strategies"
)

// ErrMismatch is wrapped by the error Run returns when a strategy's result
// differs from the sequential strategy's for the same case.
var ErrMismatch = errors.New("harness: result differs from sequential")

// ErrConfig is wrapped by the error Validate (and so Run) returns for a
// Config that cannot be run, such as a non-positive size.
var ErrConfig = errors.New("harness: invalid config")

// Case is one point of a sweep: one strategy mapping a kernel with Work
// rounds over N items, with GOMAXPROCS set to Procs.
type Case struct {
	Strategy strategies.Strategy
	// N is the number of items per Map call.
	N int
	// Work is the kernel's extra LCG rounds per item (strategies.Kernel.Work).
	Work int
	// Procs is GOMAXPROCS while the case runs.
	Procs int
	// Workers is the workers argument passed to Map; 0 means Procs.
	Workers int
}

// workers returns the workers argument Map gets.
func (c Case) workers() int {
	if c.Workers <= 0 {
		return c.Procs
	}
	return c.Workers
}

// Name returns the case's benchmark name without the "Benchmark" prefix:
// Map/strategy=S/n=N/work=W-P, with /workers=K before the -P suffix only
// when workers differs from procs. It matches the strategies package's
// BenchmarkMap run with -cpu P, so benchstat can compare the two.
func (c Case) Name() string {
	name := "Map/strategy=" + c.Strategy.Name() + "/n=" + strconv.Itoa(c.N) + "/work=" + strconv.Itoa(c.Work)
	if w := c.workers(); w != c.Procs {
		name += "/workers=" + strconv.Itoa(w)
	}
	return name + "-" + strconv.Itoa(c.Procs)
}

// Measurement is what a Meter saw while running a case's op some number of
// times.
type Measurement struct {
	// Elapsed is the wall time of all iterations together.
	Elapsed time.Duration
	// Bytes and Allocs are the heap bytes and objects allocated meanwhile,
	// as counted by runtime.MemStats (TotalAlloc and Mallocs).
	Bytes, Allocs uint64
}

// A Meter runs op iters times in a row and measures it. It returns the
// first error op returns. Meter is the seam tests use to substitute fixed
// timings; the default, used when Config.Meter is nil, is the wall clock and
// runtime.ReadMemStats, as in testing.B.
type Meter func(c Case, iters int, op func() error) (Measurement, error)

// Progress describes where a Run is, for progress bars. Done counts the
// steps finished (a check, a calibration or a sample is one step) out of
// Total; Case is the case of the step about to start, and Phase is "check",
// "calibrate", "warm-up" or "sample". A final call has Phase "done" and
// Done == Total.
type Progress struct {
	Phase       string
	Case        Case
	Done, Total int
}

// Totals counts the samples a Run wrote and the samples it planned.
type Totals struct {
	Samples, Planned int
	// Config is the file configuration every sample was written with (the
	// key: value lines before the first sample, after the # notes), so that
	// results added to the same file later, such as the Python peer's, can
	// carry it too. It is nil if Run stopped before writing.
	Config []benchfmt.Config
}

// Run measures every case of cfg (see Config.Cases) and writes one result
// per sample to w, in the Go benchmark format, preceded by "# key: value"
// notes describing the run and configuration lines describing the machine
// as `go test -bench` does (goos, goarch, pkg, cpu). Each sample is written as soon
// as it is measured; w is not closed.
//
// Run sets runtime.GOMAXPROCS for each case and restores it before it
// returns. It blocks until it is done; cfg.Progress, if set, is called on
// the calling goroutine between steps.
//
// When ctx is cancelled Run finishes the sample in progress, writes it, and
// returns an error wrapping ctx.Err(); the output then holds only complete
// samples. An invalid cfg gives an error wrapping ErrConfig before anything
// is run; a wrong strategy gives one wrapping ErrMismatch before anything is
// written. Totals reports what was written in every case.
func Run(ctx context.Context, cfg Config, w io.Writer) (Totals, error) {
	if err := cfg.Validate(); err != nil {
		return Totals{}, err
	}
	cases := cfg.Cases()
	rounds := cfg.count()
	tot := Totals{Planned: len(cases) * rounds}
	meter := cfg.Meter
	if meter == nil {
		meter = wallMeter
	}
	progress := cfg.Progress
	if progress == nil {
		progress = func(Progress) {}
	}
	steps := 2*len(cases) + len(cases)*(rounds+1)
	done := 0
	step := func(phase string, c Case) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		progress(Progress{Phase: phase, Case: c, Done: done, Total: steps})
		done++
		return nil
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	k := strategies.Kernel{Const: kernelConst}
	inputs := map[int][]strategies.Pair{}
	for _, c := range cases {
		if inputs[c.N] == nil {
			inputs[c.N] = strategies.Pairs(c.N)
		}
	}

	// Phase 1: every strategy must agree with sequential.
	want := map[[2]int][]int64{}
	for _, c := range cases {
		if err := step("check", c); err != nil {
			return tot, err
		}
		runtime.GOMAXPROCS(c.Procs)
		if err := check(ctx, c, k, inputs[c.N], want); err != nil {
			return tot, err
		}
	}

	// Timed ops run under a context that is never cancelled, so that a
	// sample in progress completes; ctx is checked between steps.
	mctx := context.WithoutCancel(ctx)
	ops := make([]func() error, len(cases))
	for i, c := range cases {
		kc := k
		kc.Work = c.Work
		s, in, workers := c.Strategy, inputs[c.N], c.workers()
		ops[i] = func() error {
			_, err := s.Map(mctx, kc, in, workers)
			return err
		}
	}

	// Phase 2: calibrate every case.
	iters := make([]int, len(cases))
	for i, c := range cases {
		if err := step("calibrate", c); err != nil {
			return tot, err
		}
		runtime.GOMAXPROCS(c.Procs)
		n, err := calibrate(ctx, cfg.sampleTime(), func(n int) (time.Duration, error) {
			m, err := meter(c, n, ops[i])
			return m.Elapsed, err
		})
		if err != nil {
			return tot, fmt.Errorf("harness: calibrate %s: %w", c.Name(), err)
		}
		iters[i] = n
	}

	// Phase 3: interleaved rounds; round 0 is the discarded warm-up.
	labels, notes := cfg.labels()
	bw := benchfmt.NewWriter(&notesWriter{w: w, notes: notes})
	tot.Config = labels
	for round := range rounds + 1 {
		phase := "sample"
		if round == 0 {
			phase = "warm-up"
		}
		for i, c := range cases {
			if err := step(phase, c); err != nil {
				return tot, err
			}
			runtime.GOMAXPROCS(c.Procs)
			m, err := meter(c, iters[i], ops[i])
			if err != nil {
				return tot, fmt.Errorf("harness: measure %s: %w", c.Name(), err)
			}
			if round == 0 {
				continue
			}
			if err := bw.Write(result(c, iters[i], m, labels)); err != nil {
				return tot, fmt.Errorf("harness: write %s: %w", c.Name(), err)
			}
			tot.Samples++
		}
	}
	progress(Progress{Phase: "done", Done: done, Total: steps})
	return tot, nil
}

// check runs c once and compares its result with sequential's, which it
// computes once per (n, work) and caches in want.
func check(ctx context.Context, c Case, k strategies.Kernel, in []strategies.Pair, want map[[2]int][]int64) error {
	k.Work = c.Work
	key := [2]int{c.N, c.Work}
	ref, ok := want[key]
	if !ok {
		var err error
		if ref, err = (strategies.Sequential{}).Map(ctx, k, in, 1); err != nil {
			return fmt.Errorf("harness: check sequential n=%d work=%d: %w", c.N, c.Work, err)
		}
		want[key] = ref
	}
	got, err := c.Strategy.Map(ctx, k, in, c.workers())
	if err != nil {
		return fmt.Errorf("harness: check %s: %w", c.Name(), err)
	}
	if len(got) != len(ref) {
		return fmt.Errorf("%w: %s: %d results, want %d", ErrMismatch, c.Name(), len(got), len(ref))
	}
	for i := range ref {
		if got[i] != ref[i] {
			return fmt.Errorf("%w: %s: item %d = %d, want %d", ErrMismatch, c.Name(), i, got[i], ref[i])
		}
	}
	return nil
}

// calibrate returns how many iterations make one sample last about target,
// growing the count as testing.B does: predict from the last run, aim 20%
// over, grow at most 100x and at least by one, stop at 1e9. run measures n
// iterations. ctx is checked between runs.
func calibrate(ctx context.Context, target time.Duration, run func(n int) (time.Duration, error)) (int, error) {
	n := 1
	d, err := run(n)
	if err != nil {
		return 0, err
	}
	for d < target && n < 1e9 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		last := int64(n)
		prev := max(d.Nanoseconds(), 1)
		next := target.Nanoseconds() * last / prev
		next += next / 5
		next = min(next, 100*last)
		next = max(next, last+1)
		next = min(next, 1e9)
		n = int(next)
		if d, err = run(n); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// wallMeter is the default Meter: it collects garbage first, as testing.B
// does before each run, so that samples start from a comparable heap.
func wallMeter(_ Case, iters int, op func() error) (Measurement, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for range iters {
		if err := op(); err != nil {
			return Measurement{}, err
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return Measurement{
		Elapsed: elapsed,
		Bytes:   after.TotalAlloc - before.TotalAlloc,
		Allocs:  after.Mallocs - before.Mallocs,
	}, nil
}

// result turns one sample into a benchfmt result with the units ns/op,
// ns/item, B/op and allocs/op. Times keep 5 significant digits, as many as
// testing prints and more than any clock here resolves; B/op and allocs/op
// are whole numbers, as testing reports them.
func result(c Case, iters int, m Measurement, labels []benchfmt.Config) *benchfmt.Result {
	nsPerOp := float64(m.Elapsed.Nanoseconds()) / float64(iters)
	return &benchfmt.Result{
		Config: labels,
		Name:   benchfmt.Name(c.Name()),
		Iters:  iters,
		Values: []benchfmt.Value{
			{Value: significant(nsPerOp, 5), Unit: "ns/op"},
			{Value: significant(nsPerOp/float64(c.N), 5), Unit: "ns/item"},
			{Value: float64(m.Bytes / uint64(iters)), Unit: "B/op"},
			{Value: float64(m.Allocs / uint64(iters)), Unit: "allocs/op"},
		},
	}
}

// significant rounds x to the given number of significant digits.
func significant(x float64, digits int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', digits, 64), 64)
	return r
}
