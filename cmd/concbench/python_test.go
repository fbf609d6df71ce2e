package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// needPython skips a test that runs python3 unless end-to-end tests are
// asked for (CONCBENCH_E2E=1, as .ci/run sets) and python3 is there.
func needPython(t *testing.T) {
	t.Helper()
	if os.Getenv("CONCBENCH_E2E") != "1" {
		t.Skip("runs python3: set CONCBENCH_E2E=1 to run the end-to-end tests")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not in PATH: skipping the Python peer test (install Python 3 to run it)")
	}
}

// TestRunPython: with -python, the Python peer's samples land in the same
// file as Go's, under the same configuration, so one report shows both.
func TestRunPython(t *testing.T) {
	needPython(t)
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
		if r.GetConfig("date") != res[0].GetConfig("date") || r.GetConfig("cpu") != res[0].GetConfig("cpu") {
			t.Errorf("%s: configuration differs from the Go samples'", r.Name)
		}
	}
	for _, s := range []string{"sequential", "python-sequential", "python-partial", "python-callable", "python-threads"} {
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
	if want := "concbench: wrote 4 samples to " + out + "\n"; !strings.Contains(stderr, "python3 not found") || !strings.HasSuffix(stderr, want) || strings.Count(stderr, "\n") != 2 {
		t.Errorf("stderr %q, want a line saying python3 was not found, then %q (-q keeps warnings and the closing line)", stderr, want)
	}
	if res := parseFile(t, out); len(res) != 4 {
		t.Errorf("%d results, want the 4 Go samples", len(res))
	}
}

// TestRunPythonStatusLine checks that with -python the closing line counts
// the Python samples too, so it matches the file.
func TestRunPythonStatusLine(t *testing.T) {
	needPython(t)
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

// TestRunPythonInterrupted interrupts run -python as a terminal's Ctrl-C
// does, with SIGINT to the whole process group, once Python has finished
// three samples (a stand-in python3 runs seed.py through
// harness/python/testdata/stop_after.py): exit 130, the Go samples and the
// three Python samples in the file, and no Python traceback.
func TestRunPythonInterrupted(t *testing.T) {
	needPython(t)
	bin := buildBinary(t)
	real, _ := exec.LookPath("python3")
	helper, err := filepath.Abs("../../harness/python/testdata/stop_after.py")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "python3"), []byte("#!/bin/sh\nexec '"+real+"' '"+helper+"' \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "py.txt")
	cmd := exec.Command(bin, "run", "-strategies", "sequential", "-n", "20", "-work", "0", "-procs", "2",
		"-count", "2", "-precision", "0", "-time", "1ms", "-python", "-o", out) // without -q, Python's stderr comes through
	cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, cmd, &stderr, func() bool { return strings.Contains(stderr.String(), "READY") })
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("wait: %v, want exit 130; stderr:\n%s", err, stderr.String())
	}
	if want := "concbench: interrupted by SIGINT: kept 2 Go samples and 3 Python samples in " + out + "\n"; !strings.HasSuffix(stderr.String(), want) {
		t.Errorf("stderr %q, want it to end with %q", stderr.String(), want)
	}
	if strings.Contains(stderr.String(), "Traceback") || strings.Contains(stderr.String(), "PoolWorker") {
		t.Errorf("Python printed a traceback:\n%s", stderr.String())
	}
	py := 0
	for _, r := range parseFile(t, out) {
		if strings.Contains(r.Name.String(), "strategy=python-") {
			py++
		}
	}
	if py != 3 {
		t.Errorf("%s holds %d Python samples, want the 3 finished", out, py)
	}
}

// syncBuffer is a bytes.Buffer safe for a process's output copier and a
// test reading it at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
