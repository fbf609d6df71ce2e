package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Row is one case with everything a report says about it, computed once:
// every format (text, Markdown, CSV, HTML, JSON) is a view of the rows.
type Row struct {
	*Case
	// HalfWidth is the half-width of the median's 95% interval as a
	// fraction of the median (the larger side), +Inf without an interval.
	HalfWidth float64
	// Speedup is the case against its baseline; HasSpeedup is false when
	// the group has no baseline.
	Speedup    Speedup
	HasSpeedup bool
	// Fastest marks the contender significantly faster than every other at
	// its n (see Data.Fastest).
	Fastest bool
	// Missed reports a HalfWidth above the run's precision target.
	Missed bool
}

// GroupRows is one (work, wait, procs) group of rows, the unit of one table.
type GroupRows struct {
	Group
	// Strategies are those with a case in the group, in Data order, and
	// Ns the sizes with one.
	Strategies []string
	Ns         []int
	// BreakEven is each contender's break-even n, absent when none.
	BreakEven map[string]int
	rows      map[Key]*Row
	baseline  map[string]string // each strategy's BaselineOf
}

// Row returns the row of strategy s at n, or nil.
func (g *GroupRows) Row(s string, n int) *Row {
	return g.rows[g.Key(s, n)]
}

// HasBaseline reports whether the group has a Baseline case.
func (g *GroupRows) HasBaseline() bool { return slices.Contains(g.Strategies, Baseline) }

// Contenders are the group's strategies that get a speedup column:
// everything but baselines.
func (g *GroupRows) Contenders() []string {
	var out []string
	for _, s := range g.Strategies {
		if !IsBaseline(s) {
			out = append(out, s)
		}
	}
	return out
}

// Target returns the run's precision target, from its precision line
// ("±3%", see FormatPrecision): 0 when it is "off" (a run that chased no
// target, so no case missed one), and DefaultPrecision when the data
// states none.
func (d *Data) Target() float64 {
	if p, ok := parsePrecision(d.MetaValue("precision")); ok {
		return p
	}
	return DefaultPrecision
}

// Rows returns every group's rows, in Groups order.
func (d *Data) Rows() []*GroupRows {
	target := d.Target()
	var out []*GroupRows
	for _, g := range d.Groups() {
		gr := &GroupRows{Group: g, BreakEven: map[string]int{}, rows: map[Key]*Row{}, baseline: map[string]string{}}
		for _, c := range d.Cases {
			if c.Group() != g {
				continue
			}
			r := &Row{Case: c, HalfWidth: halfWidth(c)}
			r.Missed = target > 0 && r.HalfWidth > target
			r.Speedup, r.HasSpeedup = d.Speedup(c.Key)
			gr.rows[c.Key] = r
			gr.Ns = appendUnique(gr.Ns, c.N)
		}
		for _, s := range d.Strategies {
			for _, n := range gr.Ns {
				if gr.Row(s, n) != nil {
					gr.Strategies = append(gr.Strategies, s)
					gr.baseline[s] = d.BaselineOf(s)
					break
				}
			}
		}
		for _, n := range gr.Ns {
			if f := d.Fastest(n, g); f != "" {
				gr.Row(f, n).Fastest = true
			}
		}
		for _, s := range gr.Strategies {
			if contender(s) {
				if n, ok := d.BreakEven(s, g); ok {
					gr.BreakEven[s] = n
				}
			}
		}
		out = append(out, gr)
	}
	return out
}

// Noise is the run-level picture of how precise the numbers are.
type Noise struct {
	// Cases is the number of cases; MedianHalfWidth the median of their
	// interval half-widths (fractions of the median).
	Cases           int
	MedianHalfWidth float64
	// Target is the precision target, 0 for none, and Missed the cases
	// above it.
	Target float64
	Missed []Key
	// Load and Steal are the run's load average and CPU steal, as its
	// configuration lines recorded them, or "".
	Load, Steal string
}

// Noise summarises the precision of every case of d.
func (d *Data) Noise() Noise {
	n := Noise{Cases: len(d.Cases), Target: d.Target(), Load: d.MetaValue("load"), Steal: d.MetaValue("steal")}
	var hws []float64
	for _, c := range d.Cases {
		hw := halfWidth(c)
		hws = append(hws, hw)
		if n.Target > 0 && hw > n.Target {
			n.Missed = append(n.Missed, c.Key)
		}
	}
	slices.Sort(hws)
	n.MedianHalfWidth = hws[len(hws)/2]
	return n
}

// String is the report's noise line.
func (n Noise) String() string {
	s := fmt.Sprintf("noise: median 95%% CI ±%s over %d cases", pct(n.MedianHalfWidth), n.Cases)
	if n.Target > 0 {
		s += fmt.Sprintf("; %d %s wider than the ±%s target", len(n.Missed), plural(len(n.Missed), "case", "cases"), pct(n.Target))
	} else {
		s += "; no precision target (a fixed count of samples)"
	}
	if len(n.Missed) > 0 {
		s += " (listed under warnings)"
	}
	if n.Load != "" {
		s += "; load average at the start " + n.Load
	}
	if n.Steal != "" {
		s += "; CPU steal " + n.Steal
	}
	return s + "."
}

