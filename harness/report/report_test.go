package report_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
		{"empty", "empty.txt", "empty.txt is empty"},
		{"no-benchmarks", "nobench.txt", "has no benchmark result lines"},
		{"syntax", "syntax.txt", "syntax.txt:2:"},
		{"units", "units.txt", "reports neither ns/item nor ns/op"},
		{"no-strategy-keys", "noname.txt", "no BenchmarkX/strategy=S/n=N results"},
		{"directory", ".", "testdata is a directory, not a benchmark file"},
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
	s, ok := d.Speedup(p.Key)
	if !ok || s.Ratio != 2.5 || s.Efficiency != 2.5/4 {
		t.Errorf("Speedup = %+v, %v; want ratio 2.5, efficiency 0.625", s, ok)
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
			n, ok := d.BreakEven(tt.strategy, tt.work, tt.procs)
			if n != tt.want || ok != tt.ok {
				t.Errorf("BreakEven(%s, %d, %d) = %d, %v; want %d, %v", tt.strategy, tt.work, tt.procs, n, ok, tt.want, tt.ok)
			}
		})
	}
	if got := d.Best(100, 100, 2); got != "sequential" {
		t.Errorf("Best(100, 100, 2) = %q, want sequential", got)
	}
}

func TestRegressions(t *testing.T) {
	deltas, onlyBase, onlyCur := report.Compare(load(t, "sweep.txt"), load(t, "sweep-new.txt"))
	if len(onlyBase)+len(onlyCur) != 0 || len(deltas) != 64 {
		t.Fatalf("Compare: %d deltas, %d only in base, %d only in new; want 64, 0, 0", len(deltas), len(onlyBase), len(onlyCur))
	}
	for _, tt := range []struct {
		pct  float64
		want bool
	}{{10, true}, {80, false}} {
		regs := report.Regressions(deltas, tt.pct)
		if (len(regs) > 0) != tt.want {
			t.Errorf("Regressions(%v%%) = %d deltas, want some: %v", tt.pct, len(regs), tt.want)
		}
		for _, r := range regs {
			if r.Strategy != "errgroup" || r.Work != 100 {
				t.Errorf("unexpected regression %v %+.1f%%", r.Key, r.Pct)
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "markdown", "md", "csv", "html"} {
		if _, err := report.ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := report.ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "valid: text, markdown, csv, html") {
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
