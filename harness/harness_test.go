package harness_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fakeMeter pretends to run op: each iteration costs n*(work+1)/procs ns
// plus 100 ns per letter of the strategy's name, keeps procs cores busy,
// and allocates 8n bytes in one object. It never calls op, so timings are
// exact.
func fakeMeter(c harness.Case, iters int, _ func() error) (harness.Measurement, error) {
	per := time.Duration(c.N*(c.Work+1)/c.Procs+100*len(c.Strategy.Name())) * time.Nanosecond
	return harness.Measurement{
		Elapsed: per * time.Duration(iters),
		CPU:     per * time.Duration(iters*c.Procs),
		Bytes:   uint64(8 * c.N * iters),
		Allocs:  uint64(iters),
	}, nil
}

// fixedLabels replaces every machine- or time-dependent configuration line.
var fixedLabels = []harness.Label{
	{Key: "goos", Value: "linux"},
	{Key: "goarch", Value: "amd64"},
	{Key: "cpu", Value: "Test CPU @ 1.00GHz"},
	{Key: "numcpu", Value: "2"},
	{Key: "go", Value: "go1.26.0"},
	{Key: "concbench", Value: "v0.0.0-test"},
	{Key: "commit", Value: "0123456789abcdef"},
	{Key: "host", Value: "testhost"},
	{Key: "date", Value: "2026-01-02T03:04:05Z"},
	{Key: "load", Value: "0.10 0.20 0.30"},
	{Key: "steal", Value: "0.0% since boot"},
	{Key: "load-run", Value: "mean 0.50 max 0.60 (2 readings every 5s or more)"},
	{Key: "steal-run", Value: "0.0% during the run"},
	{Key: "preset", Value: "golden"},
}

