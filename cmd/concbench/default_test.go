package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/report"
)

// small is a sweep for the default command small enough to take well
// under a second: every flag here is one of run's.
var small = []string{"-strategies", "sequential,static-partition", "-n", "100,1000", "-work", "0", "-count", "2", "-precision", "0", "-time", "2ms"}

// TestDefault runs the default command through run: a file named for the
// date and machine under results/, the report on stdout, the charts in a
// directory beside the file, and a hint on stderr that, run as printed,
// writes the HTML page into that directory without flooding stdout.
func TestDefault(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := runCLI(t, t.Context(), small...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	path := defaultOutput("custom", time.Now())
	if !regexp.MustCompile(`^results/\d{4}-\d\d-\d\d-[a-z0-9.-]+-custom\.txt$`).MatchString(filepath.ToSlash(path)) {
		t.Errorf("default output %q does not name date and machine", path)
	}
	if res := parseFile(t, path); len(res) != 8 {
		t.Errorf("%s: %d results, want 8", path, len(res))
	}
	for _, want := range []string{"verdict:", "ns/item, work=0", "speedup over sequential", "break-even n", "static-partition"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	dir := strings.TrimSuffix(path, ".txt")
	for _, chart := range []string{"nsitem-work0.svg", "nsitem-work0.png", "overhead-work0.svg"} {
		if _, err := os.Stat(filepath.Join(dir, chart)); err != nil {
			t.Errorf("chart missing: %v", err)
		}
	}
	if strings.Contains(stderr, "Benchmark") || strings.Contains(stdout, "wrote") {
		t.Errorf("results on stderr or status on stdout:\nstdout %s\nstderr %s", stdout, stderr)
	}

	_, hint, ok := strings.Cut(stderr, "charts (SVG and PNG) to "+dir+"/; one page with the report and all of them: concbench ")
	if !ok {
		t.Fatalf("stderr does not say where the charts are and how to see them in one page:\n%s", stderr)
	}
	args := strings.Fields(hint)
	want := []string{"report", "-format", "html", "-o", filepath.Join(dir, "report.html"), path}
	if strings.Join(args, " ") != strings.Join(want, " ") {
		t.Errorf("hint %q, want concbench %q", hint, want)
	}
	code, stdout, stderr = runCLI(t, t.Context(), args...)
	if want := "concbench: wrote the html report to " + filepath.Join(dir, "report.html") + "\n"; code != exitOK || stdout != "" || stderr != want {
		t.Fatalf("the hint as printed: exit %d, %d bytes on stdout, stderr %q; want 0 and %q", code, len(stdout), stderr, want)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || !strings.HasPrefix(string(page), "<!DOCTYPE html>") || !strings.Contains(string(page), "<svg") {
		t.Errorf("the hint wrote no HTML page with charts: %v", err)
	}
}

// TestDefaultFlags: the default command takes run's flags, and rejects
// what run would, in one line naming the problem.
// closing matches the one line -q keeps on stderr: where the charts went
// and the command that makes the HTML page.
func closing(dir string) *regexp.Regexp {
	d := regexp.QuoteMeta(dir)
	return regexp.MustCompile(`^concbench: wrote \d+ charts \(SVG and PNG\) to ` + d + `/; one page with the report and all of them: .* report -format html -o ` + d + `/report\.html \S+\n$`)
}

func TestDefaultFlags(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr *regexp.Regexp // nil: anything
		files  []string       // files that must exist afterwards, relative to the test's directory
	}{
		{"q", []string{"-q"}, exitOK, closing(strings.TrimSuffix(defaultOutput("custom", time.Now()), ".txt")), []string{defaultOutput("custom", time.Now())}},
		{"o", []string{"-q", "-o", "mine.txt"}, exitOK, closing("mine"), []string{"mine.txt", "mine/nsitem-work0.svg"}},
		{"o-force", []string{"-q", "-o", "old.txt", "-force"}, exitOK, closing("old"), []string{"old.txt", "old/nsitem-work0.svg"}},
		{"o-exists", []string{"-q", "-o", "old.txt"}, exitUsage, regexp.MustCompile(`^concbench: -o old.txt: exists; concbench does not replace results`), nil},
		{"o-no-extension", []string{"-q", "-o", "mine"}, exitUsage, regexp.MustCompile(`^concbench: -o mine: has no extension to drop for the chart directory's name \(e\.g\. -o mine\.txt\)\n$`), nil},
		{"python-missing", []string{"-q", "-python"}, exitOK, regexp.MustCompile(`^concbench: -python: python3 not found in PATH; skipping the Python peer`), nil},
		{"unknown-flag", []string{"-colour"}, exitUsage, regexp.MustCompile(`^concbench: unknown flag -colour \(valid: -budget, -chunk, -count, .*-q, .*\)\n$`), nil},
		{"bad-value", []string{"-count", "0"}, exitUsage, regexp.MustCompile(`^concbench: -count: 0 is not a positive integer`), nil},
		{"command-after-flags", []string{"-q", "report"}, exitUsage, regexp.MustCompile(`^concbench: unexpected argument "report": the command comes first \(concbench report \[flags\]\)\n$`), nil},
		{"argument", []string{"-q", "now"}, exitUsage, regexp.MustCompile(`^concbench: unexpected argument "now" \(valid commands: run, list, report, plot, version, help; `), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			t.Setenv("PATH", t.TempDir()) // no python3
			const old = "earlier results\n"
			if err := os.WriteFile("old.txt", []byte(old), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runCLI(t, t.Context(), append(append([]string{}, small...), tt.args...)...)
			if code != tt.code || tt.stderr != nil && !tt.stderr.MatchString(stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %v", code, stderr, tt.code, tt.stderr)
			}
			if code != exitOK {
				if stdout != "" || strings.Count(stderr, "\n") != 1 {
					t.Errorf("stdout %q, stderr %q; want one line on stderr only", stdout, stderr)
				}
				if got, _ := os.ReadFile("old.txt"); string(got) != old {
					t.Errorf("old.txt now %q", got)
				}
				if _, err := os.Stat("results"); err == nil {
					t.Errorf("bad usage created results/")
				}
				return
			}
			if !strings.Contains(stdout, "verdict:") {
				t.Errorf("no report on stdout:\n%s", stdout)
			}
			for _, f := range tt.files {
				if _, err := os.Stat(f); err != nil {
					t.Error(err)
				}
			}
			for _, f := range tt.files {
				if filepath.Ext(f) == ".txt" {
					if _, err := report.Load(f); err != nil {
						t.Errorf("%s: %v", f, err)
					}
				}
			}
		})
	}
}

// TestHelpFlag: a leading -h (or -help, or one after run's flags) prints
// the command list on stdout, and nothing is measured.
func TestHelpFlag(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-help"}, {"--help"}, {"-q", "-h"}, {"help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Chdir(t.TempDir())
			code, stdout, stderr := runCLI(t, context.Background(), args...)
			if code != exitOK || stderr != "" || !strings.Contains(stdout, "\ncommands:\n  run ") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0 and the command list", code, stdout, stderr)
			}
			if _, err := os.Stat("results"); err == nil {
				t.Errorf("-h measured")
			}
		})
	}
}

