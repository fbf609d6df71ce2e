package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// tiny is a run small enough to take well under a second.
var tiny = []string{"run", "-strategies", "sequential,static-partition", "-n", "100", "-work", "0", "-count", "2", "-precision", "0", "-time", "2ms", "-q"}

func TestRunWritesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	code, stdout, stderr := runCLI(t, context.Background(), append(tiny, "-o", out)...)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and silence under -q", code, stdout, stderr)
	}
	res := parseFile(t, out)
	if len(res) != 4 {
		t.Fatalf("%d results, want 4", len(res))
	}
	d, err := report.Load(out) // configuration lines and # notes
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"goos", "goarch", "cpu", "go", "gomaxprocs", "concbench", "commit", "const", "date", "count", "sampletime", "preset"} {
		if d.MetaValue(key) == "" {
			t.Errorf("key %q missing", key)
		}
	}
	if got := d.MetaValue("preset"); got != "custom" {
		t.Errorf("preset = %q, want custom (flags changed the quick preset's sweep)", got)
	}
	names := map[string]bool{}
	for _, r := range res {
		names[r.Name.String()] = true
	}
	for _, s := range []string{"sequential", "static-partition"} {
		name := "Map/strategy=" + s + "/n=100/work=0-" + d.MetaValue("gomaxprocs")
		if !names[name] {
			t.Errorf("no result named %s in %v", name, names)
		}
	}
	assertNoTemp(t, filepath.Dir(out))
}

func TestRunStatusLine(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	args := append(tiny[:len(tiny)-1:len(tiny)-1], "-o", out) // without -q
	code, stdout, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK || stdout != "" || stderr != "concbench: wrote 4 samples to "+out+"\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestRunBadInput checks every kind of bad input: exit 2, one line naming
// the problem and the valid choices, nothing measured and a pre-existing
// output file untouched.
func TestRunBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"unknown-strategy", []string{"-strategies", "sequential,turbo"}, `unknown strategy "turbo" (valid: sequential, closure-partial,`},
		{"empty-strategies", []string{"-strategies", ""}, "-strategies: empty list (valid: sequential,"},
		{"size-not-numeric", []string{"-n", "100,lots"}, `-n: "lots" is not a positive integer`},
		{"size-zero", []string{"-n", "0"}, `-n: "0" is not a positive integer`},
		{"size-negative", []string{"-n", "-5"}, `-n: "-5" is not a positive integer`},
		{"size-empty", []string{"-n", ""}, "-n: empty list"},
		{"size-empty-item", []string{"-n", "100,,1000"}, `-n: "" is not a positive integer`},
		{"work-negative", []string{"-work", "-1"}, `-work: "-1" is not an integer >= 0`},
		{"work-empty", []string{"-work", " "}, "-work: empty list"},
		{"procs-zero", []string{"-procs", "0"}, `-procs: "0" is not a positive integer (want comma-separated values, e.g. -procs 1,2)`},
		{"workers-negative", []string{"-workers", "-3"}, `-workers: "-3" is not an integer >= 0`},
		{"count-zero", []string{"-count", "0"}, "-count: 0 is not a positive integer"},
		{"count-not-numeric", []string{"-count", "many"}, `invalid value "many" for flag -count`},
		{"time-zero", []string{"-time", "0s"}, "-time: 0s is not a positive duration"},
		{"time-negative", []string{"-time", "-1s"}, "-time: -1s is not a positive duration"},
		{"preset", []string{"-preset", "huge"}, `unknown preset "huge" (valid: quick, seed, full)`},
		{"unknown-flag", []string{"-cpu", "2"}, "unknown flag -cpu (valid: -budget, -count, -max-count, -n, -o, -out, -precision, -preset, -procs, -python, -q, -strategies, -time, -work, -workers)"},
		{"precision-negative", []string{"-precision", "-1"}, "-precision: -1 is not a percentage"},
		{"precision-nan", []string{"-precision", "NaN"}, "-precision: NaN is not a percentage"},
		{"max-count-zero", []string{"-max-count", "0"}, "-max-count: 0 is not a positive integer"},
		{"budget-zero", []string{"-budget", "0s"}, "-budget: 0s is not a positive duration"},
		{"out-unknown", []string{"-out", "reuse,cached"}, `-out: "cached" is not an output (valid: reuse, fresh)`},
		{"work-huge", []string{"-work", "100000000"}, "works value 100000000 is above 10000000"},
		{"size-huge", []string{"-n", "9223372036854775807"}, "sizes value 9223372036854775807 is above"},
		{"argument", []string{"now"}, `unexpected argument "now"`},
		{"unwritable-output", []string{"-o", "{dir}/missing/out.txt"}, "cannot write in {dir}/missing: no such file or directory (want a path in an existing, writable directory)"},
		{"output-is-dir", []string{"-o", "{dir}"}, "is a directory (want a file path)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "precious.txt")
			const old = "earlier results\n"
			if err := os.WriteFile(target, []byte(old), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"run", "-q", "-o", target}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "{dir}", dir))
			}
			msg := strings.ReplaceAll(tt.msg, "{dir}", dir)
			start := time.Now()
			code, stdout, stderr := runCLI(t, context.Background(), args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, msg) || strings.Count(stderr, "\n") != 1 || stdout != "" {
				t.Errorf("stdout %q, stderr %q; want one line containing %q", stdout, stderr, msg)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v: something was measured before validation", d)
			}
			if got, err := os.ReadFile(target); err != nil || string(got) != old {
				t.Errorf("output file now %q, %v; want it unchanged", got, err)
			}
			assertNoTemp(t, dir)
		})
	}
}

