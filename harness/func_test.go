package harness_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

var errBoom = errors.New("boom")

// square is a user's function for the tests.
func square(_ context.Context, x int) (int, error) { return x * x, nil }

// ints returns 0, 1, ..., n-1.
func ints(n int) []int {
	in := make([]int, n)
	for i := range in {
		in[i] = i
	}
	return in
}

func TestLadder(t *testing.T) {
	tests := []struct {
		items int
		want  []int
	}{
		{1, []int{1}},
		{100, []int{100}},
		{101, []int{100, 101}},
		{1000, []int{100, 1000}},
		{50_000, []int{100, 1000, 10_000, 50_000}},
	}
	for _, tt := range tests {
		if got := harness.Ladder(tt.items); !slices.Equal(got, tt.want) {
			t.Errorf("Ladder(%d) = %v, want %v", tt.items, got, tt.want)
		}
	}
}

// TestRunFuncConfig: what RunFunc refuses, before anything runs.
func TestRunFuncConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  harness.Config
		in   []int
		msg  string
	}{
		{"works", harness.Config{Works: []int{100}}, ints(10), "works, work times, waits and skews describe the seed's kernel"},
		{"waits", harness.Config{Waits: []time.Duration{time.Millisecond}}, ints(10), "describe the seed's kernel"},
		{"work-times", harness.Config{WorkTimes: []time.Duration{time.Microsecond}}, ints(10), "describe the seed's kernel"},
		{"skews", harness.Config{Skews: []casekey.Skew{casekey.Increasing}}, ints(10), "describe the seed's kernel"},
		{"too-large", harness.Config{Sizes: []int{5, 11}}, ints(10), "size 11 is above the 10 items given"},
		{"no-items", harness.Config{}, nil, "no items"},
		{"seed-only", harness.Config{Strategies: []strategies.Strategy{strategies.ClosurePartial{}}}, ints(10), "closure-partial runs only the seed's kernel"},
		{"invalid", harness.Config{Count: -1}, ints(10), "count -1 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			cfg := tt.cfg
			cfg.Meter = func(harness.Case, int, func() error) (harness.Measurement, error) {
				calls++
				return harness.Measurement{}, nil
			}
			var buf bytes.Buffer
			_, err := harness.RunFunc(context.Background(), cfg, tt.in, square, &buf)
			if !errors.Is(err, harness.ErrConfig) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("RunFunc = %v, want ErrConfig containing %q", err, tt.msg)
			}
			if calls != 0 || buf.Len() != 0 {
				t.Errorf("measured %d times, wrote %d bytes; want nothing", calls, buf.Len())
			}
		})
	}
}

// TestRunFunc: a run of a user's function writes a file that report reads
// as a run of the seed's: every FuncStrategies case at every rung of the
// ladder, named with work=0, the configuration naming the function.
func TestRunFunc(t *testing.T) {
	cfg := harness.Config{Count: 2, Precision: -1, SampleTime: time.Millisecond, Meter: fakeMeter, Labels: fixedLabels}
	var buf bytes.Buffer
	tot, err := harness.RunFunc(context.Background(), cfg, ints(1000), square, &buf)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, n := range harness.Ladder(1000) {
		for _, s := range harness.FuncStrategies() {
			want = append(want, fmt.Sprintf("Map/strategy=%s/n=%d/work=0", s.Name(), n))
		}
	}
	var got []string
	for _, r := range readAll(t, buf.Bytes()) {
		name := r.Name.String()
		name = name[:strings.LastIndex(name, "-")] // the -P suffix
		if !slices.Contains(got, name) {
			got = append(got, name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("cases %v, want %v", got, want)
	}
	if tot.Samples != 2*len(want) {
		t.Errorf("%d samples, want %d", tot.Samples, 2*len(want))
	}
	if !strings.Contains(buf.String(), "kernel: the user's function github.com/concbench/concbench/harness_test.square") {
		t.Errorf("the file does not name the function:\n%s", buf.String()[:min(buf.Len(), 2000)])
	}
	if _, err := report.Read(bytes.NewReader(buf.Bytes()), "func.txt"); err != nil {
		t.Errorf("report cannot read it: %v", err)
	}
}

// TestRunFuncCheck: RunFunc checks every strategy's results against
// sequential's before timing anything: a function whose results depend on
// when it runs is a mismatch, and a failing function stops the run with
// its error.
func TestRunFuncCheck(t *testing.T) {
	var calls atomic.Int64
	tests := []struct {
		name     string
		f        strategies.Func[int, int]
		mismatch bool
		msg      string
	}{
		{"unstable", func(_ context.Context, x int) (int, error) { return int(calls.Add(1)), nil }, true, "item 0 ="},
		{"failing", func(_ context.Context, x int) (int, error) {
			if x == 7 {
				return 0, errBoom
			}
			return x, nil
		}, false, "item 7: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			measured := false
			cfg := harness.Config{Sizes: []int{10}, Meter: func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
				measured = true
				return fakeMeter(c, iters, op)
			}}
			var buf bytes.Buffer
			tot, err := harness.RunFunc(context.Background(), cfg, ints(10), tt.f, &buf)
			if err == nil || errors.Is(err, harness.ErrMismatch) != tt.mismatch || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("RunFunc = %v; want an error containing %q (mismatch %v)", err, tt.msg, tt.mismatch)
			}
			if measured || buf.Len() != 0 || tot.Samples != 0 {
				t.Errorf("measured %v, wrote %d bytes, %d samples; want nothing before the check passes", measured, buf.Len(), tot.Samples)
			}
		})
	}
}

// TestRunFuncReal times a user's function for real, briefly: every sample
// a real call, the results file readable.
func TestRunFuncReal(t *testing.T) {
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}, &strategies.PersistentPool{}},
		Sizes:      []int{100, 1000}, Count: 2, Precision: -1, SampleTime: 100 * time.Microsecond,
	}
	var buf bytes.Buffer
	tot, err := harness.RunFunc(context.Background(), cfg, ints(1000), square, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if res := readAll(t, buf.Bytes()); len(res) != tot.Samples || tot.Samples != 12 {
		t.Errorf("%d results, %d samples; want 12", len(res), tot.Samples)
	}
}

// TestBench runs BenchWith as go test would, through testing.Benchmark:
// every case of the sizes and FuncStrategies is a sub-benchmark that checks
// and times the user's function. (TestUserFunction in cmd/concbench runs
// Bench from a module outside the repo, under CONCBENCH_E2E=1.)
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("runs benchmarks")
	}
	// Each sub-benchmark times 3 calls, not a second's worth.
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	if err := bt.Value.Set("3x"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bt.Value.Set(old) })
	var calls atomic.Int64
	count := func(ctx context.Context, x int) (int, error) { calls.Add(1); return square(ctx, x) }
	res := testing.Benchmark(func(b *testing.B) {
		harness.BenchWith(b, harness.Config{Sizes: []int{10, 100}}, ints(100), count)
	})
	if res.N == 0 {
		t.Fatalf("the benchmark failed: %+v", res)
	}
	// Every case: a check and the timed calls, so at least twice n calls.
	var n int64
	for _, size := range []int64{10, 100} {
		n += 2 * size * int64(len(harness.FuncStrategies()))
	}
	if c := calls.Load(); c < n {
		t.Errorf("the function ran %d times, want at least %d", c, n)
	}
}
