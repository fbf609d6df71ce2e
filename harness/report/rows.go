package report

import (
	"cmp"
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
// ("±3%", see FormatPrecision): 0 when it is "off" or when the data
// records none, as go test output (harness.Bench) does not: such a run
// chased no target, so no case missed one.
func (d *Data) Target() float64 {
	p, _ := parsePrecision(d.MetaValue("precision"))
	return p
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
	// above it. Recorded reports whether the data has a precision line
	// (an "off" one too): go test output has none.
	Target   float64
	Recorded bool
	Missed   []Key
	// Load and Steal are the run's load average and CPU steal, as its
	// configuration lines recorded them, or "". LoadRun and StealRun are
	// the same sampled during the run (the harness's load-run and
	// steal-run notes), or "".
	Load, Steal       string
	LoadRun, StealRun string
	// Cores is the machine's core count (numcpu), or 0; Oversubscribed
	// lists the procs values above it.
	Cores          int
	Oversubscribed []int
}

// Noise summarises the precision of every case of d.
func (d *Data) Noise() Noise {
	n := Noise{Cases: len(d.Cases), Target: d.Target(), Recorded: d.MetaValue("precision") != "", Load: d.MetaValue("load"), Steal: d.MetaValue("steal"),
		LoadRun: d.MetaValue("load-run"), StealRun: d.MetaValue("steal-run")}
	n.Cores, _ = strconv.Atoi(d.MetaValue("numcpu"))
	for _, p := range d.Procs {
		if n.Cores > 0 && p > n.Cores {
			n.Oversubscribed = append(n.Oversubscribed, p)
		}
	}
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
	s := fmt.Sprintf("noise: median 95%% CI ±%s over %d %s", pct(n.MedianHalfWidth), n.Cases, plural(n.Cases, "case", "cases"))
	if n.Target > 0 {
		s += fmt.Sprintf("; %d %s wider than the ±%s target", len(n.Missed), plural(len(n.Missed), "case", "cases"), pct(n.Target))
	} else if n.Recorded {
		s += "; no precision target (a fixed count of samples)"
	} else {
		s += "; no precision target recorded (as in go test output)"
	}
	if len(n.Missed) > 0 {
		s += " (listed under warnings)"
	}
	if n.Load != "" {
		s += "; load average at the start " + n.Load
	}
	if n.LoadRun != "" {
		s += "; during the run " + n.LoadRun
	}
	if n.Steal != "" {
		s += "; CPU steal " + n.Steal
	}
	if n.StealRun != "" {
		s += ", " + n.StealRun
	}
	if len(n.Oversubscribed) > 0 {
		var ps []string
		for _, p := range n.Oversubscribed {
			ps = append(ps, strconv.Itoa(p))
		}
		s += fmt.Sprintf("; procs=%s oversubscribe the %d cores: goroutines there take turns on a core, so their times include waiting for one",
			strings.Join(ps, ","), n.Cores)
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

// Verdict returns the report's answer in words, one sentence per
// (work, wait, procs) group: the text of each of Verdicts.
func (d *Data) Verdict() []string {
	var out []string
	for _, v := range d.Verdicts() {
		out = append(out, v.Text)
	}
	return out
}

// Recommendation is the verdict of one (work, wait, procs) group, as data:
// what the sentence in Text says.
type Recommendation struct {
	Group
	// Cores is the machine's core count (its numcpu line), or 0 when the
	// files do not say; Oversubscribed reports Procs above it.
	Cores          int
	Oversubscribed bool
	// Shapes are the recommended shapes, the best first: every shape
	// significantly faster than sequential at the largest n whose speedup
	// interval there overlaps the best's. Empty when there is no
	// recommendation (see Reason).
	Shapes []string
	// At is the largest n measured, Speedup the best shape's there.
	At      int
	Speedup Speedup
	// BreakEvenAfter and BreakEvenAt bound the break-even n of Shapes (the
	// smallest of theirs): it lies above BreakEvenAfter, the measured n
	// below it where no recommended shape pays yet (0 when it pays at the
	// smallest n measured), and at or below BreakEvenAt.
	BreakEvenAfter, BreakEvenAt int
	// SequentialWins are the n at which every shape is significantly
	// slower than sequential.
	SequentialWins []int
	// Busy is non-empty when the run did not have the cores it asked for:
	// the limit reference fell well short of them, or the load during the
	// run exceeded the cores. The text then says so first.
	Busy string
	// Reason is why there is no recommendation: "no baseline",
	// "sequential" (every shape slower at the largest n), "one proc"
	// (procs=1 without a wait), "busy machine" or "not enough evidence";
	// "" when there is one.
	Reason string
	// Text is the sentence.
	Text string
}

// Verdicts returns the verdict of every group, in Groups order, every
// procs value included. It draws only on break-even n (a shape
// significantly faster at that n and every larger one) and on speedup
// intervals, and names every shape that the intervals cannot separate from
// the best instead of picking one by its point estimate.
func (d *Data) Verdicts() []Recommendation {
	cores, _ := strconv.Atoi(d.MetaValue("numcpu"))
	groups := d.Rows()
	procs := 0
	for _, g := range groups {
		procs = max(procs, g.Procs)
	}
	busyLoad := d.loadBusy(cores, procs)
	var out []Recommendation
	for _, gr := range groups {
		out = append(out, recommend(gr, cores, busyLoad))
	}
	return out
}

// loadBusy says when the load average during the run (the harness's
// load-run note, "mean M max X") shows other programs sharing the cores,
// or "". The run itself keeps up to procs threads running, so a quiet
// machine shows a load near procs: only what exceeds that by half the
// cores or more is someone else's (one CPU-bound neighbour on 2 cores
// adds about 1).
func (d *Data) loadBusy(cores, procs int) string {
	var mean, peak float64
	if _, err := fmt.Sscanf(d.MetaValue("load-run"), "mean %g max %g", &mean, &peak); err != nil || cores == 0 {
		return ""
	}
	other := mean - float64(procs)
	if other < float64(cores)/2 {
		return ""
	}
	return fmt.Sprintf("the load averaged %.2g during the run, %.2g more than the run's own %d procs on the %d cores", mean, other, procs, cores)
}

// recommend builds one group's verdict.
func recommend(g *GroupRows, cores int, busyLoad string) Recommendation {
	r := Recommendation{Group: g.Group, Cores: cores, Oversubscribed: cores > 0 && g.Procs > cores, At: g.Ns[len(g.Ns)-1]}
	head := fmt.Sprintf("%s, %s", strings.Join(g.KernelParts(), ", "), procsLabel(g.Procs, cores))
	if !g.HasBaseline() {
		r.Reason, r.Text = "no baseline", head+": no sequential baseline, so no verdict."
		return r
	}
	if seq := g.Row(Baseline, r.At); seq != nil {
		head += fmt.Sprintf(" (%s ns per item in sequential)", formatNs(seq.Summary.Center))
	}
	var busy []string
	for _, b := range []string{limitShort(g, cores), busyLoad} {
		if b != "" {
			busy = append(busy, b)
		}
	}
	r.Busy = strings.Join(busy, ", and ")
	if r.Busy != "" {
		// Said first: a busy machine explains what follows.
		head += ": " + r.Busy + "; rerun on a quiet machine. As measured"
	}
	goShapes := goShapes(g)
	r.SequentialWins = sequentialWinsAt(g, goShapes)
	r.Shapes = tied(g, goShapes, r.At)
	if len(r.Shapes) == 0 {
		switch {
		case slices.Contains(r.SequentialWins, r.At):
			r.Reason = "sequential"
			r.Text = head + fmt.Sprintf(": use sequential: every shape is significantly slower at n=%s, the largest n measured, and none pays from any n on.", formatN(r.At))
		case g.Wait == 0 && (g.Procs == 1 || cores == 1):
			r.Reason = "one proc"
			r.Text = head + ": use sequential: with one proc no shape runs items in parallel, so at work that waits for nothing the shapes only show their overhead."
		case r.Busy != "":
			r.Reason = "busy machine"
			r.Text = head + ", no shape is significantly faster than sequential from some n up to the largest measured."
		default:
			r.Reason = "not enough evidence"
			r.Text = head + ": not enough evidence: no shape is significantly faster than sequential from some n up to the largest measured; " +
				"more samples (-precision, -max-count) or larger n would tell."
		}
		return r
	}
	r.Speedup = g.Row(r.Shapes[0], r.At).Speedup
	r.BreakEvenAt = slices.Min(mapBreakEven(g, r.Shapes))
	if k := slices.Index(g.Ns, r.BreakEvenAt); k > 0 {
		r.BreakEvenAfter = g.Ns[k-1]
	}
	r.Text = head + verdictText(g, r)
	return r
}

// verdictText is the sentence of a group with a recommendation, after its
// head.
func verdictText(g *GroupRows, r Recommendation) string {
	s := ": use " + orList(r.Shapes)
	if r.BreakEvenAfter == 0 {
		s += fmt.Sprintf(", which %s from the smallest n measured, n=%s", plural(len(r.Shapes), "pays", "pay"), formatN(r.BreakEvenAt))
	} else {
		s += fmt.Sprintf(", from a break-even between n=%s and n=%s", formatN(r.BreakEvenAfter), formatN(r.BreakEvenAt))
	}
	s += fmt.Sprintf(". At n=%s", formatN(r.At))
	if len(r.Shapes) > 1 {
		s += fmt.Sprintf(" their speedups overlap; the best measured, %s, is %s faster than sequential", r.Shapes[0], ratioWithCI(r.Speedup))
	} else {
		s += fmt.Sprintf(" it is %s faster than sequential", ratioWithCI(r.Speedup))
	}
	if g.Wait == 0 && !math.IsNaN(r.Speedup.Efficiency) { // no efficiency at a wait: waits do not use the cores
		s += fmt.Sprintf(" (efficiency %.0f%%%s)", r.Speedup.Efficiency*100, suspectMark(r.Speedup))
	}
	if lim := g.Row(reference(g.Strategies, false), r.At); lim != nil && lim.HasSpeedup && g.Wait == 0 { // at a wait, limit is a pool like the others
		s += fmt.Sprintf("; the machine's limit there is %.2f×", lim.Speedup.Ratio)
	}
	var below []string
	for _, n := range r.SequentialWins {
		if n < r.BreakEvenAt {
			below = append(below, formatN(n))
		}
	}
	if len(below) > 0 {
		s += ". Sequential wins at n=" + strings.Join(below, ", ") + " (every shape significantly slower)"
	}
	return s + "."
}

// procsLabel is "2 procs on 2 cores", "8 procs on 2 cores
// (oversubscribed)", or "2 procs" when the cores are unknown: GOMAXPROCS is
// not the machine's cores, and above them goroutines take turns.
func procsLabel(procs, cores int) string {
	s := fmt.Sprintf("%d %s", procs, plural(procs, "proc", "procs"))
	switch {
	case cores == 0:
		return s
	case procs > cores:
		return s + fmt.Sprintf(" on %d %s (oversubscribed)", cores, plural(cores, "core", "cores"))
	}
	return s + fmt.Sprintf(" on %d %s", cores, plural(cores, "core", "cores"))
}

// limitShort says when the limit reference at the group's largest n fell
// well short of the cores the group could use (its interval's top below
// halfway from 1× to them): the run did not get its cores, so a shape's
// speedup says more about the machine's load than about the shape.
func limitShort(g *GroupRows, cores int) string {
	usable := g.Procs
	if cores > 0 {
		usable = min(usable, cores)
	}
	lim := g.Row(reference(g.Strategies, false), g.Ns[len(g.Ns)-1])
	if g.Wait != 0 || usable < 2 || lim == nil || !lim.HasSpeedup {
		return ""
	}
	if lim.Speedup.Hi >= 1+float64(usable-1)/2 {
		return ""
	}
	free := max(1, int(math.Round(lim.Speedup.Ratio)))
	return fmt.Sprintf("this run had about %d free %s of %d (limit, which uses every core, reached %.2f× at n=%s)",
		free, plural(free, "core", "cores"), usable, lim.Speedup.Ratio, formatN(lim.N))
}

// goShapes are the group's contenders against sequential: no reference,
// no variant, and no other family's pools (Python's are compared with
// python-sequential).
func goShapes(g *GroupRows) []string {
	var out []string
	for _, s := range g.Strategies {
		if contender(s) && !isVariant(s) && g.baseline[s] == Baseline {
			out = append(out, s)
		}
	}
	return out
}

// tied returns the shapes to recommend at n, the best first: the shape
// with the highest speedup among those with a break-even n, and every
// other with a break-even n whose speedup interval at n overlaps the
// best's. Picking one of them by its point estimate would be picking by
// noise: in 60 simulated runs of one truth, the old verdict named four
// different shapes.
func tied(g *GroupRows, shapes []string, n int) []string {
	var paying []string
	for _, s := range shapes {
		if _, ok := g.BreakEven[s]; ok && g.Row(s, n) != nil {
			paying = append(paying, s)
		}
	}
	if len(paying) == 0 {
		return nil
	}
	speed := func(s string) Speedup { return g.Row(s, n).Speedup }
	slices.SortStableFunc(paying, func(a, b string) int { return cmp.Compare(speed(b).Ratio, speed(a).Ratio) })
	best := speed(paying[0])
	out := []string{paying[0]}
	for _, s := range shapes { // the others in the table's order
		if sp := g.Row(s, n); s != out[0] && slices.Contains(paying, s) && sp.Speedup.Hi >= best.Lo && sp.Speedup.Lo <= best.Hi {
			out = append(out, s)
		}
	}
	return out
}

// mapBreakEven returns the break-even n of each shape.
func mapBreakEven(g *GroupRows, shapes []string) []int {
	var out []int
	for _, s := range shapes {
		out = append(out, g.BreakEven[s])
	}
	return out
}

// orList joins names as "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// suspectMark is "?" for a suspect speedup, as the tables mark it.
func suspectMark(s Speedup) string {
	if s.Suspect {
		return "?"
	}
	return ""
}

// sequentialWinsAt returns the n at which every shape measured is
// significantly slower than its baseline (sequential, or its family's,
// such as python-sequential).
func sequentialWinsAt(g *GroupRows, shapes []string) []int {
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

// ratioWithCI formats a speedup with its interval: "1.93× (1.90–1.96)",
// with "?" after the ratio when it is suspect, as the tables mark it.
func ratioWithCI(s Speedup) string {
	return fmt.Sprintf("%.2f×%s (%.2f–%s)", s.Ratio, suspectMark(s), s.Lo, formatBound(s.Hi))
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
