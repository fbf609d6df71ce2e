package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// reportFile is a path under testdata/report, as the CLI sees it.
func reportFile(name string) string { return filepath.Join("testdata", "report", name) }

func TestReportGolden(t *testing.T) {
	sweep, newer := reportFile("sweep.txt"), reportFile("sweep-new.txt")
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"text", []string{"report", sweep}, "report/text.golden"},
		{"markdown", []string{"report", "-format", "markdown", sweep}, "report/markdown.golden"},
		{"csv", []string{"report", "-format", "csv", sweep}, "report/csv.golden"},
		{"html", []string{"report", "-format", "html", sweep}, "report/html.golden"},
		{"gotest", []string{"report", reportFile("gotest.txt")}, "report/gotest.golden"},
		{"no-baseline", []string{"report", reportFile("nobaseline.txt")}, "report/nobaseline.golden"},
		{"ab", []string{"report", "-base", sweep, newer}, "report/ab.golden"},
		{"ab-flags-after-files", []string{"report", newer, "-base", sweep, "-format", "markdown"}, "report/ab-markdown.golden"},
		{"ab-gate-passes", []string{"report", "-base", gateFile("halves-a.txt"), "-fail-on", "5", "-format", "csv", gateFile("halves-b.txt")}, "report/ab-csv.golden"},
		{"json", []string{"report", "-format", "json", sweep}, "report/json.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), tt.args...)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			golden(t, tt.golden, []byte(stdout))
		})
	}
}

// gateFile is one of the regression gate's fixtures: halves of a real go
// test -bench run of 36 cases (see harness/report's writeGateFixtures).
func gateFile(name string) string {
	return filepath.Join("..", "..", "harness", "report", "testdata", name)
}

// TestReportFailOn runs the gate on real data: two halves of one run pass,
// one case made 15% slower fails it by name, and 3 against 3 samples
// cannot decide (exit 2, naming the samples needed).
func TestReportFailOn(t *testing.T) {
	tests := []struct {
		name      string
		base, cur string
		code      int
		stderr    *regexp.Regexp
	}{
		{"halves", "halves-a.txt", "halves-b.txt", exitOK, regexp.MustCompile(`^$`)},
		{"slower", "halves-a.txt", "halves-b-slower.txt", exitFailure,
			regexp.MustCompile(`^concbench: 1 significant slowdown above 5%:\n  strategy=static-partition/n=100000/work=100 procs=2 \+1\d\.\d% \(99\.86% interval: \+\d+\.\d% to \+\d+\.\d%\)\n$`)},
		{"three", "three-a.txt", "three-b.txt", exitUsage,
			regexp.MustCompile(`^concbench: -fail-on: too few samples to decide: 36 of 36 cases have as few as 3 per side .* needs at least 6 samples per side\n$`)},
		{"nothing-shared", "halves-a.txt", "other", exitUsage,
			regexp.MustCompile(`^concbench: -fail-on: the two runs have no case in common`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := gateFile(tt.cur)
			if tt.cur == "other" {
				cur = filepath.Join(t.TempDir(), "other.txt")
				os.WriteFile(cur, []byte("BenchmarkMap/strategy=other/n=10 1 5 ns/item\n"), 0o644)
			}
			code, stdout, stderr := runCLI(t, context.Background(), "report", "-base", gateFile(tt.base), "-fail-on", "5", cur)
			if code != tt.code || !tt.stderr.MatchString(stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %s", code, stderr, tt.code, tt.stderr)
			}
			if !strings.Contains(stdout, "base vs new") {
				t.Errorf("the comparison table is missing from stdout")
			}
		})
	}
}

