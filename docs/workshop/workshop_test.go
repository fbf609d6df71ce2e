// Package workshop_test checks the workshop exercises in the directories
// beside it: that each is complete, and that each frozen check fails on the
// starter, passes on the reference solution and fails on every wrong answer
// kept beside them (wrong_*.go).
//
// The exercises' own files all carry the "workshop" build tag, so a plain
// go test ./... never builds them; TestExercisesBothWays runs them in child
// go commands, each README's own, with -race. It takes a minute or two on 2
// cores (building every version under the race detector, and the few wrong
// answers that can only be caught on the real clock wait probe.Patience
// before they fail), so it runs only when CONCBENCH_E2E=1, as .ci/run sets.
package workshop_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// exerciseDir matches an exercise's directory name: NN-name.
var exerciseDir = regexp.MustCompile(`^[0-9]{2}-[a-z0-9-]+$`)

// wrongFile matches a wrong answer's file name; the part after "wrong_" is
// its build tag's suffix.
var wrongFile = regexp.MustCompile(`^wrong_([a-z0-9]+)\.go$`)

// exercises returns the exercise directories, in order.
func exercises(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && exerciseDir.MatchString(e.Name()) {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) < 9 {
		t.Fatalf("found %d exercise directories (%v), want at least 9", len(dirs), dirs)
	}
	return dirs
}

// wrongAnswers returns the build tags of an exercise's wrong answers, one
// per wrong_NAME.go file: "wrong_NAME".
func wrongAnswers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, e := range entries {
		if m := wrongFile.FindStringSubmatch(e.Name()); m != nil {
			tags = append(tags, "wrong_"+m[1])
		}
	}
	return tags
}

// checkCommand returns the one command the exercise's README tells the
// learner to run: a line of its own that starts with "go test -tags
// workshop" and ends with the exercise's package path.
func checkCommand(t *testing.T, dir string) []string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	suffix := " ./docs/workshop/" + dir + "/"
	var cmds []string
	for line := range strings.Lines(string(readme)) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "go test -tags workshop ") && strings.HasSuffix(line, suffix) {
			cmds = append(cmds, line)
		}
	}
	if len(cmds) != 1 {
		t.Fatalf("%s/README.md: found %d check commands (lines 'go test -tags workshop ...%s'), want exactly 1: %q", dir, len(cmds), suffix, cmds)
	}
	return strings.Fields(cmds[0])
}

// withTags returns the check command with its "-tags workshop" replaced by
// "-tags workshop,EXTRA" and -count=1 added, without the leading "go".
func withTags(cmd []string, extra string) []string {
	args := []string{cmd[1], "-count=1"}
	for i, a := range cmd[2:] {
		if a == "workshop" && cmd[2+i-1] == "-tags" && extra != "" {
			a += "," + extra
		}
		args = append(args, a)
	}
	return args
}

// buildLine returns the //go:build line of a Go source file, or "".
func buildLine(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(src)) {
		if strings.HasPrefix(line, "//go:build ") {
			return strings.TrimSpace(line)
		}
		if strings.HasPrefix(line, "package ") {
			break
		}
	}
	return ""
}

func TestExerciseFiles(t *testing.T) {
	for _, dir := range exercises(t) {
		t.Run(dir, func(t *testing.T) {
			for _, f := range []struct {
				name string
				tags []string // what the //go:build line must contain
			}{
				{"README.md", nil},
				{"starter.go", []string{"workshop", "!solution", "!wrong"}},
				{"solution.go", []string{"workshop", "solution"}},
				{"check_test.go", []string{"workshop"}},
				{"wrong_sequential.go", []string{"workshop", "wrong", "wrong_sequential"}},
			} {
				path := filepath.Join(dir, f.name)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("missing %s: %v", f.name, err)
					continue
				}
				requireTags(t, path, f.tags...)
			}
			for _, tag := range wrongAnswers(t, dir) {
				requireTags(t, filepath.Join(dir, tag+".go"), "workshop", "wrong", tag)
			}
			if src, err := os.ReadFile(filepath.Join(dir, "starter.go")); err == nil && !bytes.Contains(src, []byte("TODO")) {
				t.Errorf("starter.go has no TODO")
			}
			if cmd := checkCommand(t, dir); !slices.Contains(cmd, "-race") {
				t.Errorf("README.md's check command %q has no -race: every check needs the race detector", strings.Join(cmd, " "))
			}
		})
	}
}

// requireTags reports an error unless the file's //go:build line contains
// each of tags as a whole word ("wrong" is not found in "wrong_mutex").
func requireTags(t *testing.T, path string, tags ...string) {
	t.Helper()
	if len(tags) == 0 {
		return
	}
	line := buildLine(t, path)
	words := strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(" ()&|", r) })
	for _, tag := range tags {
		found := false
		for _, w := range words {
			found = found || w == tag
		}
		if !found {
			t.Errorf("%s: build line %q must contain %s", filepath.Base(path), line, tag)
		}
	}
}

// e2e reports whether the slow end-to-end tests should run.
func e2e(t *testing.T) {
	t.Helper()
	if os.Getenv("CONCBENCH_E2E") != "1" {
		t.Skip("set CONCBENCH_E2E=1 to run every exercise's check on its starter, solution and wrong answers (a few minutes; .ci/run sets it)")
	}
	if testing.Short() {
		t.Skip("-short")
	}
}

// outcome is one run of an exercise's check on one version of it.
type outcome struct {
	version string // "starter", "solution", or a wrong answer's tag
	args    []string
	out     string
	err     error
	took    time.Duration
}

