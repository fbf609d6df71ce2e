package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/concbench/concbench/harness/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking the change):\n%s", path, got)
	}
}

func load(t *testing.T, files ...string) *report.Data {
	t.Helper()
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join("testdata", f))
	}
	d, err := report.Load(paths...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWriteGolden(t *testing.T) {
	figs := []report.Figure{{Name: "demo", Title: "a demo chart",
		SVG: []byte(`<?xml version="1.0"?>` + "\n" + `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>`)}}
	tests := []struct {
		name   string
		files  []string
		base   []string
		format report.Format
		figs   []report.Figure
	}{
		{"report.txt", []string{"sweep.txt"}, nil, report.Text, nil},
		{"report.md", []string{"sweep.txt"}, nil, report.Markdown, nil},
		{"report.csv", []string{"sweep.txt"}, nil, report.CSV, nil},
		{"report.html", []string{"sweep.txt"}, nil, report.HTML, figs},
		{"gotest.report.txt", []string{"gotest.txt"}, nil, report.Text, nil},
		{"nobaseline.report.txt", []string{"nobaseline.txt"}, nil, report.Text, nil},
		{"few.report.txt", []string{"few.txt"}, nil, report.Text, nil},
		{"waits.report.txt", []string{"waits.txt"}, nil, report.Text, nil},
		{"waits.report.csv", []string{"waits.txt"}, nil, report.CSV, nil},
		{"compare.txt", []string{"sweep-new.txt"}, []string{"sweep.txt"}, report.Text, nil},
		{"compare.md", []string{"sweep-new.txt"}, []string{"sweep.txt"}, report.Markdown, nil},
		{"compare.csv", []string{"sweep-new.txt"}, []string{"sweep.txt"}, report.CSV, nil},
		{"compare.html", []string{"sweep-new.txt"}, []string{"sweep.txt"}, report.HTML, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := load(t, tt.files...)
			opts := report.Options{Format: tt.format, Figures: tt.figs}
			if tt.base != nil {
				opts.Base = load(t, tt.base...)
			}
			var buf bytes.Buffer
			if err := report.Write(&buf, d, opts); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, buf.Bytes())
		})
	}
}