func pick(t *testing.T, names ...string) []strategies.Strategy {
	t.Helper()
	var out []strategies.Strategy
	for _, n := range names {
		s, err := strategies.Lookup(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func goldenConfig(t *testing.T) harness.Config {
	return harness.Config{
		Strategies: pick(t, "sequential", "errgroup", "static-partition"),
		Sizes:      []int{10, 1000},
		Works:      []int{0, 5},
		Procs:      []int{1, 2},
		Count:      2,
		Precision:  -1, // exactly Count samples
		SampleTime: time.Millisecond,
		Labels:     fixedLabels,
		Meter:      fakeMeter,
	}
}

// readAll parses a benchmark file, failing on any syntax error.
func readAll(t *testing.T, data []byte) []*benchfmt.Result {
	t.Helper()
	r := benchfmt.NewReader(bytes.NewReader(data), "out.txt")
	var res []*benchfmt.Result
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("syntax error: %v", rec)
		case *benchfmt.Result:
			res = append(res, rec.Clone())
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRunGolden(t *testing.T) {
	var buf bytes.Buffer
	w := &writeCounter{w: &buf}
	tot, err := harness.Run(context.Background(), goldenConfig(t), w)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Samples != 48 || tot.Planned != 48 {
		t.Errorf("Totals = %d of %d samples, want 48 of 48", tot.Samples, tot.Planned)
	}
	// One Write per sample, the notes and configuration lines riding with
	// the first: concbench run counts samples by Writes.
	if w.n != tot.Samples {
		t.Errorf("%d Writes for %d samples, want one each", w.n, tot.Samples)
	}
	golden := filepath.Join("testdata", "run.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from %s (rerun with -update if intended):\n%s", golden, buf.Bytes())
	}

	res := readAll(t, buf.Bytes())
	if len(res) != 48 {
		t.Fatalf("parsed %d results, want 48", len(res))
	}
	// The configuration is go test's, so that benchstat reads a concbench
	// file with a go test file, or two runs, as one table; the rest of the
	// run's description is in # notes, which report.Load reads back.
	const config = "goos: linux, goarch: amd64, pkg: github.com/concbench/concbench/strategies, cpu: Test CPU @ 1.00GHz"
	if got, want := configString(res[0].Config), configString(tot.Config); got != want || got != config {
		t.Errorf("results carry configuration %q,\nTotals.Config %q;\nwant both %q", got, want, config)
	}
	for _, k := range []string{"date", "commit", "concbench", "preset", "count", "go", "host", "method"} {
		if v := res[0].GetConfig(k); v != "" {
			t.Errorf("configuration line %s: %s; it differs from run to run, so it belongs in a note", k, v)
		}
	}
	d, err := report.Read(bytes.NewReader(buf.Bytes()), "out.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"go", "concbench", "commit", "date", "kernel", "const", "count", "sampletime", "preset"} {
		if d.MetaValue(k) == "" {
			t.Errorf("%q missing from the report's metadata", k)
		}
	}
	if got := d.MetaValue("gomaxprocs"); got != "1-2" {
		t.Errorf("gomaxprocs = %q, want 1-2", got)
	}
	for _, r := range res {
		var units []string
		for _, v := range r.Values {
			units = append(units, cmp.Or(v.OrigUnit, v.Unit))
		}
		if want := []string{"ns/op", "ns/item", "cpu-ns/item", "B/op", "allocs/op"}; !slices.Equal(units, want) {
			t.Errorf("%s: units %v, want %v", r.Name, units, want)
		}
		base, parts := r.Name.Parts()
		if string(base) != "Map" || len(parts) != 4 || !bytes.HasPrefix(parts[0], []byte("/strategy=")) || !bytes.HasPrefix(parts[3], []byte("-")) {
			t.Errorf("name %s: want Map/strategy=S/n=N/work=W-P", r.Name)
		}
	}
}

func TestCasesWorkers(t *testing.T) {
	cfg := harness.Config{Strategies: pick(t, "errgroup"), Sizes: []int{10}, Works: []int{0}, Procs: []int{1, 2}, Workers: []int{0, 2, 4}}
	got := caseNames(cfg)
	want := []string{
		"Map/strategy=errgroup/n=10/work=0-1",
		"Map/strategy=errgroup/n=10/work=0/workers=2-1",
		"Map/strategy=errgroup/n=10/work=0/workers=4-1",
		"Map/strategy=errgroup/n=10/work=0-2",
		"Map/strategy=errgroup/n=10/work=0/workers=4-2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Cases() = %q, want %q", got, want)
	}
}

// caseNames lists the names of cfg's cases, in order.
func caseNames(cfg harness.Config) []string {
	var names []string
	for _, c := range cfg.Cases() {
		names = append(names, c.Name())
	}
	return names
}

func TestCaseName(t *testing.T) {
	eg := strategies.ErrGroup{}
	tests := []struct {
		name string
		c    harness.Case
		want string
	}{
		{"workers-default", harness.Case{Strategy: eg, N: 4096, Work: 100, Procs: 2}, "Map/strategy=errgroup/n=4096/work=100-2"},
		{"workers-equal", harness.Case{Strategy: eg, N: 10, Work: 0, Procs: 4, Workers: 4}, "Map/strategy=errgroup/n=10/work=0-4"},
		{"workers-differ", harness.Case{Strategy: eg, N: 10, Work: 0, Procs: 1, Workers: 8}, "Map/strategy=errgroup/n=10/work=0/workers=8-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Name(); got != tt.want {
				t.Errorf("Name() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestInterleaving checks the order of measurements: every case is
// calibrated, then each of count+1 rounds (the first a discarded warm-up)
// visits every case once, in Cases order, except that the k-th sample
// round starts each group of cases (one n, work, procs) at its k-th case.
func TestInterleaving(t *testing.T) {
	cfg := goldenConfig(t)
	cfg.Procs = []int{1}
	cfg.Sizes = []int{10}
	cfg.Count = 3
	cases := cfg.Cases()
	var phases []string
	var seen []string
	cfg.Progress = func(p harness.Progress) {
		if p.Phase != "done" {
			phases = append(phases, p.Phase)
		}
	}
	var calls []string
	cfg.Meter = func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
		calls = append(calls, phases[len(phases)-1]+" "+c.Name())
		return fakeMeter(c, iters, op)
	}
	var buf bytes.Buffer
	if _, err := harness.Run(context.Background(), cfg, &buf); err != nil {
		t.Fatal(err)
	}
	// Collapse calibration's repeated calls to one per case.
	for _, c := range calls {
		if len(seen) == 0 || seen[len(seen)-1] != c || !strings.HasPrefix(c, "calibrate") {
			seen = append(seen, c)
		}
	}
	var want []string
	for _, c := range cases {
		want = append(want, "calibrate "+c.Name())
	}
	var samples []string // the sample rounds, as the file should hold them
	for round := range cfg.Count + 1 {
		for lo := 0; lo < len(cases); lo += 3 { // three strategies a group
			group := cases[lo : lo+3]
			for j := range group {
				phase, c := "warm-up", group[j]
				if round > 0 {
					phase, c = "sample", group[(j+round-1)%3]
					samples = append(samples, c.Name())
				}
				want = append(want, phase+" "+c.Name())
			}
		}
	}
	if !slices.Equal(seen, want) {
		t.Errorf("measurement order:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
	// The file holds the rounds in the same order, without the warm-up.
	res := readAll(t, buf.Bytes())
	for i, r := range res {
		if got := r.Name.String(); got != samples[i] {
			t.Errorf("result %d = %s, want %s", i, got, samples[i])
		}
	}
}

// offByOne is a broken strategy: its last item is wrong.
type offByOne struct{ strategies.Sequential }

func (offByOne) Name() string { return "off-by-one" }

func (s offByOne) MapInto(ctx context.Context, k strategies.Kernel, in []strategies.Pair, out []int64, w int) error {
	err := s.Sequential.MapInto(ctx, k, in, out, w)
	if len(out) > 0 {
		out[len(out)-1]++
	}
	return err
}

// short leaves the last item unwritten.
type short struct{ strategies.Sequential }

func (short) Name() string { return "short" }

func (s short) MapInto(ctx context.Context, k strategies.Kernel, in []strategies.Pair, out []int64, w int) error {
	return s.Sequential.MapInto(ctx, k, in[:len(in)-1], out[:len(out)-1], w)
}

// failing returns an error.
type failing struct{ strategies.Sequential }

func (failing) Name() string { return "failing" }

func (failing) MapInto(context.Context, strategies.Kernel, []strategies.Pair, []int64, int) error {
	return errors.New("boom")
}

func TestCrossCheck(t *testing.T) {
	tests := []struct {
		name     string
		s        strategies.Strategy
		mismatch bool
		msg      string
	}{
		{"wrong-value", offByOne{}, true, "off-by-one/n=10/work=3-1: item 9 ="},
		{"unwritten", short{}, true, "short/n=10/work=3-1: item 9 ="},
		{"error", failing{}, false, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			measured := false
			cfg := harness.Config{
				Strategies: []strategies.Strategy{strategies.Sequential{}, tt.s},
				Sizes:      []int{10}, Works: []int{3}, Procs: []int{1},
				Meter: func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
					measured = true
					return fakeMeter(c, iters, op)
				},
			}
			var buf bytes.Buffer
			tot, err := harness.Run(context.Background(), cfg, &buf)
			if err == nil || errors.Is(err, harness.ErrMismatch) != tt.mismatch || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Run = %v; want error containing %q (mismatch %v)", err, tt.msg, tt.mismatch)
			}
			if measured || buf.Len() != 0 || tot.Samples != 0 {
				t.Errorf("measured %v, wrote %d bytes, %d samples; want nothing before the check passes", measured, buf.Len(), tot.Samples)
			}
		})
	}
}

// TestCancel cancels the run while a sample is being measured: that sample
// must still be written, and nothing after it.
func TestCancel(t *testing.T) {
	for _, at := range []int{1, 5, 13} {
		t.Run(fmt.Sprintf("sample=%d", at), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg := goldenConfig(t)
			inSamples := false
			samples := 0
			cfg.Progress = func(p harness.Progress) { inSamples = p.Phase == "sample" }
			cfg.Meter = func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
				if inSamples {
					if samples++; samples == at {
						cancel()
					}
				}
				return fakeMeter(c, iters, op)
			}
			var buf bytes.Buffer
			tot, err := harness.Run(ctx, cfg, &buf)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Run = %v, want context.Canceled", err)
			}
			if tot.Samples != at || tot.Planned != 48 {
				t.Errorf("Totals = %+v, want %d of 48", tot, at)
			}
			if res := readAll(t, buf.Bytes()); len(res) != at {
				t.Errorf("file holds %d samples, want %d", len(res), at)
			}
		})
	}
}

func TestCancelBeforeSamples(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	tot, err := harness.Run(ctx, goldenConfig(t), &buf)
	if !errors.Is(err, context.Canceled) || tot.Samples != 0 || buf.Len() != 0 {
		t.Errorf("Run = %+v, %v, %d bytes; want nothing and context.Canceled", tot, err, buf.Len())
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  harness.Config
		msg  string
	}{
		{"no-strategies", harness.Config{Strategies: []strategies.Strategy{}}, "no strategies"},
		{"nil-strategy", harness.Config{Strategies: []strategies.Strategy{nil}}, "strategy 0 is nil"},
		{"empty-sizes", harness.Config{Sizes: []int{}}, "empty sizes"},
		{"zero-size", harness.Config{Sizes: []int{10, 0}}, "sizes value 0"},
		{"negative-work", harness.Config{Works: []int{-1}}, "works value -1"},
		{"zero-procs", harness.Config{Procs: []int{0}}, "procs value 0"},
		{"huge-procs", harness.Config{Procs: []int{1 << 31}}, "procs value 2147483648 is above 1024"},
		{"negative-workers", harness.Config{Workers: []int{-2}}, "workers value -2"},
		{"negative-count", harness.Config{Count: -1}, "count -1"},
		{"negative-max-count", harness.Config{MaxCount: -1}, "max count -1"},
		{"nan-precision", harness.Config{Precision: math.NaN()}, "precision NaN"},
		{"negative-time", harness.Config{SampleTime: -time.Second}, "sample time"},
		{"negative-budget", harness.Config{Budget: -time.Second}, "budget"},
		{"huge-work", harness.Config{Works: []int{harness.MaxWork + 1}}, "works value 10000001 is above 10000000"},
		{"empty-waits", harness.Config{Waits: []time.Duration{}}, "empty waits"},
		{"negative-wait", harness.Config{Waits: []time.Duration{0, -time.Millisecond}}, "wait -1ms is not between 0 and 1s"},
		{"huge-wait", harness.Config{Waits: []time.Duration{harness.MaxWait + 1}}, "wait 1.000000001s is not between 0 and 1s"},
		{"huge-size", harness.Config{Sizes: []int{math.MaxInt}}, "is above 1073741824"},
		{"bad-output", harness.Config{Outputs: []harness.Output{7}}, "unknown output 7"},
		{"bad-key", harness.Config{Labels: []harness.Label{{Key: "Bad Key", Value: "x"}}}, "label key"},
		{"bad-value", harness.Config{Labels: []harness.Label{{Key: "note", Value: "a\nb"}}}, "one line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if !errors.Is(err, harness.ErrConfig) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Validate() = %v, want ErrConfig mentioning %q", err, tt.msg)
			}
			var buf bytes.Buffer
			if _, err := harness.Run(context.Background(), tt.cfg, &buf); !errors.Is(err, harness.ErrConfig) || buf.Len() != 0 {
				t.Errorf("Run = %v, wrote %d bytes; want ErrConfig and nothing", err, buf.Len())
			}
		})
	}
	if err := (harness.Config{}).Validate(); err != nil {
		t.Errorf("zero Config: %v", err)
	}
}

