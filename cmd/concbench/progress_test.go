package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/outfile"
	"github.com/concbench/concbench/strategies"
)

// fakeClock is a clock that moves by step every time it is read.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		now := t
		t = t.Add(step)
		return now
	}
}

// TestProgressBar checks what the bar draws on a terminal (simulated by a
// buffer).
func TestProgressBar(t *testing.T) {
	c := harness.Case{Strategy: strategies.ErrGroup{}, N: 100, Work: 0, Procs: 2}
	var buf bytes.Buffer
	p := &progressBar{w: &buf}
	p.update(harness.Progress{Phase: "sample", Case: c, Done: 0, Total: 4})
	p.update(harness.Progress{Phase: "sample", Case: c, Done: 2, Total: 4})
	p.finish()
	for _, want := range []string{"sample", c.Name(), "50%", "(2/4"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("bar %q lacks %q", buf.String(), want)
		}
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
}

// TestNewProgress: -q shows nothing, and a writer that is not a terminal
// gets plain lines.
func TestNewProgress(t *testing.T) {
	var buf bytes.Buffer
	if _, ok := newProgress(&buf, sweepOptions{quiet: true}).(noProgress); !ok {
		t.Error("-q: want no progress")
	}
	if _, ok := newProgress(&buf, sweepOptions{}).(*progressLines); !ok {
		t.Error("not a terminal: want progress lines")
	}
}

// TestProgressLines feeds updates on a clock that moves a second per
// update: a line every fifth second, none for the first step or the
// final one, with the time left at the pace so far.
func TestProgressLines(t *testing.T) {
	c := harness.Case{Strategy: strategies.ErrGroup{}, N: 10000, Work: 100, Procs: 2}
	tests := []struct {
		name  string
		every time.Duration // the clock's step per update
		total int
		want  []string
	}{
		{"every-second", time.Second, 12, []string{
			"concbench: 41% (5/12 steps), sample Map/strategy=errgroup/n=10000/work=100-2, ~7 s left",
			"concbench: 83% (10/12 steps), sample Map/strategy=errgroup/n=10000/work=100-2, ~2 s left",
		}},
		{"slow-steps", 40 * time.Second, 4, []string{
			"concbench: 25% (1/4 steps), sample Map/strategy=errgroup/n=10000/work=100-2, ~2 min left",
			"concbench: 50% (2/4 steps), sample Map/strategy=errgroup/n=10000/work=100-2, ~80 s left",
			"concbench: 75% (3/4 steps), sample Map/strategy=errgroup/n=10000/work=100-2, ~40 s left",
		}},
		{"fast-steps", time.Millisecond, 1000, nil},
		// The harness plans extra rounds one at a time while it chases
		// precision: the budget left bounds the time, not the steps.
		{"chasing-precision", time.Second, 12, []string{
			"concbench: 41% (5/12 steps), sample Map/strategy=errgroup/n=10000/work=100-2, up to ~55 s left",
			"concbench: 83% (10/12 steps), sample Map/strategy=errgroup/n=10000/work=100-2, up to ~50 s left",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := &progressLines{w: &buf, now: fakeClock(tt.every)}
			for done := range tt.total {
				var left time.Duration
				if tt.name == "chasing-precision" {
					left = time.Minute - time.Duration(done)*time.Second
				}
				p.update(harness.Progress{Phase: "sample", Case: c, Done: done, Total: tt.total, BudgetLeft: left})
			}
			p.update(harness.Progress{Phase: "done", Done: tt.total, Total: tt.total})
			p.finish()
			want := strings.Join(tt.want, "\n")
			if want != "" {
				want += "\n"
			}
			if buf.String() != want {
				t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
			}
		})
	}
}

// TestSweepProgressLines runs a sweep whose stderr is not a terminal, on
// a clock that moves a second per step: every fifth step is a line, and
// the lines are all that stderr has before the last one.
func TestSweepProgressLines(t *testing.T) {
	meter := func(_ harness.Case, iters int, _ func() error) (harness.Measurement, error) {
		return harness.Measurement{Elapsed: time.Duration(iters) * time.Millisecond}, nil
	}
	cfg := harness.Config{Strategies: []strategies.Strategy{strategies.Sequential{}, strategies.ErrGroup{}}, Sizes: []int{10, 100}, Works: []int{0},
		Procs: []int{1}, Count: 4, Precision: -1, SampleTime: time.Millisecond, Meter: meter}
	out := filepath.Join(t.TempDir(), "out.txt")
	var stderr bytes.Buffer
	if _, err := sweep(t.Context(), cfg, outfile.Spec{Path: out}, sweepOptions{now: fakeClock(time.Second)}, &stderr); err != nil {
		t.Fatal(err)
	}
	// 4 cases: 4 checks, 4 calibrations, 4 warm-ups and 16 samples.
	var want []string
	phases := []string{"check", "calibrate", "warm-up", "sample"}
	for _, done := range []int{5, 10, 15, 20, 25} {
		i := done % 4
		if done >= 12 { // sample rounds start each n's pair at its k-th case
			round := (done - 12) / 4
			i = i/2*2 + (i%2+round)%2
		}
		phase, name := phases[min(done/4, 3)], cfg.Cases()[i].Name()
		want = append(want, fmt.Sprintf("concbench: %d%% (%d/28 steps), %s %s, ~%d s left", 100*done/28, done, phase, name, 28-done))
	}
	want = append(want, "concbench: wrote 16 samples to "+out)
	if got := strings.TrimSuffix(stderr.String(), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