func TestLoadBadInput(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string // substring of the error
	}{
		{"missing", "does-not-exist.txt", "no such file"},
		{"empty", "empty.txt", "empty.txt: is empty"},
		{"no-benchmarks", "nobench.txt", "has no benchmark result lines"},
		{"syntax", "syntax.txt", "syntax.txt:2:"},
		{"units", "units.txt", "reports neither ns/item nor ns/op"},
		{"no-strategy-keys", "noname.txt", "no BenchmarkX/strategy=S/n=N results"},
		{"directory", ".", "testdata: is a directory, not a benchmark file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := report.Load(filepath.Join("testdata", tt.file))
			if !errors.Is(err, report.ErrInput) {
				t.Fatalf("Load: got %v, want an error wrapping ErrInput", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load: got %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadGoTestOutput(t *testing.T) {
	d := load(t, "gotest.txt")
	if got, want := strings.Join(d.Strategies, ","), "sequential,errgroup"; got != want {
		t.Errorf("Strategies = %s, want %s", got, want)
	}
	if len(d.Cases) != 4 {
		t.Fatalf("got %d cases, want 4", len(d.Cases))
	}
	for _, c := range d.Cases {
		if c.Procs != 2 || c.Work != 100 || len(c.Sample.Values) != 6 {
			t.Errorf("case %v: procs %d work %d samples %d, want 2, 100, 6", c.Key, c.Procs, c.Work, len(c.Sample.Values))
		}
	}
	if got := d.MetaValue("pkg"); got != "github.com/concbench/concbench/strategies" {
		t.Errorf("MetaValue(pkg) = %q", got)
	}
}

func TestDerivedAndDefaults(t *testing.T) {
	// No -P suffix means GOMAXPROCS=1, no work key means work=0, and
	// ns/op alone is divided by n; a workers key joins the strategy name.
	in := "BenchmarkMap/strategy=sequential/n=10 100 50 ns/op\n" +
		"BenchmarkMap/strategy=pool/n=10/workers=4 100 20 ns/op\n"
	d, err := report.Read(strings.NewReader(in), "inline")
	if err != nil {
		t.Fatal(err)
	}
	c := d.Case(report.Key{Strategy: "sequential", N: 10, Work: 0, Procs: 1})
	if c == nil || !c.Derived || c.Summary.Center != 5 {
		t.Fatalf("sequential case = %+v, want derived 5 ns/item", c)
	}
	p := d.Case(report.Key{Strategy: "pool/workers=4", N: 10, Procs: 1})
	if p == nil || p.Workers != 4 {
		t.Fatalf("pool case = %+v, want workers 4", p)
	}
	// Four workers on one core can use one core: efficiency divides by
	// min(workers, procs), and 2.5x on one core is suspect.
	s, ok := d.Speedup(p.Key)
	if !ok || s.Ratio != 2.5 || s.Efficiency != 2.5 || !s.Suspect {
		t.Errorf("Speedup = %+v, %v; want ratio 2.5, efficiency 2.5, suspect", s, ok)
	}
}

// TestReferenceEfficiency: the loop reference runs on one core whatever
// GOMAXPROCS is, and a reference faster than sequential (loop skips the
// contract, whose fixed cost shows at small n) is never suspect.
func TestReferenceEfficiency(t *testing.T) {
	in := "BenchmarkMap/strategy=sequential/n=10-2 100 50 ns/op\n" +
		"BenchmarkMap/strategy=loop/n=10-2 100 20 ns/op\n" +
		"BenchmarkMap/strategy=limit/n=10-2 100 10 ns/op\n" +
		"BenchmarkMap/strategy=errgroup/n=10-2 100 10 ns/op\n"
	d, err := report.Read(strings.NewReader(in), "inline")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		strategy string
		eff      float64
		suspect  bool
	}{
		{"loop", 2.5, false},    // 2.5x on its one core
		{"limit", 2.5, false},   // 5x on two cores: a reference
		{"errgroup", 2.5, true}, // the same on a strategy is suspect
	}
	for _, tt := range tests {
		s, ok := d.Speedup(report.Key{Strategy: tt.strategy, N: 10, Procs: 2})
		if !ok || s.Efficiency != tt.eff || s.Suspect != tt.suspect {
			t.Errorf("%s: Speedup = %+v, %v; want efficiency %v, suspect %v", tt.strategy, s, ok, tt.eff, tt.suspect)
		}
	}
}

func TestBreakEvenAndBest(t *testing.T) {
	d := load(t, "sweep.txt")
	tests := []struct {
		strategy    string
		work, procs int
		want        int
		ok          bool
	}{
		{"errgroup", 100, 2, 10000, true},
		{"static-partition", 100, 2, 10000, true},
		{"goroutine-per-item", 100, 2, 0, false},
		{"errgroup", 100, 1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.strategy, func(t *testing.T) {
			n, ok := d.BreakEven(tt.strategy, report.Group{Work: tt.work, Procs: tt.procs})
			if n != tt.want || ok != tt.ok {
				t.Errorf("BreakEven(%s, %d, %d) = %d, %v; want %d, %v", tt.strategy, tt.work, tt.procs, n, ok, tt.want, tt.ok)
			}
		})
	}
	if got := d.Best(100, report.Group{Work: 100, Procs: 2}); got != "sequential" {
		t.Errorf("Best(100, 100, 2) = %q, want sequential", got)
	}
}

// slowedCase is the case halves-b-slower.txt makes 15% slower: one measured
// to ±2% in both halves, as a case worth gating on is.
const slowedCase = "BenchmarkMap/strategy=static-partition/n=100000/work=100-2"

// writeGateFixtures makes the gate's fixtures from gotest36.txt, a real
// go test -bench run of 36 cases with 20 samples each (see its first
// lines): halves-a.txt and halves-b.txt hold its even and odd samples,
// halves-b-slower.txt is halves-b.txt with slowedCase's times 15% higher,
// and three-a.txt and three-b.txt hold 3 samples per case each. Run
// go test -run TestGate -update after replacing gotest36.txt.
func writeGateFixtures(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "gotest36.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var head []string
	results := map[string][]string{}
	var names []string
	for line := range strings.Lines(string(data)) {
		name, _, _ := strings.Cut(line, "\t")
		name = strings.TrimSpace(name)
		switch {
		case strings.HasPrefix(line, "BenchmarkMap/"):
			if results[name] == nil {
				names = append(names, name)
			}
			results[name] = append(results[name], line)
		case strings.Contains(line, ": "):
			head = append(head, line)
		}
	}
	slower := func(line string) string {
		fields := strings.Split(line, "\t")
		for i, f := range fields {
			v, unit, ok := strings.Cut(strings.TrimSpace(f), " ")
			if x, err := strconv.ParseFloat(v, 64); ok && err == nil && (unit == "ns/op" || unit == "ns/item") {
				fields[i] = strconv.FormatFloat(x*1.15, 'g', 5, 64) + " " + unit
			}
		}
		return strings.Join(fields, "\t")
	}
	write := func(file string, pick func(name string, lines []string) []string) {
		var b strings.Builder
		b.WriteString(strings.Join(head, ""))
		for _, name := range names {
			for _, l := range pick(name, results[name]) {
				b.WriteString(l)
			}
		}
		if err := os.WriteFile(filepath.Join("testdata", file), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	every := func(from int) func(string, []string) []string {
		return func(_ string, ls []string) []string {
			var out []string
			for i := from; i < len(ls); i += 2 {
				out = append(out, ls[i])
			}
			return out
		}
	}
	write("halves-a.txt", every(0))
	write("halves-b.txt", every(1))
	write("halves-b-slower.txt", func(name string, ls []string) []string {
		out := every(1)(name, ls)
		if name == slowedCase {
			for i := range out {
				out[i] = slower(out[i])
			}
		}
		return out
	})
	write("three-a.txt", func(_ string, ls []string) []string { return ls[0:3] })
	write("three-b.txt", func(_ string, ls []string) []string { return ls[3:6] })
}

// TestGate runs the regression gate on real go test -bench data: 36 cases
// of BenchmarkMap, 20 samples each, split into two halves of one run (see
// writeGateFixtures).
func TestGate(t *testing.T) {
	if *update {
		writeGateFixtures(t)
	}
	tests := []struct {
		name      string
		base, cur string
		tooFew    bool
		regressed []string // keys the gate fails on at 5%
	}{
		{"halves", "halves-a.txt", "halves-b.txt", false, nil},
		{"halves-swapped", "halves-b.txt", "halves-a.txt", false, nil},
		{"one-case-15pct-slower", "halves-a.txt", "halves-b-slower.txt", false,
			[]string{"strategy=static-partition/n=100000/work=100 procs=2"}},
		{"three-vs-three", "three-a.txt", "three-b.txt", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := report.NewComparison(load(t, tt.base), load(t, tt.cur))
			if len(c.Deltas) != 36 {
				t.Fatalf("%d cases compared, want 36", len(c.Deltas))
			}
			if got := c.TooFew != ""; got != tt.tooFew {
				t.Errorf("TooFew = %q, want a message: %v", c.TooFew, tt.tooFew)
			}
			if tt.tooFew && !strings.Contains(c.TooFew, "at least 6 samples per side") {
				t.Errorf("TooFew = %q, want it to name the 6 samples an interval needs", c.TooFew)
			}
			var got []string
			for _, d := range c.Regressions(5) {
				got = append(got, d.Key.String())
			}
			if !slices.Equal(got, tt.regressed) {
				t.Errorf("regressions at 5%% = %q, want %q", got, tt.regressed)
			}
		})
	}
}

// TestGateRandomSplits: a hundred random splits of one run into two
// halves of 10 samples; unchanged code must almost never trip the gate
// (the old gate, per-case tests at alpha 0.05 with no interval rule,
// tripped -fail-on 5 in 21 of 100).
func TestGateRandomSplits(t *testing.T) {
	t.Parallel() // a simulation: let it share the cores
	if testing.Short() {
		t.Skip("a hundred comparisons of 36 cases")
	}
	all := load(t, "gotest36.txt")
	r := rand.New(rand.NewPCG(1, 2))
	alarms := 0
	for range 100 {
		var a, b strings.Builder
		for _, c := range all.Cases {
			vals := slices.Clone(c.Sample.Values)
			r.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
			for i, v := range vals {
				w := &a
				if i%2 == 1 {
					w = &b
				}
				fmt.Fprintf(w, "BenchmarkMap/strategy=%s/n=%d/work=%d-%d 1 %g ns/item\n", c.Strategy, c.N, c.Work, c.Procs, v)
			}
		}
		da, err := report.Read(strings.NewReader(a.String()), "a")
		if err != nil {
			t.Fatal(err)
		}
		db, err := report.Read(strings.NewReader(b.String()), "b")
		if err != nil {
			t.Fatal(err)
		}
		if len(report.NewComparison(da, db).Regressions(5)) > 0 {
			alarms++
		}
	}
	if alarms > 5 {
		t.Errorf("the gate fired on %d of 100 splits of one run, want at most 5", alarms)
	}
	t.Logf("false alarms: %d of 100", alarms)
}

// TestRatioIntervalCoverage simulates the speedup interval: lognormal
// samples of known medians, 1000 trials per setting, fixed seed. A 95%
// interval must cover the true ratio about 95% of the time (the old
// interval, from the ends of the two medians' intervals, covered 99.6–99.9%).
func TestRatioIntervalCoverage(t *testing.T) {
	t.Parallel() // a simulation: let it share the cores
	if testing.Short() {
		t.Skip("simulation")
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{6, 10, 20} {
		for _, sigma := range []float64{0.02, 0.2} {
			covered := 0
			const trials = 1000
			for trial := range trials {
				a, b := make([]float64, n), make([]float64, n)
				for i := range a {
					a[i] = 100 * math.Exp(sigma*r.NormFloat64())
					b[i] = 50 * math.Exp(sigma*r.NormFloat64())
				}
				lo, hi := report.RatioInterval(a, b, fmt.Sprint(trial))
				if lo < 0 || math.IsInf(hi, 0) {
					t.Fatalf("interval [%v, %v] for %d samples", lo, hi, n)
				}
				if lo <= 2 && 2 <= hi {
					covered++
				}
			}
			cov := float64(covered) / trials
			t.Logf("n=%d sigma=%.2f: coverage %.3f", n, sigma, cov)
			if cov < 0.93 || cov > 0.985 {
				t.Errorf("n=%d sigma=%.2f: a 95%% interval covered the true ratio in %.1f%% of trials", n, sigma, cov*100)
			}
		}
	}
}

func TestRatioIntervalTooFew(t *testing.T) {
	lo, hi := report.RatioInterval([]float64{1, 2, 3, 4, 5}, []float64{1, 2, 3, 4, 5, 6}, "x")
	if lo != 0 || !math.IsInf(hi, 1) {
		t.Errorf("RatioInterval with 5 samples = [%v, %v], want [0, +Inf]", lo, hi)
	}
	a := []float64{3, 1, 2, 6, 5, 4}
	lo1, hi1 := report.RatioInterval(a, a, "seed")
	lo2, hi2 := report.RatioInterval(a, a, "seed")
	if lo1 != lo2 || hi1 != hi2 || !slices.Equal(a, []float64{3, 1, 2, 6, 5, 4}) {
		t.Errorf("RatioInterval is not repeatable, or reordered its input")
	}
}

// sample writes k samples of v ns/item, spread by ±1%, for strategy s.
func sample(b *strings.Builder, s string, n, procs int, v float64, k int) {
	for i := range k {
		fmt.Fprintf(b, "BenchmarkMap/strategy=%s/n=%d/work=0-%d 1 %g ns/item\n", s, n, procs, v*(1+0.01*float64(i%5-2)/2))
	}
}

// TestBreakEvenMonotone: break-even n is the smallest n from which the
// strategy is significantly faster at every larger n, not the first n at
// which it is faster.
func TestBreakEvenMonotone(t *testing.T) {
	var b strings.Builder
	for _, n := range []int{100, 1000, 10000, 100000} {
		sample(&b, "sequential", n, 2, 10, 10)
	}
	// flaky: faster at 1000, not at 10000, faster at 100000.
	sample(&b, "flaky", 100, 2, 20, 10)
	sample(&b, "flaky", 1000, 2, 6, 10)
	sample(&b, "flaky", 10000, 2, 10, 10)
	sample(&b, "flaky", 100000, 2, 6, 10)
	// fades: faster at small n, significantly slower at the largest.
	sample(&b, "fades", 100, 2, 6, 10)
	sample(&b, "fades", 1000, 2, 6, 10)
	sample(&b, "fades", 10000, 2, 6, 10)
	sample(&b, "fades", 100000, 2, 14, 10)
	// steady: pays from 1000 on.
	sample(&b, "steady", 100, 2, 12, 10)
	for _, n := range []int{1000, 10000, 100000} {
		sample(&b, "steady", n, 2, 5.5, 10)
	}
	d, err := report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		s  string
		n  int
		ok bool
	}{{"flaky", 100000, true}, {"fades", 0, false}, {"steady", 1000, true}} {
		if n, ok := d.BreakEven(tt.s, report.Group{Procs: 2}); n != tt.n || ok != tt.ok {
			t.Errorf("BreakEven(%s) = %d, %v; want %d, %v", tt.s, n, ok, tt.n, tt.ok)
		}
	}
	v := strings.Join(d.Verdict(), "\n")
	if !strings.Contains(v, "use steady, from a break-even between n=100 and n=1000. At n=100000 it is 1.82×") {
		t.Errorf("verdict %q, want steady alone (flaky's speedup at n=100000 is well below), from between 100 and 1000", v)
	}
}

func TestVerdictWithoutEvidence(t *testing.T) {
	var b strings.Builder
	for _, n := range []int{100, 1000} {
		sample(&b, "sequential", n, 2, 10, 10)
	}
	// Too few samples for an interval: no evidence either way.
	sample(&b, "pool", 100, 2, 5, 4)
	sample(&b, "pool", 1000, 2, 5, 4)
	// Significantly slower everywhere.
	sample(&b, "slow", 100, 2, 30, 10)
	sample(&b, "slow", 1000, 2, 30, 10)
	d, err := report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	if v := strings.Join(d.Verdict(), "\n"); !strings.Contains(v, "not enough evidence") {
		t.Errorf("verdict %q, want not enough evidence", v)
	}
	b.Reset()
	for _, n := range []int{100, 1000} {
		sample(&b, "sequential", n, 2, 10, 10)
		sample(&b, "slow", n, 2, 30, 10)
	}
	d, err = report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	if v := strings.Join(d.Verdict(), "\n"); !strings.Contains(v, "use sequential: every shape is significantly slower at n=1000") {
		t.Errorf("verdict %q, want sequential", v)
	}
}

// TestFastestOnlyWhenSignificant: the fastest mark goes to a strategy only
// when it beats the runner-up significantly; references never get it.
func TestFastestOnlyWhenSignificant(t *testing.T) {
	var b strings.Builder
	sample(&b, "sequential", 1000, 2, 10, 10)
	sample(&b, "a", 1000, 2, 5, 10)
	sample(&b, "b", 1000, 2, 5.01, 10)
	sample(&b, "limit", 1000, 2, 2, 10)
	sample(&b, "sequential", 10000, 2, 10, 10)
	sample(&b, "a", 10000, 2, 4, 10)
	sample(&b, "b", 10000, 2, 6, 10)
	sample(&b, "limit", 10000, 2, 2, 10)
	d, err := report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	if f := d.Fastest(1000, report.Group{Procs: 2}); f != "" {
		t.Errorf("Fastest(1000) = %q, want none: a and b are level", f)
	}
	if f := d.Fastest(10000, report.Group{Procs: 2}); f != "a" {
		t.Errorf("Fastest(10000) = %q, want a (limit is a reference)", f)
	}
}

// TestSignificanceAgreesWithInterval: on real data, a speedup is
// significant exactly when its interval leaves out 1, and the interval is
// never below 0.
func TestSignificanceAgreesWithInterval(t *testing.T) {
	d := load(t, "gotest36.txt")
	for _, c := range d.Cases {
		s, ok := d.Speedup(c.Key)
		if !ok {
			continue
		}
		if s.Significant != (s.Lo > 1 || s.Hi < 1) || s.Lo < 0 || s.Lo > s.Ratio || s.Hi < s.Ratio {
			t.Errorf("%v: ratio %v in [%v, %v], significant %v", c.Key, s.Ratio, s.Lo, s.Hi, s.Significant)
		}
	}
}

// TestPoolingRefused: results of one case that differ in configuration are
// two experiments; Load refuses to pool them, naming the key. Results that
// differ only in the date are one experiment.
func TestPoolingRefused(t *testing.T) {
	one := "cpu: A\n# go: go1.26\n# date: 1\nBenchmarkMap/strategy=sequential/n=10 1 5 ns/item\n"
	for _, tt := range []struct {
		name, other, msg string
	}{
		{"cpu", "cpu: B\ndate: 1\nBenchmarkMap/strategy=sequential/n=10 1 6 ns/item\n", "cpu (A vs B)"},
		{"pkg", "cpu: A\npkg: x\nBenchmarkMap/strategy=sequential/n=10 1 6 ns/item\n", "pkg"},
		{"date-only", "cpu: A\ndate: 2\nBenchmarkMap/strategy=sequential/n=10 1 6 ns/item\n", ""},
		// concbench run writes the Go version and the like as notes.
		{"go-note", "cpu: A\n# go: go1.0\n# date: 2\nBenchmarkMap/strategy=sequential/n=10 1 6 ns/item\n", "go (go1.26 vs go1.0)"},
		{"date-note-only", "cpu: A\n# go: go1.26\n# date: 2\nBenchmarkMap/strategy=sequential/n=10 1 6 ns/item\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
			os.WriteFile(a, []byte(one), 0o644)
			os.WriteFile(b, []byte(tt.other), 0o644)
			d, err := report.Load(a, b)
			if tt.msg == "" {
				if err != nil || len(d.Cases) != 1 || len(d.Cases[0].Sample.Values) != 2 {
					t.Fatalf("Load = %v; want one case of 2 samples", err)
				}
				return
			}
			var ie *report.InputError
			if !errors.As(err, &ie) || !errors.Is(err, report.ErrInput) || !strings.Contains(err.Error(), tt.msg) || ie.File != b {
				t.Errorf("Load = %v, want an InputError in %s naming %q", err, b, tt.msg)
			}
		})
	}
}

// TestMarkdownEscapes: names from the input cannot break a Markdown table.
func TestMarkdownEscapes(t *testing.T) {
	in := "BenchmarkMap/strategy=sequential/n=10 1 5 ns/item\nBenchmarkMap/strategy=a|b*c_/n=10 1 4 ns/item\n"
	d, err := report.Read(strings.NewReader(in), "inline")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := report.Write(&out, d, report.Options{Format: report.Markdown}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `a\|b\*c\_`) {
		t.Errorf("markdown does not escape the name a|b*c_:\n%s", out.String())
	}
	for line := range strings.Lines(out.String()) {
		if strings.HasPrefix(line, "|") && strings.Contains(line, "a|b") {
			t.Errorf("an unescaped | in a table cell: %s", line)
		}
	}
}

func TestJSON(t *testing.T) {
	d := load(t, "gotest36.txt")
	var out bytes.Buffer
	if err := report.Write(&out, d, report.Options{Format: report.JSON}); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Schema  string   `json:"schema"`
		Verdict []string `json:"verdict"`
		Groups  []struct {
			Work, Procs int
			Cases       []struct {
				Strategy string   `json:"strategy"`
				Median   *float64 `json:"median_ns_per_item"`
				Speedup  *struct {
					Ratio, Lo, Hi *float64
				} `json:"speedup"`
			} `json:"cases"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if v.Schema != report.JSONSchema || len(v.Verdict) == 0 || len(v.Groups) != 2 {
		t.Fatalf("schema %q, %d verdict lines, %d groups", v.Schema, len(v.Verdict), len(v.Groups))
	}
	cases := 0
	for _, g := range v.Groups {
		for _, c := range g.Cases {
			cases++
			if c.Median == nil || (c.Strategy != "sequential" && (c.Speedup == nil || c.Speedup.Ratio == nil || c.Speedup.Lo == nil)) {
				t.Errorf("work=%d %s: missing numbers", g.Work, c.Strategy)
			}
		}
	}
	if cases != 36 {
		t.Errorf("%d cases in JSON, want 36", cases)
	}
}

func TestComparisonConfigDiffs(t *testing.T) {
	a, err := report.Read(strings.NewReader("cpu: A\ngo: go1.26\nBenchmarkMap/strategy=sequential/n=10 1 5 ns/item\n"), "a")
	if err != nil {
		t.Fatal(err)
	}
	b, err := report.Read(strings.NewReader("cpu: B\ngo: go1.26\nBenchmarkMap/strategy=sequential/n=10 1 5 ns/item\n"), "b")
	if err != nil {
		t.Fatal(err)
	}
	c := report.NewComparison(a, b)
	if len(c.ConfigDiffs) != 1 || !strings.Contains(c.ConfigDiffs[0], `cpu differs: base "A", new "B"`) {
		t.Errorf("ConfigDiffs = %q", c.ConfigDiffs)
	}
	var out strings.Builder
	if err := report.Write(&out, b, report.Options{Base: a}); err != nil || !strings.Contains(out.String(), "cpu differs") {
		t.Errorf("the comparison does not warn of the differing cpu: %v\n%s", err, out.String())
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "markdown", "md", "csv", "html"} {
		if _, err := report.ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := report.ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "valid: text, markdown, csv, html, json") {
		t.Errorf("ParseFormat(pdf) = %v, want an error listing the formats", err)
	}
}

// familyInput has Go's loop and a pool, and the Python peer's loop and a
// pool: two families, each with its own sequential.
const familyInput = "BenchmarkMap/strategy=sequential/n=10 100 50 ns/op\n" +
	"BenchmarkMap/strategy=errgroup/n=10 100 25 ns/op\n" +
	"BenchmarkMap/strategy=python-sequential/n=10 100 4000 ns/op\n" +
	"BenchmarkMap/strategy=python-partial/n=10 100 1000 ns/op\n"

// TestBaselineOf: a family with its own sequential (the Python peer) is
// compared with it, everything else with Go's sequential.
func TestBaselineOf(t *testing.T) {
	d, err := report.Read(strings.NewReader(familyInput), "inline")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		strategy, base string
		ratio          float64
	}{
		{"errgroup", "sequential", 2},
		{"python-partial", "python-sequential", 4},
		{"python-sequential", "sequential", 50.0 / 4000},
		{"sequential", "sequential", 1},
	}
	for _, tt := range tests {
		if got := d.BaselineOf(tt.strategy); got != tt.base {
			t.Errorf("BaselineOf(%s) = %s, want %s", tt.strategy, got, tt.base)
		}
		s, ok := d.Speedup(report.Key{Strategy: tt.strategy, N: 10, Procs: 1})
		if !ok || s.Ratio != tt.ratio {
			t.Errorf("Speedup(%s) = %v, %v; want ratio %v", tt.strategy, s.Ratio, ok, tt.ratio)
		}
	}
}

// TestSpeedupLeavesOutBaselines: python-sequential is a baseline, not a
// contender, so the speedup table has no column for it, while its family's
// pools are still there.
func TestSpeedupLeavesOutBaselines(t *testing.T) {
	d, err := report.Read(strings.NewReader(familyInput), "inline")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := report.Write(&out, d, report.Options{Format: report.Markdown}); err != nil {
		t.Fatal(err)
	}
	_, sp, ok := strings.Cut(out.String(), "### speedup")
	if !ok {
		t.Fatalf("no speedup table in:\n%s", out.String())
	}
	header := strings.Split(sp, "\n")[2]
	if !strings.Contains(header, "python-partial") || !strings.Contains(header, "errgroup") || strings.Contains(header, "python-sequential") {
		t.Errorf("speedup header %q, want errgroup and python-partial but not python-sequential", header)
	}
}

// TestWriteHostileNames: strategy names come from the input file, so CSV
// cells must not start a formula (OWASP's rule) and a | must not split a
// Markdown cell, in the report and in A/B mode alike.
func TestWriteHostileNames(t *testing.T) {
	var in strings.Builder
	for _, s := range []string{"sequential", `=HYPERLINK("x")`, "a|b", "@SUM(1)", "+1+1", "-2"} {
		for range 3 {
			fmt.Fprintf(&in, "BenchmarkMap/strategy=%s/n=100/work=0-2 1 4 ns/item\n", s)
		}
	}
	d, err := report.Read(strings.NewReader(in.String()), "hostile.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []*report.Data{nil, d} {
		name := "report"
		if base != nil {
			name = "ab"
		}
		t.Run(name+"/csv", func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Write(&buf, d, report.Options{Format: report.CSV, Base: base}); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			quoted := 0
			for _, row := range rows {
				for _, cell := range row {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						if _, err := strconv.ParseFloat(cell, 64); err != nil {
							t.Errorf("cell %q starts a formula", cell)
						}
					}
					if strings.HasPrefix(cell, "'") {
						quoted++
					}
				}
			}
			// Three names need a quote (a|b is safe, -2 a number); each has one row
			// per case.
			if quoted != 3 {
				t.Errorf("%d cells quoted, want 3:\n%s", quoted, rows)
			}
		})
		t.Run(name+"/markdown", func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Write(&buf, d, report.Options{Format: report.Markdown, Base: base}); err != nil {
				t.Fatal(err)
			}
			unescaped := regexp.MustCompile(`(^|[^\\])\|`)
			cols := -1
			for _, line := range strings.Split(buf.String(), "\n") {
				if !strings.HasPrefix(line, "|") {
					cols = -1 // between tables
					continue
				}
				// Count with overlapping matches: "||" is two cell ends.
				n := len(unescaped.FindAllStringIndex(strings.ReplaceAll(line, "||", "| |"), -1))
				if cols >= 0 && n != cols {
					t.Errorf("row %q has %d cell borders, the table %d", line, n, cols)
				}
				cols = n
			}
			if !strings.Contains(buf.String(), `a\|b`) {
				t.Errorf("a|b not escaped:\n%s", buf.String())
			}
		})
	}
}

// TestReferencesMoved: when the machine's own references change between
// two runs, the comparison says the machine changed.
func TestReferencesMoved(t *testing.T) {
	var a, b strings.Builder
	sample(&a, "limit", 1000, 2, 10, 10)
	sample(&a, "errgroup", 1000, 2, 12, 10)
	sample(&b, "limit", 1000, 2, 12, 10)
	sample(&b, "errgroup", 1000, 2, 14.4, 10)
	da, err := report.Read(strings.NewReader(a.String()), "a")
	if err != nil {
		t.Fatal(err)
	}
	db, err := report.Read(strings.NewReader(b.String()), "b")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := report.Write(&out, db, report.Options{Base: da}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "the references, which run no code a change could touch, moved: limit/n=1000/work=0 procs=2 +20% (95% for this case alone: +18.8% to +21.2%)") {
		t.Errorf("no warning that the references moved:\n%s", out.String())
	}
	if err := report.Write(&out, da, report.Options{Base: da}); err != nil || strings.Count(out.String(), "the machine changed between the runs (or") != 1 {
		t.Errorf("a run against itself warns of moved references")
	}
}

// TestGateAsMeasured: every case is compared as measured, and the
// references only diagnose the machine: a machine that got slower between
// the runs (loop with it) is named, not divided out; a strategy that got
// slower is a regression; loop alone moving changes no other case's delta;
// a change that slows every strategy but not loop (the kernel's, say) is a
// regression of every strategy, not hidden by loop.
func TestGateAsMeasured(t *testing.T) {
	run := func(loop, seq, eg float64) *report.Data {
		var b strings.Builder
		sample(&b, "sequential", 10000, 2, seq, 12)
		sample(&b, "errgroup", 10000, 2, eg, 12)
		sample(&b, "loop", 10000, 2, loop, 12)
		d, err := report.Read(strings.NewReader(b.String()), "inline")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	base := run(100, 100, 60)
	tests := []struct {
		name      string
		cur       *report.Data
		moved     bool
		regressed []string
	}{
		{"machine 15% slower", run(115, 115, 69), true, []string{"sequential", "errgroup"}},
		{"errgroup 15% slower", run(100, 100, 69), false, []string{"errgroup"}},
		{"only loop 7% faster", run(93, 100, 60), true, nil},
		{"only loop 3% faster", run(97, 100, 60), false, nil},
		{"everything but loop 20% slower", run(100, 120, 72), false, []string{"sequential", "errgroup"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := report.NewComparison(base, tt.cur)
			var got []string
			for _, d := range c.Regressions(5) {
				got = append(got, d.Strategy)
			}
			if !slices.Equal(got, tt.regressed) {
				t.Errorf("regressions %v, want %v", got, tt.regressed)
			}
			if moved := c.MachineChanged(5); (len(moved) > 0) != tt.moved {
				t.Errorf("MachineChanged(5) = %v, want moved: %v", moved, tt.moved)
			}
			for _, d := range c.Deltas {
				want := (d.New.Summary.Center/d.Old.Summary.Center - 1) * 100
				if math.Abs(d.Pct-want) > 1e-9 {
					t.Errorf("%s: Pct = %v, want %v as measured", d.Strategy, d.Pct, want)
				}
			}
		})
	}
}

// TestSampleCountWord: n is the input size, so the sample count is never
// written as n: text and Markdown cells show (k=K) when counts differ, HTML
// cells say "K samples" in their tooltip, the notes say what k is, CSV and
// JSON call it samples, and the A/B table writes k=B+N.
func TestSampleCountWord(t *testing.T) {
	var b strings.Builder
	for _, n := range []int{100, 1000} {
		sample(&b, "sequential", n, 2, 10, 10)
		sample(&b, "errgroup", n, 2, 8, 12)
	}
	d, err := report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	nCount := regexp.MustCompile(`\bn=\d+\+|\(n=\d+\)|"n_samples"|,n_samples`)
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML, report.CSV, report.JSON} {
		for _, base := range []*report.Data{nil, d} {
			var out strings.Builder
			if err := report.Write(&out, d, report.Options{Format: f, Base: base}); err != nil {
				t.Fatal(err)
			}
			if m := nCount.FindString(out.String()); m != "" {
				t.Errorf("%v (A/B %v): sample count written as n: %q", f, base != nil, m)
			}
			want := map[report.Format]string{report.Text: "(k=12)", report.Markdown: "(k=12)", report.HTML: "12 samples", report.CSV: ",samples,", report.JSON: `"samples": 12`}[f]
			if base != nil {
				want = map[report.Format]string{report.Text: "k=12+12", report.Markdown: "k=12+12", report.HTML: "k=12&#43;12", report.CSV: ",new_samples", report.JSON: `"deltas"`}[f]
			}
			if !strings.Contains(out.String(), want) {
				t.Errorf("%v (A/B %v): no %q in\n%s", f, base != nil, want, out.String())
			}
		}
	}
}

// TestOneNameEach: sequential is the baseline and loop is a reference, so
// no report calls sequential "the loop" or "the plain loop"; "loop" is only
// ever the reference's name.
func TestOneNameEach(t *testing.T) {
	var b strings.Builder
	for _, n := range []int{100, 1000} {
		sample(&b, "sequential", n, 2, 10, 10)
		sample(&b, "loop", n, 2, 9, 10)
		sample(&b, "limit", n, 2, 5, 10)
		sample(&b, "errgroup", n, 2, 30/float64(n/100), 10)
	}
	d, err := report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	loopAsSequential := regexp.MustCompile(`(?i)\b(the|a) (plain )?loop\b( reference)?`)
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML, report.JSON} {
		for _, base := range []*report.Data{nil, d} {
			var out strings.Builder
			if err := report.Write(&out, d, report.Options{Format: f, Base: base}); err != nil {
				t.Fatal(err)
			}
			for _, m := range loopAsSequential.FindAllStringSubmatch(out.String(), -1) {
				if m[3] == "" {
					t.Errorf("%v (A/B %v): %q: sequential is sequential; loop is the reference", f, base != nil, m[0])
				}
			}
		}
	}
}

// TestPeerRatios: a run with Python beside Go says how many times faster
// Go is, loop against loop and fastest against fastest, in the tables and
// in JSON, so that nobody divides by hand.
func TestPeerRatios(t *testing.T) {
	var b strings.Builder
	for _, n := range []int{100, 1000} {
		sample(&b, "sequential", n, 2, 2, 10)
		sample(&b, "errgroup", n, 2, 1, 10)
		sample(&b, "python-sequential", n, 2, 300, 10)
		sample(&b, "python-partial", n, 2, 200, 10)
	}
	d, err := report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	if err := report.Write(&text, d, report.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Python / Go, ns/item: how many times faster Go is, work=0 procs=2", "python-sequential / sequential", "150×", "200× (python-partial / errgroup)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	var js strings.Builder
	if err := report.Write(&js, d, report.Options{Format: report.JSON}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Groups []struct {
			Peers []struct {
				Family      string   `json:"family"`
				N           int      `json:"n"`
				Sequential  *float64 `json:"sequential_ratio"`
				Fastest     *float64 `json:"fastest_ratio"`
				FastestPeer string   `json:"fastest_peer"`
				FastestGo   string   `json:"fastest_go"`
			} `json:"peer_ratios"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(js.String()), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Groups) != 1 || len(out.Groups[0].Peers) != 2 {
		t.Fatalf("peer_ratios %+v, want one per n", out.Groups)
	}
	p := out.Groups[0].Peers[0]
	if p.Family != "python-sequential" || p.N != 100 || p.Sequential == nil || math.Abs(*p.Sequential-150) > 1 ||
		p.Fastest == nil || math.Abs(*p.Fastest-200) > 1 || p.FastestPeer != "python-partial" || p.FastestGo != "errgroup" {
		t.Errorf("peer_ratios[0] = %+v, want python-sequential at n=100: 150, 200 (python-partial / errgroup)", p)
	}
}

// TestNotesNameWhatRan: a precision target and the seed's kernel are named
// only when the file records them; go test output of the user's own
// function (harness.Bench) chased no target and runs no seed kernel.
func TestNotesNameWhatRan(t *testing.T) {
	var body strings.Builder
	sample(&body, "sequential", 1000, 2, 10, 8)
	sample(&body, "loop", 1000, 2, 9, 8)
	sample(&body, "errgroup", 1000, 2, 30, 8) // wider than nothing, far from 1%
	tests := []struct {
		name, header string
		want, not    []string
	}{
		{"go-test", "", []string{"no precision target recorded", "loop runs your function"}, []string{"wider than", "the kernel"}},
		{"seed-run", "# kernel: x = (a+b)*const\n# precision: ±1%\n", []string{"wider than the ±1% target", "loop runs the kernel"}, []string{"your function", "target recorded"}},
		{"fixed-count", "# kernel: x = (a+b)*const\n# precision: off\n", []string{"no precision target (a fixed count of samples)"}, []string{"target recorded", "wider than"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.header+body.String(), report.Options{})
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("report lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("report says %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestJSONConfigNumbers: the precision, the durations and the load
// averages are numbers in -format json, not text.
func TestJSONConfigNumbers(t *testing.T) {
	var b strings.Builder
	b.WriteString("# precision: ±3%\n# sampletime: 2ms\n# budget: 1m0s\n# load: 1.54 1.49 1.39\n# gomaxprocs: 1-2\n")
	sample(&b, "sequential", 1000, 2, 10, 6)
	out := render(t, b.String(), report.Options{Format: report.JSON})
	var got struct {
		Config map[string]any `json:"config"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"precision": 0.03, "sampletime": 2e6, "budget": 60e9,
		"load": []any{1.54, 1.49, 1.39}, "gomaxprocs": "1-2"}
	for k, w := range want {
		if g := got.Config[k]; fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("config %s = %#v, want %#v", k, g, w)
		}
	}
}

// TestSpeedupCells: speedups print × as the verdict does, and the
// references (loop, limit) get no efficiency: they are the machine's floor
// and ceiling, not shapes using cores.
func TestSpeedupCells(t *testing.T) {
	var b strings.Builder
	sample(&b, "sequential", 1000, 2, 10, 8)
	sample(&b, "loop", 1000, 2, 9, 8)
	sample(&b, "errgroup", 1000, 2, 5, 8)
	out := render(t, b.String(), report.Options{})
	var row string
	for line := range strings.Lines(out) {
		if strings.Contains(line, "│ 1000 ") && strings.Contains(line, "×") {
			row = line
		}
	}
	if !regexp.MustCompile(`│\s+1\.1\d× │\s+2\.0\d× \(100%\) │`).MatchString(row) {
		t.Errorf("speedup row %q, want loop's 1.1× without efficiency and errgroup's 2.0× (100%%)\n%s", row, out)
	}
	if strings.Contains(out, "x (") {
		t.Errorf("a speedup printed with x:\n%s", out)
	}
}

// render reads input as the file x.txt and writes its report with opts.
func render(t *testing.T, input string, opts report.Options) string {
	t.Helper()
	d, err := report.Read(strings.NewReader(input), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := report.Write(&out, d, opts); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