func TestPreset(t *testing.T) {
	for _, name := range harness.PresetNames() {
		t.Run(name, func(t *testing.T) {
			cfg, err := harness.Preset(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			if cfg.Count == 0 || cfg.SampleTime == 0 || len(cfg.Sizes) == 0 || len(cfg.Procs) == 0 {
				t.Errorf("preset %s leaves fields to defaults: %+v", name, cfg)
			}
		})
	}
	if _, err := harness.Preset("slow"); !errors.Is(err, harness.ErrConfig) || !strings.Contains(err.Error(), "quick, seed, full, alloc, io") {
		t.Errorf("Preset(slow) = %v, want ErrConfig listing the presets", err)
	}
	quick, _ := harness.Preset("quick")
	if got, want := len(quick.Cases()), len(harness.Config{}.Cases()); got != want {
		t.Errorf("quick preset has %d cases, zero Config %d; want equal", got, want)
	}
}

// TestRunReal measures a tiny sweep with the real clock: the numbers are
// whatever they are, but the file must parse and GOMAXPROCS come back.
func TestRunReal(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup", "persistent-pool"),
		Sizes:      []int{50},
		Works:      []int{0},
		Procs:      []int{1, 2},
		Outputs:    []harness.Output{harness.Reuse, harness.Fresh},
		Count:      1,
		Precision:  -1,
		SampleTime: time.Millisecond,
	}
	var buf bytes.Buffer
	tot, err := harness.Run(context.Background(), cfg, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if after := runtime.GOMAXPROCS(0); after != before {
		t.Errorf("GOMAXPROCS = %d after Run, want %d", after, before)
	}
	res := readAll(t, buf.Bytes())
	if len(res) != tot.Samples || tot.Samples != 12 {
		t.Fatalf("%d results, Totals %+v; want 12", len(res), tot)
	}
	for _, r := range res {
		ns, _ := r.Value("sec/op") // benchfmt.Reader tidies ns/op to sec/op
		item, _ := r.Value("sec/item")
		if ns <= 0 || r.Iters <= 0 || item*50 < ns*0.999 || item*50 > ns*1.001 {
			t.Errorf("%s: iters %d, %v ns/op, %v ns/item", r.Name, r.Iters, ns, item)
		}
	}
	d, err := report.Read(bytes.NewReader(buf.Bytes()), "out.txt")
	if err != nil {
		t.Fatal(err)
	}
	if d.MetaValue("commit") == "" || d.MetaValue("date") == "" {
		t.Errorf("notes lack commit or date: %v", d.Meta)
	}
}

// writeCounter counts the Writes it passes on.
type writeCounter struct {
	w io.Writer
	n int
}

func (c *writeCounter) Write(p []byte) (int, error) {
	c.n++
	return c.w.Write(p)
}

// configString formats configuration lines as "k: v, k: v".
func configString(cfg []benchfmt.Config) string {
	var parts []string
	for _, c := range cfg {
		if c.File {
			parts = append(parts, c.Key+": "+string(c.Value))
		}
	}
	return strings.Join(parts, ", ")
}

func TestCasesOutputs(t *testing.T) {
	cfg := harness.Config{Strategies: pick(t, "sequential", "errgroup"), Sizes: []int{10}, Works: []int{0}, Procs: []int{2},
		Outputs: []harness.Output{harness.Reuse, harness.Fresh}}
	got := caseNames(cfg)
	want := []string{
		"Map/strategy=sequential/n=10/work=0-2",
		"Map/strategy=errgroup/n=10/work=0-2",
		"Map/strategy=sequential/n=10/work=0/out=fresh-2",
		"Map/strategy=errgroup/n=10/work=0/out=fresh-2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Cases() = %q, want %q", got, want)
	}
}