// pct prints a fraction as a percentage with two significant digits
// below 10% (5.3%) and whole above (342%), never in exponent form.
func pct(f float64) string {
	switch p := f * 100; {
	case math.IsInf(f, 0) || math.IsNaN(f):
		return "∞%"
	case p >= 10:
		return strconv.FormatFloat(p, 'f', 0, 64) + "%"
	default:
		return strconv.FormatFloat(p, 'g', 2, 64) + "%"
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Verdict returns the report's answer in words: for every work level and
// wait, on the most cores measured, which shape to use, from which n it
// pays and by how much, and where the loop wins. It draws only on break-even n (a
// strategy significantly faster at that n and every larger one) and on
// significant differences, and says so when they are not enough.
func (d *Data) Verdict() []string {
	var out []string
	maxProcs := slices.Max(d.Procs)
	for _, gr := range d.Rows() {
		if gr.Procs != maxProcs {
			continue
		}
		out = append(out, verdict(gr))
	}
	return out
}

// verdict is one group's sentence.
func verdict(g *GroupRows) string {
	head := fmt.Sprintf("%s, %d %s", strings.Join(g.KernelParts(), ", "), g.Procs, plural(g.Procs, "core", "cores"))
	if !g.HasBaseline() {
		return head + ": no sequential baseline, so no verdict."
	}
	maxN := g.Ns[len(g.Ns)-1]
	if seq := g.Row(Baseline, maxN); seq != nil {
		head += fmt.Sprintf(" (%s ns per item in sequential)", formatNs(seq.Summary.Center))
	}
	var goShapes []string // contenders against the loop; another family's pools are left out
	for _, s := range g.Strategies {
		if contender(s) && !isVariant(s) && g.baseline[s] == Baseline {
			goShapes = append(goShapes, s)
		}
	}
	rec := ""
	for _, s := range goShapes {
		be, ok := g.BreakEven[s]
		switch {
		case !ok:
		case rec == "" || be < g.BreakEven[rec]:
			rec = s
		case be == g.BreakEven[rec] && g.Row(s, maxN).Speedup.Ratio > g.Row(rec, maxN).Speedup.Ratio:
			rec = s
		}
	}
	loopWins := loopWinsAt(g, goShapes)
	if rec == "" {
		if slices.Contains(loopWins, maxN) {
			return head + fmt.Sprintf(": use sequential: every shape is significantly slower at n=%s, the largest n measured, and none pays from any n on.", formatN(maxN))
		}
		return head + ": not enough evidence: no shape is significantly faster than sequential from some n up to the largest measured; " +
			"more samples (-precision, -max-count) or larger n would tell."
	}
	be := g.BreakEven[rec]
	first, last := g.Row(rec, be), g.Row(rec, maxN)
	s := head + fmt.Sprintf(": use %s from n=%s, where it is %s faster than sequential", rec, formatN(be), ratioWithCI(first.Speedup))
	switch {
	case maxN != be && g.Wait != 0: // no efficiency: waits do not use the cores
		s += fmt.Sprintf(", and %s at n=%s", ratioWithCI(last.Speedup), formatN(maxN))
	case maxN != be:
		s += fmt.Sprintf(", and %s at n=%s (efficiency %.0f%%)", ratioWithCI(last.Speedup), formatN(maxN), last.Speedup.Efficiency*100)
	}
	if lim := g.Row(reference(g.Strategies, false), maxN); lim != nil && lim.HasSpeedup && g.Wait == 0 { // at a wait, limit is a pool like the others
		s += fmt.Sprintf("; the machine's limit there is %.2f×", lim.Speedup.Ratio)
	}
	var below []string
	for _, n := range loopWins {
		if n < be {
			below = append(below, formatN(n))
		}
	}
	switch {
	case len(below) > 0:
		s += ". Sequential wins at n=" + strings.Join(below, ", ") + " (every shape significantly slower)"
	case be != g.Ns[0]:
		s += fmt.Sprintf(". Below n=%s no shape pays", formatN(be))
	}
	var also []string
	for _, o := range goShapes {
		if n, ok := g.BreakEven[o]; ok && o != rec {
			also = append(also, fmt.Sprintf("%s from n=%s", o, formatN(n)))
		}
	}
	if len(also) > 0 {
		s += ". Also paying: " + strings.Join(also, ", ")
	}
	return s + "."
}

// loopWinsAt returns the n at which every shape measured is significantly
// slower than the loop.
func loopWinsAt(g *GroupRows, shapes []string) []int {
	var out []int
	for _, n := range g.Ns {
		wins, any := true, false
		for _, s := range shapes {
			if r := g.Row(s, n); r != nil && r.HasSpeedup {
				any = true
				wins = wins && r.Speedup.Slower()
			}
		}
		if any && wins {
			out = append(out, n)
		}
	}
	return out
}

// ratioWithCI formats a speedup with its interval: "1.93× (1.90–1.96)".
func ratioWithCI(s Speedup) string {
	return fmt.Sprintf("%.2f× (%.2f–%s)", s.Ratio, s.Lo, formatBound(s.Hi))
}

// formatBound formats an interval's upper end, which may be +Inf.
func formatBound(v float64) string {
	if math.IsInf(v, 1) {
		return "∞"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// formatN prints n as the tables do.
func formatN(n int) string { return strconv.Itoa(n) }
