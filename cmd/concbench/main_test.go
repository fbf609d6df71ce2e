package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/outfile"
)

// binDir holds the real command, built once per test run for the tests
// that send it signals; TestMain removes it.
func binDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("concbench-test-%d", os.Getpid()))
}

// build builds the command into binDir, once.
var build = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir(), "concbench")
	// -buildvcs=auto stamps the VCS revision where it can, as a go build
	// in a checkout does by default, whatever GOFLAGS says: TestVersionBinary
	// reads it back.
	if out, err := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// buildBinary returns the path of the real command, for the tests that
// send it signals.
func buildBinary(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("signals cannot be sent on windows")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := build()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestSignals interrupts a run of the real binary with SIGINT, SIGTERM and
// SIGHUP once samples are on disk, and checks that each keeps the finished
// samples, says how many on stderr, exits with 128 + the signal's number
// and leaves no temporary file.
func TestSignals(t *testing.T) {
	bin := buildBinary(t)
	tests := []struct {
		sig  syscall.Signal
		name string
		code int
	}{
		{syscall.SIGINT, "SIGINT", 130},
		{syscall.SIGTERM, "SIGTERM", 143},
		{syscall.SIGHUP, "SIGHUP", 129},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.txt")
			cmd := exec.Command(bin, "run", "-strategies", "sequential,errgroup", "-n", "1000", "-work", "0",
				"-count", "100000", "-time", "5ms", "-q", "-o", out)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitFor(t, cmd, &stderr, func() bool { return tempSamples(dir) >= 3 })
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.code {
				t.Fatalf("wait: %v, want exit %d; stderr:\n%s", err, tt.code, stderr.String())
			}
			m := regexp.MustCompile(`^concbench: interrupted by ` + tt.name + `: kept (\d+) of 200000 samples in ` + regexp.QuoteMeta(out) + "\n$").FindStringSubmatch(stderr.String())
			if m == nil || stdout.Len() != 0 {
				t.Fatalf("stdout %q, stderr %q; want the kept count on stderr only", stdout.String(), stderr.String())
			}
			kept, _ := strconv.Atoi(m[1])
			res := parseFile(t, out)
			if len(res) != kept || kept < 3 {
				t.Errorf("file holds %d results, stderr says %d", len(res), kept)
			}
			for _, r := range res {
				if len(r.Values) != 5 || r.Iters <= 0 {
					t.Errorf("incomplete sample: %s %d %v", r.Name, r.Iters, r.Values)
				}
			}
			assertNoTemp(t, dir)
		})
	}
}

// TestSecondSignal: a first SIGINT waits for what is in progress, here a
// stand-in python3 that ignores signals (the Python peer is interrupted,
// then killed two seconds later); a second SIGINT stops the run at once,
// with the Go samples kept, exit 130 and no temporary file.
func TestSecondSignal(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	pids := filepath.Join(dir, "pids")
	stub := "#!/bin/sh\necho $$ >> '" + pids + "'\ntrap '' INT TERM HUP\nexec sleep 3600\n"
	if err := os.WriteFile(filepath.Join(dir, "python3"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // the stand-ins outlive a run stopped at once
		data, _ := os.ReadFile(pids)
		for _, f := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(f); err == nil {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	out := filepath.Join(dir, "out.txt")
	cmd := exec.Command(bin, append(append([]string{}, tiny...), "-python", "-o", out)...)
	cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, cmd, &stderr, func() bool { _, err := os.Stat(pids); return err == nil })
	for _, pause := range []time.Duration{300 * time.Millisecond, 0} {
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		time.Sleep(pause)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("wait: %v, want exit 130; stderr:\n%s", err, stderr.String())
	}
	if want := "concbench: interrupted by SIGINT: stopped at once: kept 4 samples in " + out + "\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if res := parseFile(t, out); len(res) != 4 {
		t.Errorf("%d results, want the 4 Go samples", len(res))
	}
	assertNoTemp(t, dir)
}

// waitFor polls ready every 10ms for up to 30s, killing cmd and failing
// the test, with cmd's stderr, if it never holds.
func waitFor(t *testing.T, cmd *exec.Cmd, stderr fmt.Stringer, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("not ready after 30s; stderr:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// tempSamples counts the samples in the temporary results files in dir.
func tempSamples(dir string) int {
	n := 0
	matches, _ := filepath.Glob(filepath.Join(dir, ".*"+outfile.TempInfix+"*"))
	for _, m := range matches {
		data, _ := os.ReadFile(m)
		n += bytes.Count(data, []byte("\nBenchmark"))
	}
	return n
}