// TestReportGateAcceptance runs the gate on the committed runs: full and
// accept are two runs of the same commit 20 minutes apart, whose loop
// reference moved 32%; accept is 31 samples a case.
func TestReportGateAcceptance(t *testing.T) {
	if raceEnabled {
		t.Skip("statistics on 4000 to 54000 samples start no goroutine; under the race detector they take minutes")
	}
	full := filepath.Join("..", "..", "results", "2026-11-26-vm-full.txt")
	accept := filepath.Join("..", "..", "results", "2026-11-26-vm-accept.txt")
	dir := t.TempDir()
	acceptCopy := filepath.Join(dir, "accept-copy.txt")
	copyFile(t, accept, acceptCopy)
	tests := []struct {
		name      string
		base, cur string
		code      int
		stderr    string // a substring
	}{
		{"full-vs-accept", full, accept, exitUsage, "cannot decide the Go and Python cases: the machine changed between the runs, by more than 5%: the references"},
		{"accept-vs-copy", accept, acceptCopy, exitOK, ""},
		{"only-loop-7pct-faster", accept, scaled(t, dir, accept, "strategy=loop/", 0.93), exitUsage, "loop/n="},
		{"one-case-15pct-slower", accept, scaled(t, dir, accept, "strategy=static-partition/n=100000/work=100-2 ", 1.15), exitFailure,
			"1 significant slowdown above 5%:\n  strategy=static-partition/n=100000/work=100 procs=2 +15.0%"},
		// Python's baseline moving leaves Python's cases undecided, not Go's.
		{"python-moved-go-slower", accept, scaled(t, dir, scaled(t, dir, accept, "strategy=static-partition/n=100000/work=100-2 ", 1.15), "strategy=python-", 1.6), exitFailure,
			"1 significant slowdown above 5%:\n  strategy=static-partition/n=100000/work=100 procs=2 +15.0% (99.96% interval: +9.5% to +20.8%)\n  and cannot decide the Python cases: the machine changed between the runs, by more than 5%: the Python cases' own baseline, on Python's runtime, moved: python-sequential/"},
		{"only-python-moved", accept, scaled(t, dir, accept, "strategy=python-", 1.6), exitUsage,
			"-fail-on: cannot decide the Python cases: the machine changed between the runs, by more than 5%: the Python cases' own baseline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), "report", "-base", tt.base, "-fail-on", "5", tt.cur)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
			t.Logf("exit %d %s", code, stderr)
		})
	}
	// full and accept, one commit measured twice (an A/A pair), moved the
	// Python cases by +45% to +117%: their own baseline moved with them,
	// so no threshold calls them a regression.
	for _, pct := range []string{"5", "20", "40"} {
		t.Run("full-vs-accept-at-"+pct, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), "report", "-base", full, "-fail-on", pct, accept)
			if code != exitUsage || !regexp.MustCompile(`cannot decide the (Go and )?Python cases`).MatchString(stderr) {
				t.Errorf("exit %d, stderr %q; want %d, the Python cases undecided", code, stderr, exitUsage)
			}
		})
	}
	t.Run("two-runs-a-side", func(t *testing.T) {
		// The quarters of accept, by time, as four runs: two a side, so
		// runs are the unit of resampling.
		q := splitRun(t, dir, accept, 4)
		code, stdout, stderr := runCLI(t, context.Background(), "report", "-format", "json",
			"-base", q[0]+","+q[1], "-fail-on", "5", q[2], q[3])
		t.Logf("exit %d %s", code, stderr)
		var got struct {
			BaseRuns int `json:"base_runs"`
			NewRuns  int `json:"new_runs"`
		}
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("exit %d, %v; stderr %q", code, err, stderr)
		}
		if got.BaseRuns != 2 || got.NewRuns != 2 {
			t.Errorf("base_runs %d, new_runs %d; want 2 and 2 (runs as the unit)", got.BaseRuns, got.NewRuns)
		}
		if code == exitFailure {
			t.Errorf("exit %d, stderr %q: quarters of one run are no regression", code, stderr)
		}
	})
}

