package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/outfile"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// tiny is a run small enough to take well under a second.
var tiny = []string{"run", "-strategies", "sequential,static-partition", "-n", "100", "-work", "0", "-count", "2", "-precision", "0", "-time", "2ms", "-q"}

func TestRunWritesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	code, stdout, stderr := runCLI(t, context.Background(), append(tiny, "-o", out)...)
	if want := "concbench: wrote 4 samples to " + out + "\n"; code != exitOK || stdout != "" || stderr != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and only the closing line under -q, %q", code, stdout, stderr, want)
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
	if code != exitOK || stdout != "" || withoutProgress(stderr) != "concbench: wrote 4 samples to "+out+"\n" {
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
		{"work-negative", []string{"-work", "-1"}, `-work: "-1" is neither LCG rounds >= 0 nor a duration above 0 and at most 10ms`},
		{"work-time-zero", []string{"-work", "100,0s"}, `-work: "0s" is neither LCG rounds >= 0 nor a duration`},
		{"work-time-huge", []string{"-work", "1s"}, `-work: "1s" is neither LCG rounds >= 0 nor a duration above 0 and at most 10ms`},
		{"work-no-unit-typo", []string{"-work", "2u"}, `-work: "2u" is neither`},
		{"work-empty", []string{"-work", " "}, "-work: empty list"},
		{"skew-unknown", []string{"-skew", "uniform,sideways"}, `-skew: "sideways" is not a skew (valid: uniform, increasing, heavy-tail, straggler)`},
		{"skew-empty", []string{"-skew", ""}, `-skew: "" is not a skew`},
		{"skew-too-heavy", []string{"-skew", "straggler", "-n", "1000000", "-work", "1000"}, "skew straggler at n=1000000, work=1000 gives an item"},
		{"chunk-zero", []string{"-chunk", "auto,0"}, `-chunk: "0" is not auto or an integer >= 1`},
		{"chunk-word", []string{"-chunk", "big"}, `-chunk: "big" is not auto or an integer >= 1`},
		{"chunk-twice", []string{"-chunk", "auto,8,auto"}, `-chunk: auto is listed twice in "auto,8,auto"`},
		{"skew-twice", []string{"-skew", "increasing,uniform,increasing"}, `-skew: increasing is listed twice`},
		{"work-twice", []string{"-work", "2us,100,2us"}, `-work: 2us is listed twice`},
		{"procs-zero", []string{"-procs", "0"}, `-procs: "0" is not a positive integer (want comma-separated values, e.g. -procs 1,2)`},
		{"workers-negative", []string{"-workers", "-3"}, `-workers: "-3" is not an integer >= 0`},
		{"count-zero", []string{"-count", "0"}, "-count: 0 is not a positive integer"},
		{"count-not-numeric", []string{"-count", "many"}, `invalid value "many" for flag -count`},
		{"time-zero", []string{"-time", "0s"}, "-time: 0s is not a positive duration"},
		{"time-negative", []string{"-time", "-1s"}, "-time: -1s is not a positive duration"},
		{"preset", []string{"-preset", "huge"}, `unknown preset "huge" (valid: quick, seed, full, alloc, io)`},
		{"unknown-flag", []string{"-cpu", "2"}, "unknown flag -cpu (valid: -budget, -chunk, -count, -force, -max-count, -n, -o, -out, -precision, -preset, -procs, -python, -q, -skew, -strategies, -time, -wait, -work, -workers)"},
		{"wait-negative", []string{"-wait", "0,-1ms"}, `-wait: "-1ms" is not a duration >= 0 (want comma-separated durations, each >= 0, e.g. -wait 0,1ms)`},
		{"wait-no-unit", []string{"-wait", "5"}, `-wait: "5" is not a duration >= 0`},
		{"wait-empty", []string{"-wait", ""}, "-wait: empty list"},
		{"wait-huge", []string{"-wait", "1ms,2s"}, "wait 2s is not between 0 and 1s"},
		{"precision-negative", []string{"-precision", "-1"}, "-precision: -1 is not a percentage"},
		{"precision-nan", []string{"-precision", "NaN"}, "-precision: NaN is not a percentage"},
		{"max-count-zero", []string{"-max-count", "0"}, "-max-count: 0 is not a positive integer"},
		{"max-count-below-count", []string{"-max-count", "5", "-count", "10"}, "concbench: -max-count 5 is below -count 10: every case gets -count samples, so the most it may get cannot be fewer\n"},
		{"budget-zero", []string{"-budget", "0s"}, "-budget: 0s is not a positive duration"},
		{"out-unknown", []string{"-out", "reuse,cached"}, `-out: "cached" is not an output (valid: reuse, fresh)`},
		{"work-huge", []string{"-work", "100000000"}, "-work: 100000000 is above 10000000"},
		{"size-huge", []string{"-n", "9223372036854775807"}, "-n: 9223372036854775807 is above"},
		{"size-2^62", []string{"-n", "4611686018427387904"}, "-n: 4611686018427387904 is above 1073741824"},
		{"size-twice", []string{"-n", "1000,1000"}, `-n: 1000 is listed twice in "1000,1000"`},
		{"work-twice", []string{"-work", "0, 100,0"}, `-work: 0 is listed twice`},
		{"wait-twice", []string{"-wait", "1ms,1000us"}, `-wait: 1000us is listed twice`},
		{"out-twice", []string{"-out", "reuse,reuse"}, `-out: reuse is listed twice`},
		{"argument", []string{"now"}, `unexpected argument "now"`},
		{"duplicate-strategy", []string{"-strategies", "sequential, errgroup,sequential"}, `-strategies: sequential is listed twice in "sequential, errgroup,sequential"`},
		{"unwritable-output", []string{"-o", "{dir}/missing/out.txt"}, "cannot write in {dir}/missing: no such file or directory (want a path in an existing, writable directory)"},
		// The kernel resolves sub/.. through sub, which is missing;
		// filepath.Clean would drop both and find {dir}.
		{"output-dotdot-missing", []string{"-o", "{dir}/./sub/../out.txt"}, "cannot write in {dir}/./sub/..: no such file or directory"},
		{"output-below-file", []string{"-o", "{dir}/precious.txt/out.txt"}, "-o {dir}/precious.txt/out.txt: not a directory"},
		{"output-is-dir", []string{"-o", "{dir}"}, "is a directory (want a file path)"},
		{"output-exists", nil, "precious.txt: exists; concbench does not replace results (give a new name, or -force to replace it once the run completes)"},
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
// samples are in the file, it parses, and stderr says how many. With
// -force over a complete file, the partial run takes a new name and the
// complete file stays.
func TestRunInterrupted(t *testing.T) {
	tests := []struct {
		name  string
		force bool
	}{{"new-file", false}, {"force-over-complete", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out, kept := filepath.Join(dir, "out.txt"), filepath.Join(dir, "out.txt")
			args := []string{"run", "-strategies", "sequential", "-n", "100", "-work", "0", "-count", "100000", "-time", "5ms", "-q", "-o", out}
			const old = "earlier results\n"
			tail := ""
			if tt.force {
				if err := os.WriteFile(out, []byte(old), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "-force")
				kept = filepath.Join(dir, "out-2.txt")
				tail = "; " + out + " is as it was (only a complete run replaces it)"
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go cancelAfterSamples(ctx, cancel, dir, 2)
			code, stdout, stderr := runCLI(t, ctx, args...)
			if code != exitInterrupted || stdout != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 130", code, stdout, stderr)
			}
			m := regexp.MustCompile(`^concbench: interrupted: kept (\d+) of 100000 samples in ` + regexp.QuoteMeta(kept+tail) + `\n$`).FindStringSubmatch(stderr)
			if m == nil {
				t.Fatalf("stderr %q does not say how many samples were kept where", stderr)
			}
			n, _ := strconv.Atoi(m[1])
			res := parseFile(t, kept)
			if len(res) != n || n < 2 {
				t.Errorf("file holds %d results, stderr says %d; want equal and at least 2", len(res), n)
			}
			for _, r := range res {
				if len(r.Values) != 5 {
					t.Errorf("incomplete sample %s: %d values", r.Name, len(r.Values))
				}
			}
			if got, _ := os.ReadFile(out); tt.force && string(got) != old {
				t.Errorf("%s now %q; a partial run replaced a complete one", out, got)
			}
			assertNoTemp(t, dir)
		})
	}
}

