package harness_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/report"
)

// TestWorkTime: a work given as a duration is turned into LCG rounds by
// timing the kernel with the Meter (here a fake clock at exactly 1.5 ns a
// round), the cases run with those rounds under names that say the time,
// and the file says how the times were turned into rounds.
func TestWorkTime(t *testing.T) {
	const perRound = 1.5 // ns, the fake machine's
	seen := map[string]int{}
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup"),
		Sizes:      []int{10},
		WorkTimes:  []time.Duration{2 * time.Microsecond, 3 * time.Microsecond},
		Procs:      []int{1},
		Count:      2,
		Precision:  -1,
		Labels:     fixedLabels,
		Meter: func(c harness.Case, iters int, _ func() error) (harness.Measurement, error) {
			seen[c.Name()] = c.Work
			ns := float64(iters) * float64(c.N) * float64(max(c.Work, 1)) * perRound
			return harness.Measurement{Elapsed: time.Duration(ns)}, nil
		},
	}
	var buf bytes.Buffer
	if _, err := harness.Run(context.Background(), cfg, &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if want := "# work-calibration: 2µs = 1333 rounds, 3µs = 2000 rounds (1.500 ns a round)\n"; !strings.Contains(out, want) {
		t.Errorf("no line %q in\n%s", want, out)
	}
	for name, rounds := range map[string]int{
		"Map/strategy=sequential/n=10/work=2µs-1": 1333,
		"Map/strategy=errgroup/n=10/work=3µs-1":   2000,
	} {
		if got, ok := seen[name]; !ok || got != rounds {
			t.Errorf("%s ran with %d rounds (seen: %v), want %d", name, got, ok, rounds)
		}
	}
	for name := range seen {
		if strings.Contains(name, "work=0") {
			t.Errorf("ran %s: a run given work times has no rounds of its own", name)
		}
	}
	d, err := report.Read(strings.NewReader(out), "worktime.txt")
	if err != nil {
		t.Fatal(err)
	}
	if g := d.Groups(); len(g) != 2 || g[0].WorkTime != 2*time.Microsecond || g[1].WorkTime != 3*time.Microsecond {
		t.Errorf("report groups %v, want work=2µs and work=3µs", g)
	}
}

func TestWorkTimeValidate(t *testing.T) {
	for _, wt := range [][]time.Duration{{}, {0}, {-time.Microsecond}, {harness.MaxWorkTime + 1}} {
		err := harness.Config{WorkTimes: wt}.Validate()
		if !errors.Is(err, harness.ErrConfig) {
			t.Errorf("WorkTimes %v: Validate() = %v, want ErrConfig", wt, err)
		}
	}
	if err := (harness.Config{WorkTimes: []time.Duration{harness.MaxWorkTime}}).Validate(); err != nil {
		t.Errorf("WorkTimes [MaxWorkTime]: %v", err)
	}
}
