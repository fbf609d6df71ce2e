package report

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Comparison is an A/B comparison of two sets of runs, case by case: what
// `concbench report -base OLD NEW` shows, and what its regression gate
// decides on.
//
// Every case is compared as measured: nothing is divided by another case's
// change. One rule decides everything a comparison says about a case: the
// interval of its change at level 1 − Alpha/m (normal on the log of the
// ratio, from a bootstrap standard error), m the number of
// cases compared (Bonferroni). The "~" mark, the interval shown and the gate
// all read that interval, so they cannot disagree, and the chance that any
// of the m intervals misses its case's true change stays near Alpha.
type Comparison struct {
	Base, New *Data
	// Deltas are the cases in both runs, in New's order.
	Deltas []Delta
	// OnlyBase and OnlyNew are the cases in one run only.
	OnlyBase, OnlyNew []Key
	// Level is the confidence level of every delta's interval:
	// 1 − Alpha/len(Deltas).
	Level float64
	// Geomean is the change of all shared cases together, in percent.
	Geomean float64
	// Detectable is the smallest change, in percent, that the median case
	// could have shown as significant given the noise observed: the median
	// half-width of the intervals of the cases that are not references.
	// Widest is the largest such half-width, of case WidestKey.
	Detectable, Widest float64
	WidestKey          Key
	// BaseRuns and NewRuns are the most runs (files) any case of each side
	// comes from. With two or more on both sides the run is the unit of
	// resampling, so run-to-run noise is in the intervals; with one, only
	// the noise within a run is known.
	BaseRuns, NewRuns int
	// ConfigDiffs describe the configuration keys that differ between the
	// runs and matter (cpu, goarch, go, gomaxprocs, numcpu, pkg), with both
	// values: a difference in them may be the machine, not the code.
	ConfigDiffs []string
	// TooFew is non-empty when some cases have too few samples for an
	// interval (see minRatioSamples).
	TooFew string
}

// Delta is one case present in both sides of a comparison.
type Delta struct {
	Key
	// Old and New are the case in the base runs and in the new runs.
	Old, New *Case
	// Pct is the change in median ns/item in percent, as measured: +10 is
	// 10% slower.
	Pct float64
	// Lo and Hi bound Pct at the comparison's Level (see changeInterval):
	// -100 and +Inf when a side has too few samples.
	Lo, Hi float64
	// Significant reports whether the interval leaves out 0: the one
	// decision behind "~" and the gate.
	Significant bool
	// RunUnit reports that both sides have two or more runs of the case,
	// so runs, then samples within them, were resampled.
	RunUnit bool

	logSE float64 // the bootstrap standard error of log(new/old); +Inf without one
}

// Within95 returns the delta's interval at 95%, for this case alone:
// wider than nothing, narrower than Lo and Hi, which hold for every case
// at once.
func (d Delta) Within95() (lo, hi float64) {
	if math.IsInf(d.logSE, 1) {
		return -100, math.Inf(1)
	}
	z := normalQuantile(1 - Alpha/2)
	r := 1 + d.Pct/100
	return (r*math.Exp(-z*d.logSE) - 1) * 100, (r*math.Exp(z*d.logSE) - 1) * 100
}

// halfWidth is the half-width of the delta's interval in percent (the
// larger side): the smallest change it could have shown as significant.
func (d Delta) halfWidth() float64 {
	return math.Max(d.Hi-d.Pct, d.Pct-d.Lo)
}

// compareKeys are the configuration keys whose difference between two runs
// can explain a change by itself.
var compareKeys = []string{"goos", "goarch", "cpu", "numcpu", "go", "gomaxprocs", "pkg", "kernel", "const"}

// NewComparison compares cur with base.
func NewComparison(base, cur *Data) *Comparison {
	c := &Comparison{Base: base, New: cur}
	c.Deltas, c.OnlyBase, c.OnlyNew = Compare(base, cur)
	c.Level = 1 - Alpha/float64(max(len(c.Deltas), 1))
	c.Geomean = Geomean(c.Deltas)
	c.TooFew = TooFew(c.Deltas)
	c.Detectable, c.Widest, c.WidestKey = detectable(c.Deltas)
	for _, d := range c.Deltas {
		c.BaseRuns, c.NewRuns = max(c.BaseRuns, d.Old.Runs), max(c.NewRuns, d.New.Runs)
	}
	for _, k := range compareKeys {
		if o, n := base.MetaValue(k), cur.MetaValue(k); o != n {
			c.ConfigDiffs = append(c.ConfigDiffs, fmt.Sprintf("%s differs: base %q, new %q", k, o, n))
		}
	}
	return c
}

