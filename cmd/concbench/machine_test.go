package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRunWorkTime: -work takes a duration per item beside rounds; the file
// names the case by its time and says the rounds it was calibrated to,
// and report reads it as a group of its own.
func TestRunWorkTime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	args := []string{"run", "-strategies", "sequential", "-n", "100", "-work", "0,2us", "-procs", "1",
		"-count", "2", "-precision", "0", "-time", "1ms", "-q", "-o", out}
	if code, stdout, stderr := runCLI(t, context.Background(), args...); code != exitOK {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	names := map[string]bool{}
	for _, r := range parseFile(t, out) {
		names[r.Name.String()] = true
	}
	for _, name := range []string{"Map/strategy=sequential/n=100/work=0-1", "Map/strategy=sequential/n=100/work=2µs-1"} {
		if !names[name] {
			t.Errorf("no result named %s in %v", name, names)
		}
	}
	code, stdout, stderr := runCLI(t, context.Background(), "report", out)
	if code != exitOK {
		t.Fatalf("report: exit %d, stderr %q", code, stderr)
	}
	if !regexp.MustCompile(`work-calibration: 2µs = \d+ rounds \(\d+\.\d{3} ns a round\)`).MatchString(stdout) {
		t.Errorf("report shows no work calibration:\n%s", stdout)
	}
	if !strings.Contains(stdout, "work=2µs") {
		t.Errorf("report has no work=2µs group:\n%s", stdout)
	}
}

// TestWarnOversubscribed: procs above the cores are allowed but said so,
// in one line naming them.
func TestWarnOversubscribed(t *testing.T) {
	for _, tt := range []struct {
		procs []int
		cores int
		want  string
	}{
		{[]int{1, 2}, 2, ""},
		{nil, 2, ""},
		{[]int{1, 2, 4, 8}, 2, "concbench: warning: -procs 4,8 on 2 cores: oversubscribed, the goroutines there take turns on a core (the report says so too)\n"},
	} {
		var b strings.Builder
		warnOversubscribed(&b, tt.procs, tt.cores)
		if b.String() != tt.want {
			t.Errorf("procs %v on %d cores: %q, want %q", tt.procs, tt.cores, b.String(), tt.want)
		}
	}
}

// TestRunSkewChunk: -skew and -chunk reach the names, and report groups
// each skew on its own, with its speedup over sequential at that skew.
func TestRunSkewChunk(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	args := []string{"run", "-strategies", "sequential,static-partition,errgroup", "-n", "1000", "-work", "10",
		"-skew", "uniform,increasing", "-chunk", "auto,8", "-procs", "2", "-count", "2", "-precision", "0", "-time", "1ms", "-q", "-o", out}
	if code, stdout, stderr := runCLI(t, context.Background(), args...); code != exitOK {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	names := map[string]bool{}
	for _, r := range parseFile(t, out) {
		names[r.Name.String()] = true
	}
	for _, name := range []string{
		"Map/strategy=static-partition/n=1000/work=10-2",
		"Map/strategy=errgroup/n=1000/work=10/chunk=8-2",
		"Map/strategy=sequential/n=1000/work=10/skew=increasing-2",
		"Map/strategy=errgroup/n=1000/work=10/skew=increasing/chunk=8-2",
	} {
		if !names[name] {
			t.Errorf("no result named %s in %v", name, names)
		}
	}
	if names["Map/strategy=static-partition/n=1000/work=10/chunk=8-2"] {
		t.Error("static-partition, which has no chunks, ran at chunk=8")
	}
	code, stdout, stderr := runCLI(t, context.Background(), "report", out)
	if code != exitOK {
		t.Fatalf("report: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "skew=increasing") || !strings.Contains(stdout, "errgroup/chunk=8") {
		t.Errorf("report has no skew=increasing group or errgroup/chunk=8 row:\n%s", stdout)
	}
}