// splitRun splits the results file src by time into k files in dir, each
// with src's header and the k-th part of its result lines (rounds are
// written in order), and returns their paths.
func splitRun(t *testing.T, dir, src string, k int) []string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var header, results []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "Benchmark") {
			results = append(results, line)
		} else if len(results) == 0 {
			header = append(header, line)
		}
	}
	var paths []string
	for i := range k {
		part := results[i*len(results)/k : (i+1)*len(results)/k]
		p := filepath.Join(dir, fmt.Sprintf("part%d-%s", i, filepath.Base(src)))
		if err := os.WriteFile(p, []byte(strings.Join(append(slices.Clone(header), part...), "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// scaled writes a copy of the results file src into dir with the times of
// the results whose line contains match multiplied by f, and returns its
// path.
func scaled(t *testing.T, dir, src, match string, f float64) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "Benchmark") || !strings.Contains(line+" ", match) {
			continue
		}
		fields := strings.Fields(line)
		for j := 3; j < len(fields); j += 2 {
			if u := fields[j]; u == "ns/op" || u == "ns/item" || u == "cpu-ns/item" {
				v, err := strconv.ParseFloat(fields[j-1], 64)
				if err != nil {
					t.Fatal(err)
				}
				fields[j-1] = strconv.FormatFloat(v*f, 'g', 8, 64)
			}
		}
		lines[i] = strings.Join(fields, " ")
	}
	// Named after src and match, so that scaling a scaled file makes a new one.
	out := filepath.Join(dir, fmt.Sprintf("%s-%s.txt", strings.TrimSuffix(filepath.Base(src), ".txt"), strings.NewReplacer("/", "_", "=", "_", " ", "").Replace(match)))
	if err := os.WriteFile(out, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReportBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // substring of stderr
	}{
		{"no-files", []string{"report"}, "at least one benchmark file"},
		{"missing", []string{"report", reportFile("nope.txt")}, "no such file"},
		{"empty", []string{"report", reportFile("empty.txt")}, "empty.txt: is empty"},
		{"no-benchmarks", []string{"report", reportFile("nobench.txt")}, "nobench.txt: has no benchmark result lines"},
		{"syntax", []string{"report", reportFile("syntax.txt")}, "syntax.txt:2: "},
		{"units", []string{"report", reportFile("units.txt")}, "neither ns/item nor ns/op (units: MB/s)"},
		{"missing-base", []string{"report", "-base", reportFile("nope.txt"), reportFile("sweep.txt")}, "no such file"},
		{"bad-format", []string{"report", "-format", "pdf", reportFile("sweep.txt")}, `-format: unknown format "pdf" (valid: text, markdown, csv, html, json)`},
		{"fail-on-without-base", []string{"report", "-fail-on", "5", reportFile("sweep.txt")}, "-fail-on needs -base"},
		{"negative-fail-on", []string{"report", "-base", reportFile("sweep.txt"), "-fail-on", "-1", reportFile("sweep.txt")}, "-fail-on: -1 is not a percentage >= 0"},
		{"nan-fail-on", []string{"report", "-base", reportFile("sweep.txt"), "-fail-on", "NaN", reportFile("sweep.txt")}, "-fail-on: NaN is not a percentage >= 0"},
		{"inf-fail-on", []string{"report", "-base", reportFile("sweep.txt"), "-fail-on", "+Inf", reportFile("sweep.txt")}, "-fail-on: +Inf is not a percentage >= 0"},
		{"unknown-flag", []string{"report", "-colour", reportFile("sweep.txt")}, "concbench: report: unknown flag -colour (valid: -base, -fail-on, -format, -o)\n"},
		{"bad-fail-on", []string{"report", "-base", reportFile("sweep.txt"), "-fail-on", "abc", reportFile("sweep.txt")}, `invalid value "abc" for flag -fail-on`},
		{"o-directory", []string{"report", "-o", t.TempDir(), reportFile("sweep.txt")}, "is a directory (want a file path)"},
		{"o-missing-dir", []string{"report", "-o", filepath.Join(t.TempDir(), "no", "r.md"), reportFile("sweep.txt")}, "/no: no such file or directory (want a path in an existing, writable directory)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing on bad input", stdout)
			}
			if strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr = %q, want one line", stderr)
			}
		})
	}
}

// TestReportBadInputKeepsOutput checks that -o FILE is left as it was when
// the input is unusable.
func TestReportBadInputKeepsOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "existing.md")
	if err := os.WriteFile(out, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"nope.txt", "empty.txt", "nobench.txt", "syntax.txt"} {
		code, _, _ := runCLI(t, context.Background(), "report", "-o", out, reportFile(in))
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", in, code, exitUsage)
		}
		if b, _ := os.ReadFile(out); string(b) != "keep\n" {
			t.Errorf("%s: %s changed to %q", in, out, b)
		}
	}
}

// TestReportNeverOverwritesInput: report -o never writes over one of its
// inputs (by any name: ./in.txt, a hard link) nor over any results file;
// each is refused with exit 2 and the file stays as it was.
func TestReportNeverOverwritesInput(t *testing.T) {
	dir := t.TempDir()
	in, other := filepath.Join(dir, "in.txt"), filepath.Join(dir, "other.txt")
	orig, err := os.ReadFile(reportFile("sweep.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{in, other} {
		if err := os.WriteFile(p, orig, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "hardlink.txt")
	if err := os.Link(in, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"input", []string{"report", "-o", in, in}, "-o " + in + ": is the input file " + in},
		{"dot-input", []string{"report", "-format", "html", "-o", dir + "/./in.txt", in}, "is the input file " + in},
		{"hard-link", []string{"report", "-o", link, in}, "is the input file " + in},
		{"base", []string{"report", "-base", in, "-o", in, other}, "is the input file " + in},
		{"results-file", []string{"report", "-o", other, in}, "-o " + other + ": holds benchmark results; concbench does not replace them with a report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, t.Context(), tt.args...)
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want 2 and one line with %q", code, stderr, tt.want)
			}
			for _, p := range []string{in, other} {
				if got, _ := os.ReadFile(p); !bytes.Equal(got, orig) {
					t.Errorf("%s was overwritten", p)
				}
			}
		})
	}
	assertNoTemp(t, dir)
}

