package harness_test

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/strategies"
)

func TestCaseNameWait(t *testing.T) {
	eg := strategies.ErrGroup{}
	tests := []struct {
		name string
		c    harness.Case
		want string
	}{
		{"zero", harness.Case{Strategy: eg, N: 10, Procs: 2}, "Map/strategy=errgroup/n=10/work=0-2"},
		{"ms", harness.Case{Strategy: eg, N: 10, Wait: time.Millisecond, Procs: 2}, "Map/strategy=errgroup/n=10/work=0/wait=1ms-2"},
		{"us", harness.Case{Strategy: eg, N: 10, Wait: 100 * time.Microsecond, Procs: 2}, "Map/strategy=errgroup/n=10/work=0/wait=100µs-2"},
		{"after-workers", harness.Case{Strategy: eg, N: 10, Work: 5, Wait: 2500 * time.Microsecond, Procs: 2, Workers: 16},
			"Map/strategy=errgroup/n=10/work=5/workers=16/wait=2.5ms-2"},
		{"before-out", harness.Case{Strategy: eg, N: 10, Wait: time.Millisecond, Procs: 2, Output: harness.Fresh},
			"Map/strategy=errgroup/n=10/work=0/wait=1ms/out=fresh-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Name(); got != tt.want {
				t.Errorf("Name() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCasesWaits: waits nest inside work and outside workers, and the
// strategies that ignore workers are measured at the first workers value
// only.
func TestCasesWaits(t *testing.T) {
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup", "goroutine-per-item"),
		Sizes:      []int{10}, Works: []int{0}, Procs: []int{2},
		Waits: []time.Duration{0, time.Millisecond}, Workers: []int{0, 16},
	}
	got := caseNames(cfg)
	want := []string{
		"Map/strategy=sequential/n=10/work=0-2",
		"Map/strategy=errgroup/n=10/work=0-2",
		"Map/strategy=goroutine-per-item/n=10/work=0-2",
		"Map/strategy=errgroup/n=10/work=0/workers=16-2",
		"Map/strategy=sequential/n=10/work=0/wait=1ms-2",
		"Map/strategy=errgroup/n=10/work=0/wait=1ms-2",
		"Map/strategy=goroutine-per-item/n=10/work=0/wait=1ms-2",
		"Map/strategy=errgroup/n=10/work=0/workers=16/wait=1ms-2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Cases() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// waitMeter is fakeMeter with the waits: a call of case c takes the time
// its items wait, one batch of workers after another, on top of its work.
func waitMeter(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
	m, err := fakeMeter(c, iters, op)
	rounds := (c.N + c.Procs - 1) / c.Procs
	m.Elapsed += time.Duration(iters*rounds) * c.Wait
	return m, err
}

// TestRunWaits: a sweep with waits writes the wait key, and a case whose
// one call already lasts the sample time is sampled one call at a time,
// also in the extra samples the precision rule asks for, up to MaxCount.
func TestRunWaits(t *testing.T) {
	wobble := []float64{0, 0.15, -0.1, 0.05, -0.15, 0.1}
	calls := 0
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup"),
		Sizes:      []int{100}, Works: []int{0}, Procs: []int{2},
		Waits: []time.Duration{0, time.Millisecond},
		Count: 6, MaxCount: 8, Precision: 0.03, SampleTime: 5 * time.Millisecond,
		Meter: func(c harness.Case, iters int, op func() error) (harness.Measurement, error) {
			m, err := waitMeter(c, iters, op)
			if c.Wait > 0 && c.Strategy.Name() == "sequential" { // too noisy for the target
				calls++
				m.Elapsed += time.Duration(float64(m.Elapsed) * wobble[calls%len(wobble)])
			}
			return m, err
		},
	}
	var buf bytes.Buffer
	tot, err := harness.Run(context.Background(), cfg, &buf)
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, buf.Bytes())
	if len(res) != tot.Samples || tot.Samples != 28 || len(tot.Missed) != 1 {
		t.Fatalf("%d results, Totals %+v; want 28: 6 per case, 8 for the noisy one and its group, and only it misses the target", len(res), tot)
	}
	waits := 0
	for _, r := range res {
		if !strings.Contains(r.Name.String(), "/wait=1ms-") {
			continue
		}
		waits++
		if r.Iters != 1 {
			t.Errorf("%s: %d calls per sample, want 1: a call takes longer than the sample time", r.Name, r.Iters)
		}
	}
	if waits != 16 {
		t.Errorf("%d results with /wait=1ms, want 16 (8 a case)", waits)
	}
}

// TestRunWaitsReal: with the real clock, a sample of a waiting kernel
// lasts at least its waits (a timer never fires early), sequential's one
// after another, so it is one call.
func TestRunWaitsReal(t *testing.T) {
	const n, wait = 4, 2 * time.Millisecond
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "errgroup"),
		Sizes:      []int{n}, Works: []int{0}, Procs: []int{2}, Waits: []time.Duration{wait},
		Count: 1, Precision: -1, SampleTime: time.Millisecond,
	}
	var buf bytes.Buffer
	if _, err := harness.Run(context.Background(), cfg, &buf); err != nil {
		t.Fatal(err)
	}
	res := readAll(t, buf.Bytes())
	if len(res) != 2 {
		t.Fatalf("%d results, want 2", len(res))
	}
	for _, r := range res {
		item, _ := r.Value("sec/item")
		floor := wait.Seconds()
		if !strings.Contains(r.Name.String(), "sequential") {
			floor /= 2 // two workers
		}
		if r.Iters != 1 || item < floor {
			t.Errorf("%s: %d calls, %v s per item; want 1 call and at least %v s per item", r.Name, r.Iters, item, floor)
		}
	}
}

// TestPresetIO: the io preset measures waits, with more workers than
// cores, and stays near two minutes (three with Python): an estimate from
// its waits alone must stay under 2.5 minutes: one round of every case's
// call for each of the check, calibration and warm-up, then the Count
// rounds or the budget if longer, and one round the budget may overrun
// by. The budget must leave room for extra rounds after the Count.
func TestPresetIO(t *testing.T) {
	cfg, err := harness.Preset("io")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(cfg.Waits, 0) || len(cfg.Waits) == 0 || slices.Max(cfg.Workers) <= 2*slices.Max(cfg.Procs) {
		t.Errorf("io preset: waits %v, workers %v; want waits only, and workers beyond the cores", cfg.Waits, cfg.Workers)
	}
	var call time.Duration
	seen := map[string]bool{}
	for _, c := range cfg.Cases() {
		if seen[c.Name()] {
			t.Errorf("case %s twice", c.Name())
		}
		seen[c.Name()] = true
		workers := cmp.Or(c.Workers, c.Procs)
		switch c.Strategy.Name() {
		case "sequential", "loop":
			workers = 1
		case "goroutine-per-item":
			workers = c.N
		}
		call += time.Duration((c.N+workers-1)/workers) * c.Wait
	}
	est := call*4 + max(call*time.Duration(cfg.Count), cfg.Budget)
	if est > 150*time.Second {
		t.Errorf("io preset: %d cases, about %v of waits in all; want under 2m30s", len(seen), est.Round(time.Second))
	}
	if cfg.Budget < call*time.Duration(cfg.Count+1) {
		t.Errorf("io preset: budget %v, but the %d rounds every case gets take %v: no room for extra samples", cfg.Budget, cfg.Count, call*time.Duration(cfg.Count))
	}
	t.Logf("io preset: %d cases, at least %v", len(seen), est.Round(time.Second))
}