// cancelAfterSamples calls cancel once a temporary file in dir holds n
// samples.
func cancelAfterSamples(ctx context.Context, cancel func(), dir string, n int) {
	defer cancel()
	for ctx.Err() == nil && tempSamples(dir) < n {
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRunInterruptedEarly cancels before any sample: nothing is written,
// the claimed name is free again, and with -force the old file stays.
func TestRunInterruptedEarly(t *testing.T) {
	for _, force := range []bool{false, true} {
		t.Run(fmt.Sprintf("force=%v", force), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.txt")
			const old = "earlier results\n"
			args := append(tiny, "-o", out)
			want := "concbench: interrupted: no sample finished; nothing written\n"
			if force {
				if err := os.WriteFile(out, []byte(old), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "-force")
				want = "concbench: interrupted: no sample finished; nothing written; " + out + " is as it was (only a complete run replaces it)\n"
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			code, _, stderr := runCLI(t, ctx, args...)
			if code != exitInterrupted || stderr != want {
				t.Errorf("exit %d, stderr %q; want 130 and %q", code, stderr, want)
			}
			got, err := os.ReadFile(out)
			if force && string(got) != old || !force && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s now %q, %v; want it as it was", out, got, err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != map[bool]int{false: 0, true: 1}[force] {
				t.Errorf("%s holds %v; want the claimed name given back", dir, entries)
			}
		})
	}
}

// TestRunMismatch: a strategy that disagrees with sequential fails the run
// (exit 1) before anything is written.
func TestRunMismatch(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.txt")
	cfg := harness.Config{Strategies: []strategies.Strategy{strategies.Sequential{}, wrong{}}, Sizes: []int{10}, Works: []int{0}, Count: 1, SampleTime: time.Millisecond}
	_, err := sweep(context.Background(), cfg, outfile.Spec{Path: out}, sweepOptions{quiet: true}, &bytes.Buffer{})
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

// TestRunNeverReplaces: a results file is never replaced or truncated by
// a later run. The default name takes the next number (with its own chart
// directory) when a complete or an interrupted run comes after; -o onto an
// existing file, even a read-only one, is refused; -force replaces it with
// a complete run.
func TestRunNeverReplaces(t *testing.T) {
	t.Run("default-name", func(t *testing.T) {
		t.Chdir(t.TempDir())
		first := defaultOutput("custom", time.Now())
		if code, _, stderr := runCLI(t, t.Context(), tiny...); code != exitOK {
			t.Fatalf("first run: exit %d: %s", code, stderr)
		}
		complete, _ := os.ReadFile(first)
		// The same custom sweep again on the same day: a new name.
		if code, _, stderr := runCLI(t, t.Context(), tiny...); code != exitOK {
			t.Fatalf("second run: exit %d: %s", code, stderr)
		}
		second := outfile.Numbered(first, 2)
		if res := parseFile(t, second); len(res) != 4 {
			t.Errorf("%s: %d results, want 4", second, len(res))
		}
		// A chart directory of an earlier run keeps its name taken too.
		third, _ := chartDir(outfile.Numbered(first, 3))
		if err := os.Mkdir(third, 0o755); err != nil {
			t.Fatal(err)
		}
		// An interrupted run: its partial file takes the fourth name.
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go cancelAfterSamples(ctx, cancel, "results", 2)
		args := []string{"run", "-strategies", "sequential", "-n", "100", "-work", "0", "-count", "100000", "-time", "5ms", "-q"}
		code, _, stderr := runCLI(t, ctx, args...)
		if code != exitInterrupted || !strings.Contains(stderr, " samples in "+outfile.Numbered(first, 4)+"\n") {
			t.Errorf("interrupted run: exit %d, stderr %q; want 130 and the fourth name", code, stderr)
		}
		if got, _ := os.ReadFile(first); !bytes.Equal(got, complete) {
			t.Errorf("%s changed", first)
		}
	})
	t.Run("o-read-only", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "out.txt")
		if err := os.WriteFile(out, []byte("earlier results\n"), 0o444); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out)...)
		if code != exitUsage || !strings.Contains(stderr, "out.txt: exists; concbench does not replace results") {
			t.Errorf("exit %d, stderr %q; want 2 and a refusal", code, stderr)
		}
		if got, _ := os.ReadFile(out); string(got) != "earlier results\n" {
			t.Errorf("file now %q", got)
		}
		code, _, stderr = runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out, "-force")...)
		if want := "concbench: wrote 4 samples to " + out + "\n"; code != exitOK || stderr != want {
			t.Fatalf("-force: exit %d, stderr %q, want %q", code, stderr, want)
		}
		if res := parseFile(t, out); len(res) != 4 {
			t.Errorf("-force: %d results, want the new run's 4", len(res))
		}
		assertNoTemp(t, dir)
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s holds %v, want only out.txt", dir, entries)
		}
	})
}