// noisyMeter is fakeMeter with a deterministic ±15% wobble on the cases of
// strategies named in noisy, so that they miss a 3% precision target for a
// while.
func noisyMeter(noisy ...string) harness.Meter {
	calls := 0
	wobble := []float64{0, 0.15, -0.1, 0.05, -0.15, 0.1, -0.05, 0.12, -0.12, 0.02}
	return func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
		m, err := fakeMeter(c, iters, op)
		if slices.Contains(noisy, c.Strategy.Name()) {
			calls++
			m.Elapsed += time.Duration(float64(m.Elapsed) * wobble[calls%len(wobble)])
		}
		return m, err
	}
}

// TestPrecisionRounds: after Count rounds of every case, extra rounds take
// only the groups (one n, work, procs) with a case that misses the
// precision target, the whole group, in rotating order, and stop at
// MaxCount; Totals.Missed names the cases still too wide.
func TestPrecisionRounds(t *testing.T) {
	noisy := noisyMeter("errgroup")
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup", "static-partition"),
		Sizes:      []int{1000, 2000}, Works: []int{0}, Procs: []int{2},
		Count: 6, MaxCount: 15, Precision: 0.03,
		SampleTime: time.Millisecond,
		Labels:     fixedLabels,
		Meter: func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
			if c.N == 2000 {
				return fakeMeter(c, iters, op) // a quiet group
			}
			return noisy(c, iters, op)
		},
	}
	var order []string
	cfg.Progress = func(p harness.Progress) {
		if p.Phase == "sample" {
			order = append(order, fmt.Sprintf("%s/%d", p.Case.Strategy.Name(), p.Case.N))
		}
		if p.Done > p.Total {
			t.Errorf("progress %d of %d", p.Done, p.Total)
		}
	}
	var buf bytes.Buffer
	tot, err := harness.Run(context.Background(), cfg, &buf)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range readAll(t, buf.Bytes()) {
		parts := strings.Split(r.Name.String(), "/")
		s, _ := strings.CutPrefix(parts[1], "strategy=")
		n, _ := strings.CutPrefix(parts[2], "n=")
		count[s+"/"+n]++
	}
	want := map[string]int{
		"sequential/1000": 15, "errgroup/1000": 15, "static-partition/1000": 15,
		"sequential/2000": 6, "errgroup/2000": 6, "static-partition/2000": 6,
	}
	if !maps.Equal(count, want) {
		t.Errorf("samples per case %v, want %v: the noisy group to MaxCount, all of it, the quiet one at Count", count, want)
	}
	if len(order) != 6*6+9*3 {
		t.Fatalf("%d samples taken, want %d", len(order), 6*6+9*3)
	}
	firsts := map[string]int{}
	for r := range 6 + 9 {
		lo := 6 * r
		if r >= 6 {
			lo = 6*6 + 3*(r-6)
		}
		firsts[order[lo]]++
		if r >= 6 && slices.ContainsFunc(order[lo:lo+3], func(s string) bool { return strings.HasSuffix(s, "/2000") }) {
			t.Errorf("extra round %d = %v, want only the n=1000 group", r, order[lo:lo+3])
		}
	}
	for _, s := range []string{"sequential/1000", "errgroup/1000", "static-partition/1000"} {
		if firsts[s] != 5 {
			t.Errorf("%s came first in its group in %d of 15 rounds, want 5 (rotation): %v", s, firsts[s], firsts)
		}
	}
	if len(tot.Missed) != 1 || tot.Missed[0].Strategy.Name() != "errgroup" || tot.Samples != 63 || tot.Planned != 36 {
		t.Errorf("Totals = %d of %d samples, missed %v; want 63 of 36, errgroup missed", tot.Samples, tot.Planned, tot.Missed)
	}
}