// TestSelf: the hint names the program as the user can run it again.
func TestSelf(t *testing.T) {
	checkout := t.TempDir()
	if err := os.MkdirAll(filepath.Join(checkout, "cmd", "concbench"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(checkout, "cmd", "concbench", "doc.go"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, argv0, want string
	}{
		{"go-run-in-checkout", checkout, "/tmp/go-build1234/b001/exe/concbench", "go run ./cmd/concbench"},
		{"go-run-elsewhere", t.TempDir(), "/tmp/go-build1234/b001/exe/concbench", "concbench"},
		{"installed", checkout, "/home/me/go/bin/concbench", "concbench"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.dir)
			if got := self(tt.argv0); got != tt.want {
				t.Errorf("self(%q) = %q, want %q", tt.argv0, got, tt.want)
			}
		})
	}
}

func TestShellJoin(t *testing.T) {
	tests := []struct {
		words []string
		want  string
	}{
		{[]string{"concbench", "report", "-o", "results/a-b.txt"}, "concbench report -o results/a-b.txt"},
		{[]string{"go run ./cmd/concbench", "report", "my results/x.txt"}, "go run ./cmd/concbench report 'my results/x.txt'"},
		{[]string{"concbench", "it's", ""}, `concbench 'it'\''s' ''`},
	}
	for _, tt := range tests {
		if got := shellJoin(tt.words); got != tt.want {
			t.Errorf("shellJoin(%q) = %s, want %s", tt.words, got, tt.want)
		}
	}
}