// TestRunConcurrent starts two runs onto one path at once: exactly one
// claims it and completes; the other is refused before it measures.
func TestRunConcurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "same.txt")
	args := append(append([]string{}, tiny...), "-o", out)
	codes := make(chan int, 2)
	var stderrs [2]string
	for i := range 2 {
		go func() {
			var code int
			code, _, stderrs[i] = runCLI(t, t.Context(), args...)
			codes <- code
		}()
	}
	got := map[int]int{}
	for range 2 {
		got[<-codes]++
	}
	if got[exitOK] != 1 || got[exitUsage] != 1 {
		t.Errorf("exit codes %v, want one 0 and one 2; stderr %q", got, stderrs)
	}
	if res := parseFile(t, out); len(res) != 4 {
		t.Errorf("%d results, want one run's 4", len(res))
	}
}

// TestRunPathAsKernel: -o is resolved as the kernel resolves it. Through a
// symbolic link, link/../x.txt is in the link target's parent, where
// filepath.Clean would put it beside the link.
func TestRunPathAsKernel(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a/b", "c"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "a", "b"), filepath.Join(dir, "c", "link")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "c") + "/link/../x.txt"
	if code, _, stderr := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if res := parseFile(t, filepath.Join(dir, "a", "x.txt")); len(res) != 4 {
		t.Errorf("a/x.txt: %d results, want 4", len(res))
	}
	if _, err := os.Stat(filepath.Join(dir, "c", "x.txt")); err == nil {
		t.Errorf("wrote c/x.txt, the cleaned path")
	}
	assertNoTemp(t, filepath.Join(dir, "a"))
}