// TestBudget: once the budget is spent, no case gets more than Count
// samples, and every case still too wide is reported.
func TestBudget(t *testing.T) {
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup"),
		Sizes:      []int{1000}, Works: []int{0}, Procs: []int{2},
		Count: 6, Precision: 0.01, Budget: time.Nanosecond,
		Meter: noisyMeter("sequential", "errgroup"),
	}
	var buf bytes.Buffer
	tot, err := harness.Run(context.Background(), cfg, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Samples != 12 || len(tot.Missed) != 2 {
		t.Errorf("Totals = %d samples, missed %d cases; want 12 samples and both missed", tot.Samples, len(tot.Missed))
	}
}

func TestMemoryNeeded(t *testing.T) {
	small := harness.Config{Strategies: pick(t, "sequential"), Sizes: []int{1000, 1000, 10}}
	if got, want := small.MemoryNeeded(), uint64(1010*64); got != want {
		t.Errorf("MemoryNeeded = %d, want %d (each distinct n once)", got, want)
	}
	err := harness.Config{Sizes: []int{harness.MaxSize}}.Validate()
	if !errors.Is(err, harness.ErrConfig) || !strings.Contains(err.Error(), "of memory") {
		t.Errorf("Validate(n = MaxSize, every strategy) = %v, want a memory error", err)
	}
}

