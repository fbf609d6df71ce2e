package main

import (
	"context"
	"flag"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/concbench/concbench/harness"
)

// TestRunWait: -wait adds the wait to the sweep, and the file names each
// waiting case's wait.
func TestRunWait(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	code, stdout, stderr := runCLI(t, context.Background(), "run", "-strategies", "sequential,errgroup", "-n", "4", "-work", "0",
		"-wait", "0, 2ms", "-procs", "2", "-count", "1", "-precision", "0", "-time", "1ms", "-q", "-o", out)
	if code != exitOK || stdout != "" || stderr != "concbench: wrote 4 samples to "+out+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want only the closing line", code, stdout, stderr)
	}
	var names []string
	for _, r := range parseFile(t, out) {
		names = append(names, r.Name.String())
	}
	want := []string{
		"Map/strategy=sequential/n=4/work=0-2",
		"Map/strategy=errgroup/n=4/work=0-2",
		"Map/strategy=sequential/n=4/work=0/wait=2ms-2",
		"Map/strategy=errgroup/n=4/work=0/wait=2ms-2",
	}
	if !slices.Equal(names, want) {
		t.Errorf("results %q, want %q", names, want)
	}
}

// TestPresetIOFlags: -preset io is the harness's io preset, named io, and
// -wait makes any preset custom.
func TestPresetIOFlags(t *testing.T) {
	want, err := harness.Preset("io")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args  []string
		waits []time.Duration
		name  string
	}{
		{[]string{"-preset", "io"}, want.Waits, "io"},
		{[]string{"-preset", "io", "-wait", "2ms,10ms"}, []time.Duration{2 * time.Millisecond, 10 * time.Millisecond}, "custom"},
		{[]string{"-wait", "0,1ms"}, []time.Duration{0, time.Millisecond}, "custom"},
	} {
		f, cfg := parseRun(t, tt.args...)
		if !slices.Equal(cfg.Waits, tt.waits) || f.sweepName() != tt.name {
			t.Errorf("%q: waits %v, sweep %q; want %v and %q", tt.args, cfg.Waits, f.sweepName(), tt.waits, tt.name)
		}
		if tt.args[0] == "-preset" && (!slices.Equal(cfg.Workers, want.Workers) || !slices.Equal(cfg.Sizes, want.Sizes) || cfg.Budget != want.Budget) {
			t.Errorf("%q: workers %v, sizes %v, budget %v; want the io preset's %v, %v, %v",
				tt.args, cfg.Workers, cfg.Sizes, cfg.Budget, want.Workers, want.Sizes, want.Budget)
		}
	}
}

// parseRun parses run's flags as run does.
func parseRun(t *testing.T, args ...string) (*runFlags, harness.Config) {
	t.Helper()
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	cfg, _, err := f.parsed(fs)
	if err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return &f, cfg
}
