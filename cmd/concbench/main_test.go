package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// TestSIGINT builds the real binary, interrupts a run with SIGINT once
// samples are on disk, and checks exit 130, the stderr report and a file
// holding only complete samples.
func TestSIGINT(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent on windows")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "concbench")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "out.txt")
	cmd := exec.Command(bin, "run", "-strategies", "sequential,errgroup", "-n", "1000", "-work", "0",
		"-count", "100000", "-time", "5ms", "-q", "-o", out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for a few samples in the temporary file, then interrupt.
	deadline := time.Now().Add(30 * time.Second)
	for {
		matches, _ := filepath.Glob(filepath.Join(dir, ".out.txt.tmp-*"))
		if len(matches) == 1 {
			if data, _ := os.ReadFile(matches[0]); bytes.Count(data, []byte("\nBenchmark")) >= 3 {
				break
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no samples after 30s; stderr:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("wait: %v, want exit %d; stderr:\n%s", err, exitInterrupted, stderr.String())
	}
	m := regexp.MustCompile(`kept (\d+) of 200000 samples in `).FindStringSubmatch(stderr.String())
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
}
