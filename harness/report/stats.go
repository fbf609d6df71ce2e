package report

import (
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
	"strings"
)

// Speedup is one case's speed relative to the Baseline strategy at the same
// n, work and procs.
type Speedup struct {
	// Ratio is the baseline's median ns/item divided by the case's: 2 means
	// twice as fast as sequential.
	Ratio float64
	// Lo and Hi bound Ratio conservatively by dividing the ends of the two
	// medians' confidence intervals (baseline Lo / case Hi, baseline Hi /
	// case Lo); they are infinite when a sample is too small for an interval.
	Lo, Hi float64
	// Comparison is the Mann-Whitney U test of the two samples.
	Comparison benchmath.Comparison
	// Significant reports whether Comparison.P <= Alpha: only then does the
	// report print the ratio without a "~".
	Significant bool
	// Efficiency is Ratio divided by the case's workers: 1 is perfect
	// scaling.
	Efficiency float64
}

// Speedup compares the case with key k to its baseline case (see
// BaselineOf) with the same n, work and procs. It reports false when either
// case is missing.
func (d *Data) Speedup(k Key) (Speedup, bool) {
	c := d.Case(k)
	base := d.Case(Key{Strategy: d.BaselineOf(k.Strategy), N: k.N, Work: k.Work, Procs: k.Procs})
	if c == nil || base == nil {
		return Speedup{}, false
	}
	cmp := benchmath.AssumeNothing.Compare(base.Sample, c.Sample)
	s := Speedup{
		Ratio:       base.Summary.Center / c.Summary.Center,
		Lo:          base.Summary.Lo / c.Summary.Hi,
		Hi:          base.Summary.Hi / c.Summary.Lo,
		Comparison:  cmp,
		Significant: cmp.P <= cmp.Alpha,
	}
	if math.IsInf(c.Summary.Hi, 0) || math.IsInf(base.Summary.Lo, 0) {
		s.Lo = math.Inf(-1)
	}
	if math.IsInf(c.Summary.Lo, 0) || math.IsInf(base.Summary.Hi, 0) {
		s.Hi = math.Inf(1)
	}
	s.Efficiency = s.Ratio / float64(c.Workers)
	return s, true
}

// BaselineOf returns the strategy that s is compared with. That is
// Baseline, except for a strategy of another family, named FAMILY-NAME,
// whose family has its own FAMILY-sequential in the data: python-partial is
// compared with python-sequential, so that a pool's speedup is over a loop
// in the same language. FAMILY-sequential itself is compared with Baseline,
// though tables and charts leave it out as a baseline (see IsBaseline).
func (d *Data) BaselineOf(s string) string {
	family, _, ok := strings.Cut(s, "-")
	if own := family + "-" + Baseline; ok && own != s && slices.Contains(d.Strategies, own) {
		return own
	}
	return Baseline
}

// IsBaseline reports whether strategy s is a loop that others are compared
// with rather than a contender: Baseline, or a family's own loop such as
// python-sequential. Speedup tables and charts leave baselines out: a
// family's loop against Go's is a difference of language, not of
// concurrency shape, and the ns/item tables show it.
func IsBaseline(s string) bool {
	return s == Baseline || strings.HasSuffix(s, "-"+Baseline)
}

// BreakEven returns the break-even n of a strategy at the given work and
// procs: the smallest n at which it is significantly faster than the
// Baseline. It reports false when there is no such n (or no baseline).
func (d *Data) BreakEven(strategy string, work, procs int) (int, bool) {
	for _, n := range d.Ns {
		s, ok := d.Speedup(Key{Strategy: strategy, N: n, Work: work, Procs: procs})
		if ok && s.Significant && s.Ratio > 1 {
			return n, true
		}
	}
	return 0, false
}

// Best returns the strategy with the lowest median ns/item at the given n,
// work and procs, or "" when there is no case there. Ties go to the
// strategy listed first in Data.Strategies.
func (d *Data) Best(n, work, procs int) string {
	best, bestV := "", math.Inf(1)
	for _, s := range d.Strategies {
		if c := d.Case(Key{Strategy: s, N: n, Work: work, Procs: procs}); c != nil && c.Summary.Center < bestV {
			best, bestV = s, c.Summary.Center
		}
	}
	return best
}

// Group is one (work, procs) pair: the unit of one report table.
type Group struct {
	Work, Procs int
}

// Groups returns every (work, procs) pair with at least one case, ordered
// by work, then procs.
func (d *Data) Groups() []Group {
	var gs []Group
	for _, c := range d.Cases {
		g := Group{c.Work, c.Procs}
		if !slices.Contains(gs, g) {
			gs = append(gs, g)
		}
	}
	return gs
}

// Delta is one case present in both runs of an A/B comparison.
type Delta struct {
	Key
	// Old and New are the case in the base run and in the new run.
	Old, New *Case
	// Comparison is the Mann-Whitney U test of Old against New.
	Comparison benchmath.Comparison
	// Pct is the change in median ns/item in percent: +10 is 10% slower.
	Pct float64
	// Significant reports whether Comparison.P <= Alpha.
	Significant bool
}

// Compare matches the cases of base and cur by key and compares each pair,
// in cur's case order. Cases present in only one run are returned in
// onlyBase and onlyCur.
func Compare(base, cur *Data) (deltas []Delta, onlyBase, onlyCur []Key) {
	for _, c := range cur.Cases {
		o := base.Case(c.Key)
		if o == nil {
			onlyCur = append(onlyCur, c.Key)
			continue
		}
		cmp := benchmath.AssumeNothing.Compare(o.Sample, c.Sample)
		deltas = append(deltas, Delta{
			Key:         c.Key,
			Old:         o,
			New:         c,
			Comparison:  cmp,
			Pct:         (c.Summary.Center/o.Summary.Center - 1) * 100,
			Significant: cmp.P <= cmp.Alpha,
		})
	}
	for _, o := range base.Cases {
		if cur.Case(o.Key) == nil {
			onlyBase = append(onlyBase, o.Key)
		}
	}
	return deltas, onlyBase, onlyCur
}

// Regressions returns the deltas that are significant slowdowns of more
// than pct percent, in their input order.
func Regressions(deltas []Delta, pct float64) []Delta {
	var out []Delta
	for _, d := range deltas {
		if d.Significant && d.Pct > pct {
			out = append(out, d)
		}
	}
	return out
}