// Compare matches the cases of base and cur by key and compares each pair
// as measured, in cur's case order, with intervals at level 1 − Alpha/m for
// the m pairs. Cases present in only one run are returned in onlyBase and
// onlyCur.
func Compare(base, cur *Data) (deltas []Delta, onlyBase, onlyCur []Key) {
	for _, c := range cur.Cases {
		if base.Case(c.Key) == nil {
			onlyCur = append(onlyCur, c.Key)
		}
	}
	m := len(cur.Cases) - len(onlyCur)
	z := normalQuantile(1 - Alpha/float64(2*max(m, 1)))
	for _, c := range cur.Cases {
		if o := base.Case(c.Key); o != nil {
			deltas = append(deltas, delta(o, c, z))
		}
	}
	for _, o := range base.Cases {
		if cur.Case(o.Key) == nil {
			onlyBase = append(onlyBase, o.Key)
		}
	}
	return deltas, onlyBase, onlyCur
}

// delta compares case c with its base o; z is the normal quantile of the
// comparison's level.
func delta(o, c *Case, z float64) Delta {
	d := Delta{Key: c.Key, Old: o, New: c, Pct: (c.Summary.Center/o.Summary.Center - 1) * 100,
		Lo: -100, Hi: math.Inf(1), RunUnit: o.Runs >= 2 && c.Runs >= 2}
	d.logSE = changeSE(o, c)
	if math.IsInf(d.logSE, 1) {
		return d
	}
	r := 1 + d.Pct/100
	d.Lo, d.Hi = (r*math.Exp(-z*d.logSE)-1)*100, (r*math.Exp(z*d.logSE)-1)*100
	d.Significant = d.Lo > 0 || d.Hi < 0
	return d
}

// changeSE is the bootstrap standard error of log(new/old), the log of
// the ratio of c's median to o's; a delta's interval is z of them on
// either side of the measured ratio. Two runs share no rounds, so each
// side's median is resampled on its own (sideVariance) and their variances
// add. Percentiles would need far more replicates at 1 − Alpha/m for m in
// the hundreds; the standard error does not. It is +Inf with fewer than
// minRatioSamples on a side.
func changeSE(o, c *Case) float64 {
	if len(o.obs) < minRatioSamples || len(c.obs) < minRatioSamples {
		return math.Inf(1)
	}
	seed := "delta " + c.Key.String()
	return math.Sqrt(sideVariance(o.obs, "base "+seed) + sideVariance(c.obs, "new "+seed))
}

// sideVariance is the bootstrap variance of the log of the median of o,
// from Resamples replicates: by run, then sample, when o holds two or more
// runs (Kalibera and Jones), else by sample. With R runs it is scaled by
// R/(R−1): resampling R runs sees (R−1)/R of their variance, half of it with
// two.
func sideVariance(o []obs, seed string) float64 {
	u, _ := runUnits(o)
	h := fnv.New64a()
	h.Write([]byte(seed))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x9e3779b97f4a7c15))
	logs := make([]float64, Resamples)
	for i := range logs {
		logs[i] = math.Log(countedMedian(u.x, u.count, u.draw(r)))
	}
	v := variance(logs)
	if k := len(u.runs); k >= 2 {
		v *= float64(k) / float64(k-1)
	}
	return v
}

// detectable returns the median and the largest half-width of the deltas'
// intervals, references left out, and the case of the largest.
func detectable(ds []Delta) (median, widest float64, at Key) {
	var hws []float64
	for _, d := range ds {
		if IsReference(d.Strategy) {
			continue
		}
		hw := d.halfWidth()
		if math.IsInf(hw, 0) {
			continue // no interval: TooFew says so
		}
		hws = append(hws, hw)
		if hw > widest {
			widest, at = hw, d.Key
		}
	}
	if len(hws) == 0 {
		return 0, 0, Key{}
	}
	slices.Sort(hws)
	return hws[len(hws)/2], widest, at
}