// testFailed reports whether the check ran and failed: a test reported a
// failure, or the code under test panicked (a send on a closed channel in a
// worker kills the test binary before any test can report), as opposed to a
// build or setup failure.
func (o outcome) testFailed() bool {
	if o.err == nil || strings.Contains(o.out, "[build failed]") || strings.Contains(o.out, "[setup failed]") {
		return false
	}
	return strings.Contains(o.out, "--- FAIL") || strings.Contains(o.out, "\npanic: ")
}

// TestExercisesBothWays runs each README's check command on the starter and
// on every wrong answer, where it must fail with a test failure (not a
// build error), and with the solution tag added, where it must pass; and it
// vets each solution. It logs how long each run took.
func TestExercisesBothWays(t *testing.T) {
	e2e(t)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not found: %v", err)
	}
	// slots bounds the child go commands running at once: each builds a
	// test binary under the race detector, and fifty of them at once on 2
	// cores spend their time swapping, not building.
	slots := make(chan struct{}, 2*runtime.GOMAXPROCS(0)+2)
	for _, dir := range exercises(t) {
		cmd := checkCommand(t, dir)
		wrongs := wrongAnswers(t, dir)
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			run := func(version string, args []string) outcome {
				slots <- struct{}{}
				defer func() { <-slots }()
				ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
				defer cancel()
				c := exec.CommandContext(ctx, goTool, args...)
				c.Dir = filepath.Join("..", "..")
				start := time.Now()
				out, err := c.CombinedOutput()
				return outcome{version, args, string(out), err, time.Since(start)}
			}
			// The versions run at once, as far as slots allow: a few wrong
			// answers spend their time waiting (probe.Patience), not
			// computing.
			versions := append([]string{"starter", "solution"}, wrongs...)
			results := make([]outcome, len(versions))
			var wg sync.WaitGroup
			for i, v := range versions {
				tags := map[string]string{"starter": "", "solution": "solution"}[v]
				if strings.HasPrefix(v, "wrong_") {
					tags = "wrong," + v
				}
				wg.Go(func() { results[i] = run(v, withTags(cmd, tags)) })
			}
			wg.Wait()
			for _, o := range results {
				line := "go " + strings.Join(o.args, " ")
				switch {
				case o.version == "solution" && o.err != nil:
					t.Errorf("%s failed on the solution: %v\n%s", line, o.err, o.out)
				case o.version != "solution" && o.err == nil:
					t.Errorf("%s passed on the %s; the check must fail there", line, o.version)
				case o.version != "solution" && !o.testFailed():
					t.Errorf("%s failed on the %s without a test failure:\n%s", line, o.version, o.out)
				}
				status := "passes"
				if o.err != nil {
					status = "fails"
				}
				t.Logf("%-20s %s: the check took %s (%v with the build)", o.version, status, checkTime(o.out), o.took.Round(100*time.Millisecond))
			}
			if o := run("vet", []string{"vet", "-tags", "workshop,solution", "./docs/workshop/" + dir + "/"}); o.err != nil {
				t.Errorf("go vet of the solution: %v\n%s", o.err, o.out)
			}
		})
	}
}

// packageTime matches the line go test ends a package's output with, and
// captures the time the test binary ran.
var packageTime = regexp.MustCompile(`(?m)^(?:ok|FAIL)\s+\S+\s+([0-9.]+s)`)

// checkTime returns how long the check itself ran, as go test reports it,
// or "?" when the output has no such line (a build failure).
func checkTime(out string) string {
	if m := packageTime.FindStringSubmatch(out); m != nil {
		return m[1]
	}
	return "?"
}

func TestCheckTime(t *testing.T) {
	out := "--- FAIL: TestX (10.01s)\nFAIL\nFAIL\tgithub.com/concbench/concbench/docs/workshop/01-shared-state\t10.079s\nFAIL\n"
	if got := checkTime(out); got != "10.079s" {
		t.Errorf("checkTime(failure) = %q, want 10.079s", got)
	}
	if got := checkTime("ok  \tgithub.com/x/y\t1.036s\n"); got != "1.036s" {
		t.Errorf("checkTime(ok) = %q, want 1.036s", got)
	}
	if got := checkTime("# x\nfoo.go:1: undefined: y\nFAIL\tgithub.com/x/y [build failed]\n"); got != "?" {
		t.Errorf("checkTime(build failure) = %q, want ?", got)
	}
}

func TestWithTags(t *testing.T) {
	cmd := strings.Fields("go test -tags workshop -race ./docs/workshop/01-shared-state/")
	got := fmt.Sprint(withTags(cmd, "wrong,wrong_mutex"))
	want := "[test -count=1 -tags workshop,wrong,wrong_mutex -race ./docs/workshop/01-shared-state/]"
	if got != want {
		t.Errorf("withTags = %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(withTags(cmd, "")), "[test -count=1 -tags workshop -race ./docs/workshop/01-shared-state/]"; got != want {
		t.Errorf("withTags(no extra) = %s, want %s", got, want)
	}
}

func TestTestFailed(t *testing.T) {
	failed := errors.New("exit status 1")
	for _, tc := range []struct {
		name string
		o    outcome
		want bool
	}{
		{"pass", outcome{out: "ok  \tx\t1.0s\n"}, false},
		{"test failure", outcome{out: "--- FAIL: TestX (0.01s)\nFAIL\tx\t0.1s\n", err: failed}, true},
		{"panic", outcome{out: "=== RUN TestX\npanic: send on closed channel\n\ngoroutine 7 [running]:\nFAIL\tx\t0.1s\n", err: failed}, true},
		{"build failure", outcome{out: "x.go:1: undefined: y\nFAIL\tx [build failed]\n", err: failed}, false},
		{"setup failure", outcome{out: "FAIL\tx [setup failed]\n", err: failed}, false},
	} {
		if got := tc.o.testFailed(); got != tc.want {
			t.Errorf("%s: testFailed = %v, want %v", tc.name, got, tc.want)
		}
	}
}
