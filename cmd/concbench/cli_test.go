package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(func(int) { os.RemoveAll(binDir()) }))
}

// needE2E skips a slow end-to-end test (one that starts Python or a
// browser) unless CONCBENCH_E2E=1, as .ci/run sets, so that `go test ./...`
// stays fast.
func needE2E(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CONCBENCH_E2E") != "1" {
		t.Skipf("%s: set CONCBENCH_E2E=1 to run the end-to-end tests (.ci/run does)", what)
	}
}

// needOutsideE2E is needE2E for a test whose work all happens in other
// processes (a browser, a user's module under go test): under the race
// detector it skips, as there is nothing in this process for the detector
// to check, and .ci/run has already run it without -race.
func needOutsideE2E(t *testing.T, what string) {
	t.Helper()
	needE2E(t, what)
	if raceEnabled {
		t.Skipf("%s: runs in other processes, so -race checks nothing here; go test ./... runs it", what)
	}
}

// runCLI runs the command in-process and returns its exit code and output.
func runCLI(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenFile(t, filepath.Join("testdata", name), got)
}

// goldenFile compares got with the file at path, rewriting it under
// -update.
func goldenFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (rerun with -update if intended):\n%s", path, got)
	}
}

// withoutProgress drops the progress lines from stderr, which a slow
// machine may print in any run that takes more than progressEvery.
func withoutProgress(stderr string) string {
	return regexp.MustCompile(`(?m)^concbench: \d+% \(\d+/\d+ steps\), .*\n`).ReplaceAllString(stderr, "")
}

// parseFile reads a benchmark file, failing on syntax errors, and returns
// its results.
func parseFile(t *testing.T, path string) []*benchfmt.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := benchfmt.NewReader(f, path)
	var res []*benchfmt.Result
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("%v", rec)
		case *benchfmt.Result:
			res = append(res, rec.Clone())
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDocExamples runs the example session of the package doc, so the
// manual cannot drift from the command. The bare `concbench` (a minute of
// measuring) and non-concbench commands are skipped. Unless CONCBENCH_E2E=1,
// the sweeps are shrunk to one tiny n with short, few samples (flags given
// later win), so that go test ./... stays fast: the flags, files and
// commands are still the manual's, only the measuring is shorter.
func TestDocExamples(t *testing.T) {
	f, err := os.Open("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "//\t$ ")
		if !ok {
			continue
		}
		fields := strings.Fields(line)
		if fields[0] == "concbench" && len(fields) > 1 {
			cmds = append(cmds, fields[1:])
		}
	}
	if len(cmds) < 3 {
		t.Fatalf("found %d example commands in doc.go, want at least 3", len(cmds))
	}
	t.Chdir(t.TempDir())
	e2e := os.Getenv("CONCBENCH_E2E") == "1"
	for _, args := range cmds {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if isSweep(args) && !e2e {
				args = append(slices.Clone(args), shrinkSweep...)
			}
			code, stdout, stderr := runCLI(t, context.Background(), args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if args[0] == "list" && !strings.Contains(stdout, "sequential") {
				t.Errorf("list output lacks sequential:\n%s", stdout)
			}
			for i, a := range args {
				if a == "-o" && args[0] == "run" {
					if res := parseFile(t, args[i+1]); len(res) == 0 {
						t.Errorf("%s holds no results", args[i+1])
					}
				}
			}
		})
	}
}

// shrinkSweep are the flags TestDocExamples appends to a sweep outside the
// end-to-end tests: one n of 10 items, two samples of about a millisecond,
// no chasing of precision.
var shrinkSweep = []string{"-n", "10", "-count", "2", "-time", "1ms", "-precision", "0"}

// isSweep reports whether args measure: concbench run, or concbench with
// flags and no command.
func isSweep(args []string) bool {
	return args[0] == "run" || strings.HasPrefix(args[0], "-")
}

// TestHelp: every command's -h and help NAME come from its entry in the
// command table, on stdout with exit 0; so do the command list of -h and
// the list of valid commands and topics in the usage errors.
func TestHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name+" -h", func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), c.name, "-h")
			want := "usage: concbench " + c.usageLine + "\n\nconcbench " + c.name + ": " + c.short + ".\n"
			if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0 and %q on stdout", code, stdout, stderr, want)
			}
		})
	}
	for _, c := range append(commands(), topics()...) {
		t.Run("help "+c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), "help", c.name)
			var want strings.Builder
			c.writeManual(&want)
			if code != exitOK || stderr != "" || stdout != want.String() || !strings.Contains(stdout, strings.TrimSpace(c.long)) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0 and the manual's section", code, stdout, stderr)
			}
		})
	}
	_, stdout, _ := runCLI(t, context.Background(), "run", "-h")
	golden(t, "run-help.golden", []byte(stdout))
	_, stdout, _ = runCLI(t, context.Background(), "-h")
	golden(t, "usage.golden", []byte(stdout))
	for _, c := range append(commands(), topics()...) {
		if !strings.Contains(stdout, "\n  "+c.name+strings.Repeat(" ", 9-len(c.name))+c.short+"\n") {
			t.Errorf("concbench -h does not list %s with its short text", c.name)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lsit"}, `concbench: unknown command "lsit" (valid: run, list, report, plot, version, help; see concbench -h)` + "\n"},
		{[]string{"help", "nope"}, `concbench: help: unknown command or topic "nope" (valid: run, list, report, plot, version, help, format, files, exit, example)` + "\n"},
		{[]string{"help", "run", "list"}, `concbench: help: unexpected argument "list" (help takes at most one command or topic name)` + "\n"},
		{[]string{"format"}, `concbench: unknown command "format" (valid: run, list, report, plot, version, help; see concbench -h)` + "\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), tt.args...)
			if code != exitUsage || stdout != "" || stderr != tt.want {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, tt.want)
			}
		})
	}
}
