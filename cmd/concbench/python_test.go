package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunPython: with -python, the Python peer's samples land in the same
// file as Go's, under the same configuration, so one report shows both.
func TestRunPython(t *testing.T) {
	needE2E(t, "runs python3")
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not in PATH: skipping the Python peer test (install Python 3 to run it)")
	}
	out := filepath.Join(t.TempDir(), "py.txt")
	args := []string{"run", "-strategies", "sequential", "-n", "20", "-work", "0", "-procs", "2", "-count", "2", "-precision", "0", "-time", "5ms", "-q", "-python", "-o", out}
	if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	res := parseFile(t, out)
	count := map[string]int{}
	for _, r := range res {
		s, _, _ := strings.Cut(strings.TrimPrefix(r.Name.String(), "Map/strategy="), "/")
		count[s]++
		if r.GetConfig("goos") != res[0].GetConfig("goos") || r.GetConfig("cpu") != res[0].GetConfig("cpu") {
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

// TestRunPythonStatusLine checks that with -python the closing line counts
// the Python samples too, so it matches the file.
func TestRunPythonStatusLine(t *testing.T) {
	needE2E(t, "runs python3")
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found in PATH: skipping the Python peer's status line")
	}
	out := filepath.Join(t.TempDir(), "out.txt")
	args := append(tiny[:len(tiny)-1:len(tiny)-1], "-python", "-o", out) // without -q
	code, _, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	res := parseFile(t, out)
	total, py := len(res), 0
	for _, r := range res {
		if strings.Contains(r.Name.String(), "strategy=python-") {
			py++
		}
	}
	if py == 0 {
		t.Fatalf("no Python results in %s; stderr %q", out, stderr)
	}
	want := fmt.Sprintf("concbench: wrote %d samples (%d Go, %d Python) to %s\n", total, total-py, py, out)
	if !strings.HasSuffix(stderr, want) {
		t.Errorf("stderr %q, want it to end with %q", stderr, want)
	}
}

// TestRunPythonMissing checks that -python without python3 says so, keeps
// the Go samples, and ends with the plain status line.
func TestRunPythonMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(t.TempDir(), "out.txt")
	args := append(tiny[:len(tiny)-1:len(tiny)-1], "-python", "-o", out) // without -q
	code, _, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, "python3 not found in PATH; skipping the Python peer") {
		t.Errorf("stderr %q does not say python3 is missing", stderr)
	}
	if want := "concbench: wrote 4 samples to " + out + "\n"; !strings.HasSuffix(stderr, want) {
		t.Errorf("stderr %q, want it to end with %q", stderr, want)
	}
}

// TestRunPythonFails checks that a failing Python peer does not cost the
// Go sweep: the Go samples are written, and the error says where.
func TestRunPythonFails(t *testing.T) {
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "python3"), []byte("#!/bin/sh\necho broken >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	out := filepath.Join(t.TempDir(), "out.txt")
	code, _, stderr := runCLI(t, context.Background(), append(tiny, "-python", "-o", out)...)
	if code != exitFailure || !strings.Contains(stderr, "the 4 Go samples are in "+out) {
		t.Errorf("exit %d, stderr %q; want %d and where the Go samples are", code, stderr, exitFailure)
	}
	if res := parseFile(t, out); len(res) != 4 {
		t.Errorf("%s holds %d results, want the 4 Go samples", out, len(res))
	}
}