// Regressions returns the deltas whose whole interval lies above pct
// percent: a slowdown of more than pct, not merely a median change of more
// than pct. References are never regressions: they run no code a change
// could touch (see MachineChanged).
func (c *Comparison) Regressions(pct float64) []Delta { return Regressions(c.Deltas, pct) }

// Regressions is Comparison.Regressions over deltas.
func Regressions(deltas []Delta, pct float64) []Delta {
	var out []Delta
	for _, d := range deltas {
		if d.Lo > pct && !IsReference(d.Strategy) {
			out = append(out, d)
		}
	}
	return out
}

// MachineChanged returns the machine checks that moved by more than pct
// percent: whose 95% interval (Within95) lies beyond ±pct. Go's checks
// are the references (loop, limit), which run no code a change could
// touch; another language's (a Traits.Family, such as the Python peer's)
// is its own baseline (python-sequential), which runs on that language's
// runtime, not on Go's. When a family's check moves by more than the
// gate's threshold, the machine changed between the runs for that
// family's cases (a busier host, another core, another frequency), and a
// gate cannot tell the code's change from the machine's there. The
// interval is the check's own, not adjusted for the number of cases: a
// check that moved and is missed lets the machine's change through as the
// code's, while one seen moving by chance only makes the gate say it
// cannot decide.
func (c *Comparison) MachineChanged(pct float64) []Delta {
	var out []Delta
	for _, d := range c.Deltas {
		if lo, hi := d.Within95(); isMachineCheck(d.Strategy) && (lo > pct || hi < -pct) {
			out = append(out, d)
		}
	}
	return out
}

// isMachineCheck reports whether strategy s tells how the machine moved
// for its family's cases: a Go reference, or another family's own
// baseline.
func isMachineCheck(s string) bool {
	t := Traits(s)
	return t.Reference || t.Family != "" && IsBaseline(s)
}

// Decide is the gate's decision at threshold pct, language by language:
// moved are the machine checks that moved (MachineChanged), and regs the
// regressions of the families whose checks held. A family's moved check
// leaves that family's cases undecided and never another's: Python's
// baseline says nothing about Go's cases, nor Go's loop about Python's.
func (c *Comparison) Decide(pct float64) (regs, moved []Delta) {
	moved = c.MachineChanged(pct)
	undecided := map[string]bool{}
	for _, d := range moved {
		undecided[Traits(d.Strategy).Family] = true
	}
	for _, d := range c.Regressions(pct) {
		if !undecided[Traits(d.Strategy).Family] {
			regs = append(regs, d)
		}
	}
	return regs, moved
}

// DescribeMoved lists the checks of MachineChanged family by family, as
// "the references, which run no code a change could touch, moved:
// loop/n=1000/work=0 procs=2 -32% (95% for this case alone: -45% to
// -16%)" for Go and "the Python cases' own baseline moved:
// python-sequential/..." for another family, with the interval MachineChanged decides on.
func DescribeMoved(ds []Delta) string {
	families := []string{""} // Go's first
	byFamily := map[string][]string{}
	for _, d := range ds {
		lo, hi := d.Within95()
		f := Traits(d.Strategy).Family
		if !slices.Contains(families, f) {
			families = append(families, f)
		}
		byFamily[f] = append(byFamily[f], fmt.Sprintf("%s/n=%d/%s procs=%d %+.0f%% (95%% for this case alone: %+.1f%% to %+.1f%%)",
			d.Strategy, d.N, strings.Join(d.Group().KernelParts(), "/"), d.Procs, d.Pct, lo, hi))
	}
	var out []string
	for _, f := range families {
		if len(byFamily[f]) == 0 {
			continue
		}
		what := "the references, which run no code a change could touch, moved: "
		if f != "" {
			what = "the " + f + " cases' own baseline, on " + f + "'s runtime, moved: "
		}
		out = append(out, what+strings.Join(byFamily[f], ", "))
	}
	return strings.Join(out, "; ")
}

