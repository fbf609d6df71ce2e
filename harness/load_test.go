package harness

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// TestLoadSampler: the load average is read between rounds at most every
// loadEvery, and the notes give its mean and peak and the steal over the
// run.
func TestLoadSampler(t *testing.T) {
	clock := time.Unix(0, 0)
	loads := []float64{1, 3, 2}
	stats := []cpuStat{{total: 1000, steal: 10}, {total: 3000, steal: 70}}
	s := &loadSampler{
		now: func() time.Time { return clock },
		load: func() (float64, bool) {
			v := loads[0]
			loads = loads[1:]
			return v, true
		},
		stat: func() (cpuStat, bool) {
			c := stats[0]
			stats = stats[1:]
			return c, true
		},
	}
	s.start, s.okCPU = s.stat()
	for _, step := range []time.Duration{0, time.Second, loadEvery, time.Second, loadEvery} {
		clock = clock.Add(step)
		s.tick()
	}
	got := s.notes()
	want := []Label{{"load-run", "mean 2.00 max 3.00 (3 readings every 5s or more)"}, {"steal-run", "3.0% during the run"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("notes %v, want %v", got, want)
	}
}

// TestRunWritesLoadNotes: a run ends with what the load was during it,
// where the system tells (Linux).
func TestRunWritesLoadNotes(t *testing.T) {
	if _, ok := load1(); !ok {
		t.Skip("no load average on this system")
	}
	var out strings.Builder
	cfg := Config{Sizes: []int{10}, Works: []int{0}, Count: 1, Precision: -1, SampleTime: time.Microsecond,
		Meter: func(c Case, iters int, op func() error) (Measurement, error) {
			return Measurement{Elapsed: time.Microsecond * time.Duration(iters)}, op()
		}}
	if _, err := Run(context.Background(), cfg, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\n# load-run: mean ") {
		t.Errorf("no load-run note at the end:\n%s", out.String())
	}
}

// TestProgressBudgetLeft: before the samples a run may chase precision
// for its whole budget; once no round is left to plan, for nothing; and
// without a precision target, never.
func TestProgressBudgetLeft(t *testing.T) {
	for _, precision := range []float64{0.03, -1} {
		var seen []Progress
		cfg := Config{Sizes: []int{10}, Works: []int{0}, Count: 2, Precision: precision, SampleTime: time.Microsecond, Budget: time.Hour,
			Meter: func(c Case, iters int, op func() error) (Measurement, error) {
				return Measurement{Elapsed: time.Microsecond * time.Duration(iters)}, op()
			},
			Progress: func(p Progress) { seen = append(seen, p) }}
		if _, err := Run(context.Background(), cfg, io.Discard); err != nil {
			t.Fatal(err)
		}
		first, last := seen[0], seen[len(seen)-1]
		want := time.Hour
		if precision < 0 {
			want = 0
		}
		if first.Phase != "check" || first.BudgetLeft != want || last.Phase != "done" || last.BudgetLeft != 0 {
			t.Errorf("precision %v: first %s with %v left, last %s with %v; want check with %v, done with 0",
				precision, first.Phase, first.BudgetLeft, last.Phase, last.BudgetLeft, want)
		}
	}
}
