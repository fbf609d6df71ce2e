package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunPython: with -python, the Python peer's samples land in the same
// file as Go's, under the same configuration, so one report shows both.
func TestRunPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not in PATH: skipping the Python peer test (install Python 3 to run it)")
	}
	out := filepath.Join(t.TempDir(), "py.txt")
	args := []string{"run", "-strategies", "sequential", "-n", "20", "-work", "0", "-procs", "2", "-count", "2", "-time", "5ms", "-q", "-python", "-o", out}
	if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	res := parseFile(t, out)
	count := map[string]int{}
	for _, r := range res {
		s, _, _ := strings.Cut(strings.TrimPrefix(r.Name.String(), "Map/strategy="), "/")
		count[s]++
		if r.GetConfig("date") != res[0].GetConfig("date") || r.GetConfig("cpu") != res[0].GetConfig("cpu") {
			t.Errorf("%s: configuration differs from the Go samples'", r.Name)
		}
	}
	for _, s := range []string{"sequential", "python-sequential", "python-partial", "python-callable"} {
		if count[s] != 2 {
			t.Errorf("%d samples of %s, want 2 (all: %v)", count[s], s, count)
		}
	}
}

// TestRunPythonAbsent: without python3, -python says so and the Go run still
// lands.
func TestRunPythonAbsent(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(t.TempDir(), "go-only.txt")
	args := append(append([]string{}, tiny...), "-python", "-o", out)
	code, stdout, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "python3 not found") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr %q, want one line saying python3 was not found", stderr)
	}
	if res := parseFile(t, out); len(res) != 4 {
		t.Errorf("%d results, want the 4 Go samples", len(res))
	}
}