// TestSweepStopsAtOnce: a first interrupt waits for the measurement in
// progress, a second one (the interrupt's again) does not. The meter here
// blocks in the middle of the sweep, like a sample that would take minutes,
// and ignores the context: only the second interrupt can end the sweep,
// which then keeps the samples written before it and leaves no temporary
// file.
func TestSweepStopsAtOnce(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.txt")
	blocked, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	meter := func(_ harness.Case, iters int, _ func() error) (harness.Measurement, error) {
		if calls.Add(1) == 6 {
			close(blocked)
			<-release
		}
		return harness.Measurement{Elapsed: time.Duration(iters) * time.Millisecond}, nil
	}
	cfg := harness.Config{Strategies: []strategies.Strategy{strategies.Sequential{}}, Sizes: []int{10}, Works: []int{0},
		Count: 100, Precision: -1, SampleTime: time.Millisecond, Meter: meter}
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	in := &interrupt{sig: syscall.SIGINT, again: make(chan struct{})}
	go func() {
		<-blocked
		cancel(in)
		close(in.again)
	}()
	errc := make(chan error, 1)
	go func() {
		_, err := sweep(ctx, cfg, outfile.Spec{Path: out}, sweepOptions{quiet: true}, io.Discard)
		errc <- err
	}()
	var err error
	select {
	case err = <-errc:
	case <-time.After(30 * time.Second):
		close(release)
		t.Fatal("the second interrupt did not stop the sweep")
	}
	close(release) // the abandoned measurement ends, and its goroutine with it
	var stderr bytes.Buffer
	code := exitCode(ctx, err, &stderr)
	m := regexp.MustCompile(`^concbench: interrupted by SIGINT: stopped at once: kept (\d+) samples in ` + regexp.QuoteMeta(out) + "\n$").FindStringSubmatch(stderr.String())
	if code != exitInterrupted || m == nil {
		t.Fatalf("exit %d, stderr %q; want 130 and the samples kept", code, stderr.String())
	}
	kept, _ := strconv.Atoi(m[1])
	if res := parseFile(t, out); len(res) != kept || kept == 0 {
		t.Errorf("file holds %d results, stderr says %d", len(res), kept)
	}
	assertNoTemp(t, dir)
}