// TestBudgetShare: while a noisy quick group still needs samples, a noisy
// group whose samples are slow stops chasing the precision target once it
// has spent its share of the budget (the budget over the cases, times its
// cases).
func TestBudgetShare(t *testing.T) {
	noisy := noisyMeter("sequential", "errgroup")
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup"),
		Sizes:      []int{1000, 2000}, Works: []int{0}, Procs: []int{2},
		Count: 6, MaxCount: 100_000, Precision: 0.001, Budget: 2 * time.Second,
		Meter: func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
			if c.N == 1000 {
				time.Sleep(25 * time.Millisecond) // a slow sample
			}
			return noisy(c, iters, op)
		},
	}
	count := samplesPer(t, cfg, 2)
	// The slow group's share, 1 s, holds about 40 of its 25 ms samples,
	// 20 a case.
	if slow, quick := count["n=1000"], count["n=2000"]; slow > 50 || quick < 10*slow {
		t.Errorf("samples: slow group %d, quick group %d; want the slow one stopped near its 1 s share (40) and the quick one going on", slow, quick)
	}
}

// TestSlowCaseLeavesGroup: in a group that needs more rounds, a case that
// has spent its share of the budget drops out, and the quick cases go on
// together, the steady one with the noisy one it is compared with.
func TestSlowCaseLeavesGroup(t *testing.T) {
	noisy := noisyMeter("errgroup")
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup", "goroutine-per-item"),
		Sizes:      []int{1000}, Works: []int{0}, Procs: []int{2},
		Count: 6, MaxCount: 60, Precision: 0.03, Budget: 1500 * time.Millisecond,
		Meter: func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
			if c.Strategy.Name() == "goroutine-per-item" {
				time.Sleep(25 * time.Millisecond) // slow and steady
			}
			return noisy(c, iters, op)
		},
	}
	count := samplesPer(t, cfg, 1)
	// The slow case's share, 0.5 s, holds about 20 of its 25 ms samples.
	if slow := count["strategy=goroutine-per-item"]; slow > 25 || count["strategy=sequential"] != 60 || count["strategy=errgroup"] != 60 {
		t.Errorf("samples %v; want goroutine-per-item stopped near its 0.5 s share (20), sequential and errgroup at MaxCount (60) together", count)
	}
}

// samplesPer runs cfg and counts the samples it wrote by one part of their
// names, split at "/" (1: "strategy=S", 2: "n=N").
func samplesPer(t *testing.T, cfg harness.Config, part int) map[string]int {
	t.Helper()
	var buf bytes.Buffer
	if _, err := harness.Run(context.Background(), cfg, &buf); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range readAll(t, buf.Bytes()) {
		count[strings.Split(r.Name.String(), "/")[part]]++
	}
	return count
}