// UndecidedFamilies names the families whose cases moved checks leave
// undecided, "Go" for Go's, Go first, then in the order of moved.
func UndecidedFamilies(moved []Delta) []string {
	var out []string
	if slices.ContainsFunc(moved, func(d Delta) bool { return Traits(d.Strategy).Family == "" }) {
		out = append(out, "Go")
	}
	for _, d := range moved {
		f := Traits(d.Strategy).Family
		if f == "" {
			f = "Go"
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// Geomean returns the geometric mean of the deltas' new/old median ratios,
// as a change in percent: the run's overall change.
func Geomean(deltas []Delta) float64 {
	if len(deltas) == 0 {
		return 0
	}
	sum := 0.0
	for _, d := range deltas {
		sum += math.Log(1 + d.Pct/100)
	}
	return (math.Exp(sum/float64(len(deltas))) - 1) * 100
}

// TooFew returns a message naming the cases too small for an interval
// (fewer than 6 samples a side), or "" when every delta has one.
func TooFew(deltas []Delta) string {
	var small []string
	fewest := math.MaxInt
	for _, d := range deltas {
		n := min(len(d.Old.Sample.Values), len(d.New.Sample.Values))
		if n < minRatioSamples {
			small = append(small, d.Key.String())
			fewest = min(fewest, n)
		}
	}
	if len(small) == 0 {
		return ""
	}
	return fmt.Sprintf("too few samples to decide: %d of %d %s as few as %d per side (e.g. %s); "+
		"an interval of a change needs at least %d samples per side",
		len(small), len(deltas), plural(len(deltas), "case has", "cases have"), fewest, small[0], minRatioSamples)
}

// noiseNote says how much noise the intervals hold and what they could
// detect, for the comparison's warnings; pct is the gate's threshold, or a
// negative number without a gate.
func (c *Comparison) noiseNote(pct float64) []string {
	var w []string
	if c.BaseRuns < 2 || c.NewRuns < 2 {
		w = append(w, fmt.Sprintf("only the noise within a run is known (%d base %s, %d new): runs of the same code differ more than samples of one run do, so give two or more runs a side (-base a1.txt,a2.txt NEW1 NEW2) for intervals that hold across runs",
			c.BaseRuns, plural(c.BaseRuns, "run", "runs"), c.NewRuns))
	}
	if len(c.Deltas) > 0 {
		s := fmt.Sprintf("smallest detectable change: ±%.1f%% for the median case, ±%.1f%% for the noisiest (%s)", c.Detectable, c.Widest, c.WidestKey)
		if pct >= 0 && c.Detectable > pct {
			s += fmt.Sprintf("; that is above -fail-on %v%%, so a regression of %v%% would mostly go unseen: take more samples or runs", pct, pct)
		}
		w = append(w, s)
	}
	return w
}

// warnings are everything the reader of a comparison must know beside the
// table: too few samples, differing configurations, references that moved
// (by more than the gate's threshold pct, or at all without a gate), cases
// in one run only.
//
// With all, the cases in one run only are listed one a line, as JSON
// wants them; else summarised by group (see summarise).
func (c *Comparison) warnings(pct float64, all bool) []string {
	w := append(slices.Clone(c.Base.Warnings), c.New.Warnings...)
	if len(c.Deltas) == 0 {
		w = append(w, "the two runs have no case in common")
	}
	if c.TooFew != "" {
		w = append(w, c.TooFew)
	}
	w = append(w, c.ConfigDiffs...)
	if moved := c.MachineChanged(max(pct, 0)); len(moved) > 0 {
		w = append(w, "the machine changed between the runs (or the runs are too noisy to tell): "+DescribeMoved(moved)+"; changes of about their size in their language's cases may be the machine's, not the code's")
	}
	if all {
		for _, k := range c.OnlyBase {
			w = append(w, "only in base: "+k.String())
		}
		for _, k := range c.OnlyNew {
			w = append(w, "only in new: "+k.String())
		}
		return w
	}
	name := func(k Key) string { return fmt.Sprintf("%s/n=%d", k.Strategy, k.N) }
	w = append(w, summarise(c.OnlyBase, "only in base", name)...)
	return append(w, summarise(c.OnlyNew, "only in new", name)...)
}

// document lays out the comparison for text, Markdown and HTML, its notes
// worded for format f; pct is the gate's threshold, or negative without a
// gate.
func (c *Comparison) document(f Format, pct float64) document {
	level := fmt.Sprintf("%.4g%%", c.Level*100)
	doc := document{
		Title: fmt.Sprintf("concbench comparison: %s vs %s", strings.Join(c.Base.Files, ", "), strings.Join(c.New.Files, ", ")),
		Meta:  c.New.Meta,
		Noise: strings.Join(c.noiseNote(pct), ". ") + ".",
		Notes: []string{
			"ns/item: median ±95% confidence interval; delta: change of the median as measured, + is slower; " +
				fmt.Sprintf("interval: its %s interval (normal, on the log of the ratio, with a bootstrap standard error), which is 95%% made stricter for the %d cases compared (Bonferroni), so that all of them hold together 95%% of the time; ", level, len(c.Deltas)) +
				"~ marks an interval that includes 0 (no significant change). The interval alone decides the ~, and the gate (-fail-on PCT) fails only on a case whose whole interval lies above PCT. " +
				"With two or more runs a side, runs are resampled, then the samples in them (Kalibera and Jones), so that the intervals hold across runs. " +
				"The references (loop, limit) run no code a change could touch: they are never regressions, and when they moved beyond the gate's threshold (by their own 95% interval, not the stricter one: a moved machine missed would pass as the code's change) the machine changed and the gate cannot decide Go's cases (exit 2); another language's own baseline (python-sequential) does the same for that language's cases, never for Go's. " +
				"A significant slowdown is marked " + marked(f, true) + "; k=B+N are the two runs' sample counts.",
		},
		Warnings: c.warnings(pct, false),
	}
	t := table{ID: "comparison", Title: "base vs new, ns/item",
		Header: []string{"case", "base", "new", "delta", level + " interval", "samples"}}
	for _, d := range c.Deltas {
		delta := fmt.Sprintf("%+.1f%%", d.Pct)
		if !d.Significant {
			delta = "~ " + delta
		}
		t.Rows = append(t.Rows, []cell{
			{Text: d.Key.String()},
			{Text: formatMedian(d.Old.Summary), Num: d.Old.Summary.Center},
			{Text: formatMedian(d.New.Summary), Num: d.New.Summary.Center},
			{Text: delta, Bad: d.Significant && d.Pct > 0 && !IsReference(d.Strategy), Num: d.Pct},
			{Text: fmt.Sprintf("%s to %s", formatPct(d.Lo), formatPct(d.Hi)), Num: d.Lo},
			{Text: fmt.Sprintf("k=%d+%d", len(d.Old.Sample.Values), len(d.New.Sample.Values)), Num: float64(len(d.New.Sample.Values))},
		})
	}
	if len(c.Deltas) > 0 {
		t.Footer = []string{"geomean", "", "", fmt.Sprintf("%+.1f%%", c.Geomean), "", ""}
	}
	doc.Sections = []section{{Heading: "comparison", Tables: []table{t}}}
	return doc
}

// formatPct prints a percentage that may be +Inf.
func formatPct(v float64) string {
	if math.IsInf(v, 1) {
		return "+∞"
	}
	return fmt.Sprintf("%+.1f%%", v)
}

// csv is one row per shared case.
func (c *Comparison) csv() [][]string {
	out := [][]string{{"strategy", "n", "work", "wait_ns", "procs", "base_median_ns_per_item", "new_median_ns_per_item",
		"delta_pct", "delta_lo_pct", "delta_hi_pct", "level", "significant", "base_samples", "new_samples", "base_runs", "new_runs"}}
	for _, d := range c.Deltas {
		out = append(out, []string{d.Strategy, strconv.Itoa(d.N), strconv.Itoa(d.Work), strconv.FormatInt(int64(d.Wait), 10), strconv.Itoa(d.Procs),
			formatFloat(d.Old.Summary.Center), formatFloat(d.New.Summary.Center), formatFloat(d.Pct),
			formatFloat(d.Lo), formatFloat(d.Hi), formatFloat(c.Level),
			strconv.FormatBool(d.Significant),
			strconv.Itoa(len(d.Old.Sample.Values)), strconv.Itoa(len(d.New.Sample.Values)),
			strconv.Itoa(d.Old.Runs), strconv.Itoa(d.New.Runs)})
	}
	return out
}