func TestReportHelp(t *testing.T) {
	code, stdout, stderr := runCLI(t, context.Background(), "report", "-h")
	if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, "usage: concbench report") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and the usage on stdout, as run -h", code, stdout, stderr)
	}
	if strings.Contains(stdout, "NaN") {
		t.Errorf("-h shows a NaN default:\n%s", stdout)
	}
}

// TestReportHTMLReferences checks that the HTML page holds every chart
// inline and every table, the verdict before them, and nothing external.
func TestReportHTMLReferences(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	code, _, stderr := runCLI(t, context.Background(), "report", "-format", "html", "-o", out, reportFile("sweep.txt"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	d, err := report.Load(reportFile("sweep.txt"))
	if err != nil {
		t.Fatal(err)
	}
	charts, err := plot.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range charts {
		ids = append(ids, "chart-"+c.Name)
	}
	for _, g := range d.Groups() {
		for _, kind := range []string{"nsitem", "speedup"} {
			ids = append(ids, kind+"-work"+itoa(g.Work)+"-procs"+itoa(g.Procs))
		}
	}
	for _, id := range ids {
		if !strings.Contains(html, `id="`+id+`"`) {
			t.Errorf("page lacks element %q", id)
		}
	}
	verdict, charts0, tables := strings.Index(html, `id="verdict"`), strings.Index(html, "<svg"), strings.Index(html, "<table")
	if verdict < 0 || verdict > charts0 || charts0 > tables {
		t.Errorf("verdict at %d, first chart at %d, first table at %d: want the verdict, then charts, then tables", verdict, charts0, tables)
	}
	if got := strings.Count(html, "<svg"); got != len(charts) {
		t.Errorf("page has %d inline SVGs, want %d", got, len(charts))
	}
	if got := strings.Count(html, "<table"); got != 2*len(d.Groups()) {
		t.Errorf("page has %d tables, want %d", got, 2*len(d.Groups()))
	}
	for _, external := range []string{"<script src", "src=", "<link"} {
		if strings.Contains(html, external) {
			t.Errorf("page contains %q; it must be self-contained", external)
		}
	}
}

// TestReportHTMLChromium renders the HTML report in headless Chromium and
// checks what a reader would: the console stays quiet (no script errors,
// nothing logged), and the rendered page has its landmarks, a title, a
// heading, tables, and charts as inline SVG each with a text alternative,
// and a screenshot that is not blank. A broken page checks that the
// console check can fail. It needs CONCBENCH_E2E=1 and /usr/bin/chromium
// (Debian's package chromium, which .ci/run installs) or $CHROMIUM.
func TestReportHTMLChromium(t *testing.T) {
	chromium := needChromium(t)
	dir := t.TempDir()
	page := htmlReport(t, dir, reportFile("sweep.txt"))
	r := renderChromium(t, chromium, page, 1280)
	for _, line := range r.console {
		t.Errorf("console: %s", line)
	}
	if m := regexp.MustCompile(`<title>([^<]+)</title>`).FindStringSubmatch(r.dom); m == nil {
		t.Error("rendered page has no <title>")
	}
	for _, tag := range []string{"<h1", "<table", "<th", "<svg"} {
		if !strings.Contains(r.dom, tag) {
			t.Errorf("rendered page has no %s> element", tag)
		}
	}
	for i, svg := range strings.Split(r.dom, "<svg")[1:] {
		svg, _, _ = strings.Cut(svg, "</svg>")
		if !strings.Contains(svg, "<title") || !strings.Contains(svg, "<desc") {
			t.Errorf("SVG %d has no <title> and <desc> (its text alternative)", i+1)
		}
	}
	if frac := inkFraction(t, r.screenshot); frac < 0.02 {
		t.Errorf("screenshot is nearly blank: %.3f of pixels are not white", frac)
	}

	t.Run("a broken page is caught", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.html")
		html := `<!DOCTYPE html><html><head><title>bad</title></head><body><h1>bad</h1><script>notDefined()</script></body></html>`
		if err := os.WriteFile(bad, []byte(html), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := renderChromium(t, chromium, bad, 1280); !slices.ContainsFunc(r.console, func(l string) bool { return strings.Contains(l, "notDefined") }) {
			t.Errorf("a page that throws gave console %q; the check would miss script errors", r.console)
		}
	})
}

// TestReportHTMLWidths renders the report of the committed full run (16
// strategies, four-panel charts) in headless Chromium at 1280 and 420 CSS
// pixels and fails on horizontal overflow: at 1280 neither the page nor any
// table (every section opened) is wider than the window; at 420 the page
// is not, the tables scroll inside their own box, and a chart's panels are
// stacked, each as wide as the page, rather than shrunk side by side.
// Needs CONCBENCH_E2E=1 and Chromium, as TestReportHTMLChromium.
func TestReportHTMLWidths(t *testing.T) {
	chromium := needChromium(t)
	page := htmlReport(t, t.TempDir(), filepath.Join("..", "..", "results", "2026-11-26-vm-full.txt"))
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{1280, 420} {
		t.Run(itoa(width), func(t *testing.T) {
			probe := filepath.Join(t.TempDir(), "probe.html")
			if err := os.WriteFile(probe, probePage(html, width), 0o644); err != nil {
				t.Fatal(err)
			}
			// The window is wider than the frame: Chromium makes no window
			// narrower than 500 px.
			l := probeLayout(t, renderChromium(t, chromium, probe, width+100))
			if l.Viewport > width || l.Viewport < width-20 { // a scroll bar may take its width
				t.Fatalf("viewport %d px wide, want %d: the window size did not take", l.Viewport, width)
			}
			if l.Page > l.Viewport {
				t.Errorf("page is %d px wide in a %d px window: it scrolls sideways", l.Page, l.Viewport)
			}
			if l.Panels == 0 || l.Tables == 0 {
				t.Fatalf("probe saw %d tables and %d chart panels; want both", l.Tables, l.Panels)
			}
			for _, o := range l.Overflow {
				if width >= 1280 {
					t.Errorf("table overflows its box at %d px: %s", width, o)
				}
			}
			for _, s := range l.SideBySide {
				if width <= 420 {
					t.Errorf("chart panels side by side at %d px: %s", width, s)
				}
			}
			if width >= 1280 && len(l.SideBySide) == 0 {
				t.Errorf("no chart has its panels side by side at %d px", width)
			}
		})
	}
}

// needChromium skips the test unless CONCBENCH_E2E=1 and, with it,
// returns the Chromium binary, /usr/bin/chromium or $CHROMIUM, failing the
// test when there is none.
func needChromium(t *testing.T) string {
	t.Helper()
	needOutsideE2E(t, "starts headless Chromium")
	chromium := cmp.Or(os.Getenv("CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("%v: install Chromium (Debian: apt-get install chromium) or set $CHROMIUM", err)
	}
	return chromium
}

// htmlReport writes the HTML report of file into dir with concbench
// report and returns its path.
func htmlReport(t *testing.T, dir, file string) string {
	t.Helper()
	page := filepath.Join(dir, "report.html")
	if code, _, stderr := runCLI(t, context.Background(), "report", "-format", "html", "-o", page, file); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	return page
}

// probePage is a page that shows page in a frame width CSS pixels wide
// (the report's own viewport, whatever the window's size) and, once it is
// laid out, opens every section and writes what it measured, as JSON, into
// a <pre id="layout-probe"> that --dump-dom shows.
func probePage(page []byte, width int) []byte {
	return []byte(`<!DOCTYPE html><html><head><title>probe</title></head><body style="margin:0">` +
		`<iframe id="frame" style="border:0;width:` + itoa(width) + `px;height:2400px" srcdoc="` + stdhtml.EscapeString(string(page)) + `"></iframe>` +
		layoutProbe + `</body></html>`)
}

// layoutProbe is probePage's script.
const layoutProbe = `<script>
window.addEventListener("load", function () {
  var doc = document.getElementById("frame").contentDocument;
  doc.querySelectorAll("details").forEach(function (d) { d.open = true; });
  var de = doc.documentElement;
  var r = {viewport: de.clientWidth, page: de.scrollWidth, tables: 0, panels: 0, overflow: [], sideBySide: []};
  doc.querySelectorAll(".scroll").forEach(function (s) {
    r.tables++;
    if (s.scrollWidth > s.clientWidth) { r.overflow.push(s.firstElementChild.id + " " + s.scrollWidth + " > " + s.clientWidth); }
  });
  doc.querySelectorAll(".panels").forEach(function (p) {
    var svgs = p.querySelectorAll(":scope > svg"), top = null;
    r.panels += svgs.length;
    for (var i = 0; i < svgs.length; i++) {
      var b = svgs[i].getBoundingClientRect();
      if (top !== null && Math.abs(b.top - top) < 1) { r.sideBySide.push(p.parentElement.id + " panel " + (i + 1) + " " + Math.round(b.width) + " px wide"); }
      top = b.top;
    }
  });
  var pre = document.createElement("pre");
  pre.id = "layout-probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>
`

// layout is what layoutProbe measured.
type layout struct {
	Viewport, Page, Tables, Panels int
	Overflow, SideBySide           []string
}

// probeLayout reads layoutProbe's JSON from the rendered DOM.
func probeLayout(t *testing.T, r rendered) layout {
	t.Helper()
	m := regexp.MustCompile(`<pre id="layout-probe">([^<]*)</pre>`).FindStringSubmatch(r.dom)
	if m == nil {
		t.Fatalf("no layout probe in the rendered page; console: %q", r.console)
	}
	var l layout
	if err := json.Unmarshal([]byte(stdhtml.UnescapeString(m[1])), &l); err != nil {
		t.Fatalf("layout probe: %v", err)
	}
	return l
}

// rendered is what headless Chromium made of a page.
type rendered struct {
	dom        string   // the DOM after load, serialised
	console    []string // console messages, script errors among them
	screenshot string   // path of a PNG of the first 2400 pixels' height
}

// renderChromium loads the page in a fresh headless Chromium with its own
// profile and no network services, once, in a window width CSS pixels
// wide, and returns the DOM, the console messages (Chromium logs them to
// stderr as CONSOLE lines under --enable-logging=stderr) and a screenshot.
func renderChromium(t *testing.T, chromium, page string, width int) rendered {
	t.Helper()
	dir := t.TempDir()
	r := rendered{screenshot: filepath.Join(dir, "shot.png")}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--enable-logging=stderr", "--v=0",
		"--window-size="+itoa(width)+",2400", "--screenshot="+r.screenshot, "--dump-dom", "file://"+page)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	r.dom = stdout.String()
	for line := range strings.Lines(stderr.String()) {
		if strings.Contains(line, ":CONSOLE") {
			r.console = append(r.console, strings.TrimSpace(line))
		}
	}
	return r
}

// inkFraction returns the fraction of a PNG's pixels (sampled on a 2-pixel
// grid) that are not white.
func inkFraction(t *testing.T, path string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy()/4)
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestReportStdin: go test output piped into report, with no file or the
// file -, reports as the same output in a file does, but for the line that
// names the file.
func TestReportStdin(t *testing.T) {
	bin := buildBinary(t)
	want, err := os.ReadFile(filepath.Join("testdata", "report", "gotest.golden"))
	if err != nil {
		t.Fatal(err)
	}
	_, wantBody, _ := bytes.Cut(want, []byte("\n"))
	for _, args := range [][]string{{"report"}, {"report", "-"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			f, err := os.Open(reportFile("gotest.txt"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cmd := exec.Command(bin, args...)
			cmd.Stdin = f
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, stderr.String())
			}
			head, body, _ := bytes.Cut(stdout.Bytes(), []byte("\n"))
			if string(head) != "concbench report: "+stdinName || !bytes.Equal(body, wantBody) {
				t.Errorf("output differs from gotest.golden but for its first line:\n%s", stdout.String())
			}
		})
	}
}

// TestReadingReportsQuotesGolden: the verdict line docs/reading-reports.md
// quotes is the one the text golden file holds, so it matches real output.
func TestReadingReportsQuotesGolden(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "reading-reports.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "report", "text.golden"))
	if err != nil {
		t.Fatal(err)
	}
	quoted := 0
	for line := range strings.Lines(string(doc)) {
		if v, ok := strings.CutPrefix(line, "    - work="); ok {
			quoted++
			if !strings.Contains(string(golden), "- work="+v) {
				t.Errorf("docs/reading-reports.md quotes a verdict line text.golden lacks:\n%s", line)
			}
		}
	}
	if quoted == 0 {
		t.Errorf("docs/reading-reports.md quotes no verdict line")
	}
}
