package plot

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/concbench/concbench/harness/report"
)

// fullSweep is a run shaped like the committed full one: Go's loop and
// eight Go strategies, Python's loop and two pools, n from 100 to 1M,
// work 0 and 100, procs 1 and 2, 6 samples a case. Each strategy's time per
// item is base ns plus a start-up cost spread over n, divided by procs for
// all but the loops; scale multiplies every time.
func fullSweep(t *testing.T, scale float64) *report.Data {
	t.Helper()
	strategies := []struct {
		name        string
		base, start float64
	}{
		{"sequential", 5, 0}, {"closure-partial", 6, 2e4}, {"struct-worker", 6, 2e4},
		{"channel-pipeline", 6, 5e4}, {"errgroup", 4, 3e4}, {"static-partition", 3, 1e4},
		{"goroutine-per-item", 600, 0}, {"channel-per-item", 800, 0}, {"conc-iter", 40, 1e4},
		{"python-sequential", 350, 0}, {"python-partial", 400, 1e7}, {"python-callable", 380, 1e7},
	}
	var b strings.Builder
	for _, work := range []int{0, 100} {
		for _, procs := range []int{1, 2} {
			for _, n := range []int{100, 10000, 1000000} {
				for _, s := range strategies {
					per := (s.base + float64(work)*1.3 + s.start/float64(n)) * scale
					if !report.IsBaseline(s.name) {
						per /= float64(procs)
					}
					for i := range 6 {
						v := per * (1 + 0.01*float64(i))
						fmt.Fprintf(&b, "BenchmarkMap/strategy=%s/n=%d/work=%d-%d 1 %g ns/op %g ns/item\n", s.name, n, work, procs, v*float64(n), v)
					}
				}
			}
		}
	}
	d, err := report.Read(strings.NewReader(b.String()), "full.txt")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestGroups checks the small multiples: every contender is in exactly one
// panel, a panel holds at most maxPerPanel of one family, and its
// strategies differ in colour from each other and from the loops.
func TestGroups(t *testing.T) {
	d := fullSweep(t, 1)
	gs := groups(d)
	var titles []string
	seen := map[string]int{}
	st := styles(d)
	for _, g := range gs {
		titles = append(titles, g.title(true))
		if len(g.members) > maxPerPanel {
			t.Errorf("%s: %d strategies, want at most %d", g.title(true), len(g.members), maxPerPanel)
		}
		colours := []color.Color{black, darkGrey}
		for _, s := range g.members {
			seen[s]++
			if d.BaselineOf(s) != g.baseline {
				t.Errorf("%s holds %s, whose loop is %s", g.title(true), s, d.BaselineOf(s))
			}
			if slices.Contains(colours, st[s].color) {
				t.Errorf("%s: %s's colour is used twice in the panel", g.title(true), s)
			}
			colours = append(colours, st[s].color)
		}
		if len(g.members)+len(g.others) != map[string]int{report.Baseline: 8, "python-sequential": 2}[g.baseline] {
			t.Errorf("%s: %d members + %d others, want the whole family", g.title(true), len(g.members), len(g.others))
		}
	}
	want := []string{"Go, speedup over sequential (1 of 2)", "Go, speedup over sequential (2 of 2)", "Python, speedup over python-sequential"}
	if !slices.Equal(titles, want) {
		t.Errorf("panels %q, want %q", titles, want)
	}
	for _, s := range d.Strategies {
		if want := map[bool]int{true: 0, false: 1}[report.IsBaseline(s)]; seen[s] != want {
			t.Errorf("%s is in %d panels, want %d", s, seen[s], want)
		}
	}
}

func TestTickLabels(t *testing.T) {
	for _, tc := range []struct {
		label func(float64) string
		v     float64
		want  string
	}{
		{countLabel, 10, "10"}, {countLabel, 1000, "1k"}, {countLabel, 100000, "100k"},
		{countLabel, 1e6, "1M"}, {countLabel, 2.5e7, "25M"}, {countLabel, 1e9, "1G"},
		{timeLabel, 0.1, "0.1 ns"}, {timeLabel, 10, "10 ns"}, {timeLabel, 1000, "1 µs"},
		{timeLabel, 1500, "1.5 µs"}, {timeLabel, 1e6, "1 ms"}, {timeLabel, 3e9, "3 s"},
		{speedupLabel, 4, "4×"}, {speedupLabel, 1, "1×"}, {speedupLabel, 0.5, "0.5×"},
		{speedupLabel, 0.125, "0.125×"}, {speedupLabel, 0.0625, "1/16×"}, {speedupLabel, 1.0 / 512, "1/512×"},
	} {
		if got := tc.label(tc.v); got != tc.want {
			t.Errorf("label(%g) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestPowerTicks(t *testing.T) {
	labels := func(ts []plot.Tick) []string {
		var out []string
		for _, tk := range ts {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		ticker powerTicks
		lo, hi float64
		want   []string
	}{
		{"speedup with no speedup and procs named", powerTicks{base: 2, label: speedupLabel, marks: speedupMarks(4)},
			0.05, 5, []string{"no speedup 1×", "procs 4×", "1/16×", "0.125×", "0.25×", "0.5×", "2×"}},
		{"procs that is no power of two", powerTicks{base: 2, label: speedupLabel, marks: speedupMarks(6)},
			0.4, 7, []string{"no speedup 1×", "procs 6×", "0.5×", "2×", "4×"}},
		{"counts", powerTicks{base: 10, label: countLabel}, 8, 1.3e6, []string{"10", "100", "1k", "10k", "100k", "1M"}},
		{"under a nanosecond: 2 and 5 labelled too", powerTicks{base: 10, label: timeLabel}, 0.08, 0.9,
			[]string{"0.1 ns", "0.2 ns", "0.5 ns"}},
		{"a bad range", powerTicks{base: 10, label: timeLabel}, 0, 10, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := labels(tc.ticker.Ticks(tc.lo, tc.hi)); !slices.Equal(got, tc.want) {
				t.Errorf("labels %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPowerRange(t *testing.T) {
	for _, tc := range []struct {
		lo, hi, base   float64
		wantLo, wantHi float64
	}{
		{lo: 3, hi: 2e5, base: 10, wantLo: 3 / 1.15, wantHi: 2e5 * 1.15},
		{lo: 0.3, hi: 0.5, base: 10, wantLo: 0.1, wantHi: 1},         // no power inside: widened
		{lo: 0.05, hi: 2, base: 2, wantLo: 0.05 / 1.15, wantHi: 2.3}, // powers inside: padded
		{lo: 5, hi: 5, base: 2, wantLo: 4, wantHi: 8},
	} {
		lo, hi := powerRange(tc.lo, tc.hi, tc.base)
		if !near(lo, tc.wantLo) || !near(hi, tc.wantHi) {
			t.Errorf("powerRange(%g, %g, %g) = %g, %g; want %g, %g", tc.lo, tc.hi, tc.base, lo, hi, tc.wantLo, tc.wantHi)
		}
	}
}

func near(a, b float64) bool { return a > b*(1-1e-9) && a < b*(1+1e-9) }

// TestRenderFullSweep draws the charts of a full-sized run: panels per
// family, Python's speedups captioned as over Python's own loop.
func TestRenderFullSweep(t *testing.T) {
	specs, err := build(fullSweep(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		if !strings.HasPrefix(s.name, "speedup") {
			continue
		}
		if len(s.panels) != 3 {
			t.Errorf("%s: %d panels, want 3", s.name, len(s.panels))
		}
		if !strings.Contains(s.caption, "Python's pools over python-sequential, not over Go") {
			t.Errorf("%s: caption %q does not say what Python's speedups are over", s.name, s.caption)
		}
	}
}

// TestRenderSubNanosecond: times under 1 ns/item (a kernel the compiler
// folds away, or a very fast machine) draw like any others.
func TestRenderSubNanosecond(t *testing.T) {
	specs, err := build(fullSweep(t, 0.001))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		if _, err := s.render(svgFormat); err != nil {
			t.Errorf("%s: %v", s.name, err)
		}
	}
}