// TestRunInterrupted cancels the context mid-run: exit 130, the finished
// samples are in the file, it parses, and stderr says how many.
func TestRunInterrupted(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(out, []byte("earlier results\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel once the temporary file holds two samples.
	go func() {
		defer cancel()
		for ctx.Err() == nil {
			matches, _ := filepath.Glob(filepath.Join(dir, ".out.txt.tmp-*"))
			for _, m := range matches {
				if data, _ := os.ReadFile(m); bytes.Count(data, []byte("\nBenchmark")) >= 2 {
					return
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	code, stdout, stderr := runCLI(t, ctx, "run", "-strategies", "sequential", "-n", "100", "-work", "0", "-count", "100000", "-time", "5ms", "-q", "-o", out)
	if code != exitInterrupted || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 130", code, stdout, stderr)
	}
	m := regexp.MustCompile(`^concbench: interrupted: kept (\d+) of 100000 samples in ` + regexp.QuoteMeta(out) + `: context canceled\n$`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr %q does not say how many samples were kept", stderr)
	}
	kept, _ := strconv.Atoi(m[1])
	res := parseFile(t, out)
	if len(res) != kept || kept < 2 {
		t.Errorf("file holds %d results, stderr says %d; want equal and at least 2", len(res), kept)
	}
	for _, r := range res {
		if len(r.Values) != 5 {
			t.Errorf("incomplete sample %s: %d values", r.Name, len(r.Values))
		}
	}
	assertNoTemp(t, dir)
}

// TestRunInterruptedEarly cancels before any sample: the old file stays.
func TestRunInterruptedEarly(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.txt")
	const old = "earlier results\n"
	if err := os.WriteFile(out, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, stderr := runCLI(t, ctx, append(tiny, "-o", out)...)
	if code != exitInterrupted || !strings.Contains(stderr, "no sample finished; "+out+" left unchanged") {
		t.Errorf("exit %d, stderr %q; want 130 and the file left unchanged", code, stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != old {
		t.Errorf("file now %q, want unchanged", got)
	}
	assertNoTemp(t, dir)
}

// TestRunMismatch: a strategy that disagrees with sequential fails the run
// (exit 1) before anything is written.
func TestRunMismatch(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.txt")
	cfg := harness.Config{Strategies: []strategies.Strategy{strategies.Sequential{}, wrong{}}, Sizes: []int{10}, Works: []int{0}, Count: 1, SampleTime: time.Millisecond}
	err := sweep(context.Background(), cfg, out, sweepOptions{quiet: true}, &bytes.Buffer{})
	var stderr bytes.Buffer
	if code := exitCode(context.Background(), err, &stderr); code != exitFailure || !strings.Contains(stderr.String(), "result differs from sequential") {
		t.Errorf("exit %d, stderr %q; want 1 and a mismatch", code, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output exists after a failed run: %v", err)
	}
	assertNoTemp(t, dir)
}

type wrong struct{ strategies.Sequential }

func (wrong) Name() string { return "wrong" }

func (wrong) MapInto(_ context.Context, _ strategies.Kernel, _ []strategies.Pair, out []int64, _ int) error {
	clear(out)
	return nil
}

// TestDefault runs the no-argument path on a tiny sweep: a file named for
// the date and machine under results/, the report on stdout, and the charts
// in a directory beside the file.
func TestDefault(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.StaticPartition{}},
		Sizes:      []int{100, 1000},
		Works:      []int{0},
		Count:      2,
		Precision:  -1,
		SampleTime: 2 * time.Millisecond,
	}
	var stdout, stderr bytes.Buffer
	if err := runDefault(context.Background(), cfg, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	path := defaultOutput("quick", time.Now())
	if !regexp.MustCompile(`^results/\d{4}-\d\d-\d\d-[a-z0-9.-]+-quick\.txt$`).MatchString(filepath.ToSlash(path)) {
		t.Errorf("default output %q does not name date and machine", path)
	}
	if res := parseFile(t, path); len(res) != 8 {
		t.Errorf("%s: %d results, want 8", path, len(res))
	}
	for _, want := range []string{"ns/item, work=0", "speedup over sequential", "break-even n", "sequential", "static-partition"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
	dir := strings.TrimSuffix(path, ".txt")
	for _, chart := range []string{"nsitem-work0.svg", "nsitem-work0.png", "overhead-work0.svg"} {
		if _, err := os.Stat(filepath.Join(dir, chart)); err != nil {
			t.Errorf("chart missing: %v", err)
		}
	}
	if !strings.Contains(stderr.String(), "charts to "+dir+"/") {
		t.Errorf("stderr does not say where the charts are:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "Benchmark") || strings.Contains(stdout.String(), "wrote") {
		t.Errorf("results on stderr or status on stdout:\nstdout %s\nstderr %s", stdout.String(), stderr.String())
	}
}

// TestProgress checks what the bar draws on a terminal (simulated by a
// buffer) and that it draws nothing otherwise.
func TestProgress(t *testing.T) {
	c := harness.Case{Strategy: strategies.ErrGroup{}, N: 100, Work: 0, Procs: 2}
	for _, on := range []bool{true, false} {
		var buf bytes.Buffer
		p := newProgress(&buf, on)
		p.update(harness.Progress{Phase: "sample", Case: c, Done: 0, Total: 4})
		p.update(harness.Progress{Phase: "sample", Case: c, Done: 2, Total: 4})
		p.finish()
		got := buf.String()
		if !on {
			if got != "" {
				t.Errorf("disabled bar drew %q", got)
			}
			continue
		}
		for _, want := range []string{"sample", c.Name(), "50%", "(2/4"} {
			if !strings.Contains(got, want) {
				t.Errorf("bar %q lacks %q", got, want)
			}
		}
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
}

// assertNoTemp fails if a temporary output file was left in dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	if m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(m) > 0 {
		t.Errorf("temporary files left behind: %v", m)
	}
}

// TestRunCustomDefaultName: a run whose flags change the preset's sweep is
// labelled and named "custom", so it never overwrites the quick preset's
// file; an explicitly empty -o is bad usage.
func TestRunCustomDefaultName(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, _, stderr := runCLI(t, context.Background(), tiny...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	path := defaultOutput("custom", time.Now())
	d, err := report.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if res := parseFile(t, path); len(res) != 4 || d.MetaValue("preset") != "custom" {
		t.Errorf("%s: %d results, preset %q; want 4 and custom", path, len(res), d.MetaValue("preset"))
	}
	if _, err := os.Stat(defaultOutput("quick", time.Now())); err == nil {
		t.Errorf("a custom run wrote the quick preset's file")
	}
	code, _, stderr := runCLI(t, context.Background(), append(append([]string{}, tiny...), "-o", "")...)
	if code != exitUsage || !strings.Contains(stderr, "-o: empty file name") {
		t.Errorf("-o \"\": exit %d, stderr %q; want 2 and a message", code, stderr)
	}
}
