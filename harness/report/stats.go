package report

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/strategies"
)

// Speedup is one case's speed relative to its baseline (see BaselineOf) at
// the same n, work, wait and procs.
type Speedup struct {
	// Ratio is the baseline's median ns/item divided by the case's: 2 means
	// twice as fast as sequential.
	Ratio float64
	// Lo and Hi are the 95% bootstrap interval of Ratio (RatioInterval):
	// 0 and +Inf when a side has too few samples for one.
	Lo, Hi float64
	// Significant reports whether the interval leaves out 1: the case is
	// faster (Lo > 1) or slower (Hi < 1) than its baseline. It is the only
	// significance decision the report makes about speedups, so a "~" never
	// sits beside an interval that leaves out 1, or the reverse.
	Significant bool
	// Efficiency is Ratio over the cores the case could use:
	// min(workers, procs). 1 is perfect scaling. It is NaN for a case
	// with a wait: waiting items use no core, so cores do not bound the
	// speedup (16 workers waiting on 2 cores are up to 16 times faster
	// than the loop), and the workers do not either for a shape that
	// ignores them, such as goroutine-per-item.
	Efficiency float64
	// Suspect reports an efficiency above SuspectEfficiency: faster than
	// the cores allow, which points at the baseline (it ran slow) or at
	// noise, not at the strategy. Never set for a case with a wait or for a
	// reference (loop, limit).
	Suspect bool
}

// SuspectEfficiency is the efficiency above which a speedup is flagged as
// suspect: more speed than the cores the case could use can give.
const SuspectEfficiency = 1.05

// Faster reports whether the case is significantly faster than its
// baseline; Slower whether it is significantly slower.
func (s Speedup) Faster() bool { return s.Significant && s.Lo > 1 }

// Slower reports whether the case is significantly slower than its baseline.
func (s Speedup) Slower() bool { return s.Significant && s.Hi < 1 }

// Speedup compares the case with key k to its baseline case (see
// BaselineOf) with the same n, work, wait and procs. It reports false when
// either case is missing.
func (d *Data) Speedup(k Key) (Speedup, bool) {
	c := d.Case(k)
	base := d.Case(k.Group().Key(d.BaselineOf(k.Strategy), k.N))
	if c == nil || base == nil {
		return Speedup{}, false
	}
	s := Speedup{Ratio: base.Summary.Center / c.Summary.Center, Efficiency: math.NaN()}
	s.Lo, s.Hi = RatioInterval(base.Sample.Values, c.Sample.Values, k.String())
	s.Significant = s.Lo > 1 || s.Hi < 1
	if k.Wait == 0 {
		s.Efficiency = s.Ratio / float64(cores(c))
		// A reference is faster than sequential by design, not by noise:
		// loop runs the kernel without the contract (no context, no
		// recover), whose fixed cost per call shows at small n.
		s.Suspect = s.Efficiency > SuspectEfficiency && !IsReference(k.Strategy)
	}
	return s, true
}

// cores is the number of cores a case could use: its workers, but no more
// than GOMAXPROCS; one for a serial strategy (the loop reference), which
// never starts a goroutine.
func cores(c *Case) int {
	if Traits(c.Strategy).Serial {
		return 1
	}
	return max(1, min(c.Workers, c.Procs))
}

// BaselineOf returns the strategy that s is compared with. That is
// Baseline, except for a strategy of another family (its Traits.Family)
// whose family has its own baseline in the data: python-partial is
// compared with python-sequential, so that a pool's speedup is over a loop
// in the same language. A family's baseline itself is compared with
// Baseline, though tables and charts leave it out (see IsBaseline).
func (d *Data) BaselineOf(s string) string {
	family := Traits(s).Family
	for _, own := range d.Strategies {
		if family != "" && own != s && IsBaseline(own) && Traits(own).Family == family {
			return own
		}
	}
	return Baseline
}

// IsBaseline reports whether strategy s is a loop that others are compared
// with rather than a contender: a strategy whose Traits say Baseline
// (Baseline, or a family's own loop such as python-sequential), as it
// is, not a variant of it such as sequential/out=fresh. Speedup tables and
// charts leave baselines out: a family's loop against Go's is a
// difference of language, not of concurrency shape, and the ns/item
// tables show it.
func IsBaseline(s string) bool {
	v := variant(s)
	return Traits(s).Baseline && v == casekey.Case{Strategy: v.Strategy}
}

// IsReference reports whether strategy s measures the machine rather than
// a shape (its Traits say Reference: strategies.Limits): loop, the floor
// of one core, and limit, the ceiling of all of them. A variant such as
// "limit/out=fresh" is a reference too. Reports show references beside
// the strategies but never call them the fastest, give them a break-even
// n or recommend them.
func IsReference(s string) bool { return Traits(s).Reference }

// reference returns the first of ss that is a reference as it is, not a
// variant, and serial or not as asked: the loop reference (serial), whose
// change between two runs is the machine's (see Delta.Machine), or the
// limit (not serial). It returns "" when ss has none.
func reference(ss []string, serial bool) string {
	for _, s := range ss {
		v := variant(s)
		if t := Traits(s); t.Reference && t.Serial == serial && v == (casekey.Case{Strategy: v.Strategy}) {
			return s
		}
	}
	return ""
}

// variant is strategy s, a row's name, read back as the variant of a
// case it names (casekey.Case.Variant).
func variant(s string) casekey.Case {
	v, _ := casekey.ParseVariant(s)
	return v
}

// Traits returns the role of strategy s, a row's name such as
// "errgroup/out=fresh": its strategy's (casekey.Traits), the zero Traits
// of a contender for a name no table knows.
func Traits(s string) strategies.Traits { return variant(s).Traits() }

// contender reports whether s competes for "fastest" and the verdict:
// neither a baseline nor a reference.
func contender(s string) bool {
	return !IsBaseline(s) && !IsReference(s)
}

// isVariant reports whether s is a strategy timed with a new result slice
// per call ("errgroup/out=fresh"): a lesson on allocation beside the
// shapes, not a shape to recommend, so the verdict leaves it out.
func isVariant(s string) bool {
	return variant(s).Output != casekey.Reuse
}

// BreakEven returns the break-even n of a strategy in group g: the
// smallest n measured from which the strategy is significantly faster
// than its baseline at every larger n measured too. It reports false when
// there is no such n: when the strategy is not significantly faster at the
// largest n, a faster result at some smaller n is not a break-even.
func (d *Data) BreakEven(strategy string, g Group) (int, bool) {
	be, ok := 0, false
	for i := len(d.Ns) - 1; i >= 0; i-- {
		s, have := d.Speedup(g.Key(strategy, d.Ns[i]))
		if !have {
			continue // an n this strategy was not measured at says nothing
		}
		if !s.Faster() {
			break
		}
		be, ok = d.Ns[i], true
	}
	return be, ok
}

// Best returns the strategy with the lowest median ns/item at n in group g
// among the contenders (not references), or "" when there is none. Ties
// go to the strategy listed first in Data.Strategies.
func (d *Data) Best(n int, g Group) string {
	best, bestV := "", math.Inf(1)
	for _, s := range d.Strategies {
		if IsReference(s) {
			continue
		}
		if c := d.Case(g.Key(s, n)); c != nil && c.Summary.Center < bestV {
			best, bestV = s, c.Summary.Center
		}
	}
	return best
}

// Fastest returns Best, but only when it is significantly faster than the
// runner-up (the ratio interval of the two medians leaves out 1), or ""
// when no strategy stands out.
func (d *Data) Fastest(n int, g Group) string {
	best := d.Best(n, g)
	if best == "" {
		return ""
	}
	bc := d.Case(g.Key(best, n))
	second, secondV := "", math.Inf(1)
	for _, s := range d.Strategies {
		if s == best || IsReference(s) {
			continue
		}
		if c := d.Case(g.Key(s, n)); c != nil && c.Summary.Center < secondV {
			second, secondV = s, c.Summary.Center
		}
	}
	if second == "" {
		return best
	}
	sc := d.Case(g.Key(second, n))
	if lo, _ := RatioInterval(sc.Sample.Values, bc.Sample.Values, "fastest "+bc.Key.String()); lo > 1 {
		return best
	}
	return ""
}

// Group is one kernel (work, wait, skew) at one procs: the unit of one
// report table. Cases of different waits or skews are never compared: a
// speedup at a wait or a skew is over sequential at the same wait or skew.
type Group struct {
	Work int
	// WorkTime is the work as a duration per item (see Key.WorkTime).
	WorkTime time.Duration
	Wait     time.Duration
	Skew     casekey.Skew
	Procs    int
}

// Key returns the key of strategy s at n in the group.
func (g Group) Key(s string, n int) Key {
	return Key{Strategy: s, N: n, Work: g.Work, WorkTime: g.WorkTime, Wait: g.Wait, Skew: g.Skew, Procs: g.Procs}
}

// KernelParts returns the group's kernel as the parts of a benchmark name
// say it: "work=W" (or "work=2µs"), then "wait=D" and "skew=S" when they
// are not the defaults. Headings, IDs and chart titles join them.
func (g Group) KernelParts() []string {
	work := "work=" + strconv.Itoa(g.Work)
	if g.WorkTime != 0 {
		work = "work=" + g.WorkTime.String()
	}
	parts := []string{work}
	if g.Wait != 0 {
		parts = append(parts, "wait="+g.Wait.String())
	}
	if g.Skew != casekey.Uniform {
		parts = append(parts, "skew="+g.Skew.String())
	}
	return parts
}

// String is the group as report headings show it: "work=W procs=P", with
// "wait=D" and "skew=S" before the procs when they are not the defaults.
func (g Group) String() string {
	return strings.Join(g.KernelParts(), " ") + " procs=" + strconv.Itoa(g.Procs)
}

// Groups returns every group with at least one case, ordered by work (in
// rounds, then as a duration), then skew, wait and procs.
func (d *Data) Groups() []Group {
	var gs []Group
	for _, c := range d.Cases {
		if g := c.Group(); !slices.Contains(gs, g) {
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
	// Comparison is the Mann-Whitney U test of Old against New, as
	// benchstat makes it; its Warnings say when the samples are too small.
	Comparison benchmath.Comparison
	// P is Comparison.P adjusted for the number of cases compared
	// (Holm–Bonferroni): the chance that any of the cases differs by
	// chance alone stays at Alpha.
	P float64
	// Pct is the change in median ns/item in percent: +10 is 10% slower.
	Pct float64
	// Lo and Hi are the 95% bootstrap interval of Pct (RatioInterval of
	// new over old): -100 and +Inf when a side has too few samples.
	Lo, Hi float64
	// Significant reports whether P <= Alpha.
	Significant bool
	// Machine is how many times slower the loop reference at the same n,
	// work, wait and procs ran in the new run than in the base run, or 1
	// when either run lacks it. loop runs no code a change could touch, so
	// its change is the machine's (a busier host, a slower core), and
	// every other case's new samples are divided by it before they are
	// compared: P, Pct, Lo and Hi are the change beyond the machine's.
	// References themselves are compared as measured.
	Machine float64
}

// Compare matches the cases of base and cur by key and compares each pair,
// in cur's case order, adjusting the p-values for the number of pairs
// (Holm–Bonferroni). Cases present in only one run are returned in
// onlyBase and onlyCur.
func Compare(base, cur *Data) (deltas []Delta, onlyBase, onlyCur []Key) {
	for _, c := range cur.Cases {
		o := base.Case(c.Key)
		if o == nil {
			onlyCur = append(onlyCur, c.Key)
			continue
		}
		m, sample, center := 1.0, c.Sample, c.Summary.Center
		if !IsReference(c.Strategy) {
			m = machine(base, cur, c.Key)
		}
		if m != 1 {
			vs := make([]float64, len(c.Sample.Values))
			for i, v := range c.Sample.Values {
				vs[i] = v / m
			}
			sample, center = benchmath.NewSample(vs, &thresholds), center/m
		}
		lo, hi := RatioInterval(sample.Values, o.Sample.Values, "delta "+c.Key.String())
		deltas = append(deltas, Delta{
			Key:        c.Key,
			Old:        o,
			New:        c,
			Comparison: benchmath.AssumeNothing.Compare(o.Sample, sample),
			Pct:        (center/o.Summary.Center - 1) * 100,
			Lo:         (lo - 1) * 100,
			Hi:         (hi - 1) * 100,
			Machine:    m,
		})
	}
	holm(deltas)
	for _, o := range base.Cases {
		if cur.Case(o.Key) == nil {
			onlyBase = append(onlyBase, o.Key)
		}
	}
	return deltas, onlyBase, onlyCur
}

// machine returns how many times slower the loop reference at k's n, work,
// wait and procs ran in cur than in base, or 1 when either lacks it.
func machine(base, cur *Data, k Key) float64 {
	if k.Strategy = reference(cur.Strategies, true); k.Strategy == "" {
		return 1
	}
	o, c := base.Case(k), cur.Case(k)
	if o == nil || c == nil || !(o.Summary.Center > 0) || !(c.Summary.Center > 0) {
		return 1
	}
	return c.Summary.Center / o.Summary.Center
}

// holm sets every delta's P to its Holm–Bonferroni adjusted p-value and
// Significant to P <= Alpha: the i-th smallest of m p-values is multiplied
// by m-i+1, and the adjusted values are made non-decreasing.
func holm(ds []Delta) {
	order := make([]int, len(ds))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ds[order[a]].Comparison.P < ds[order[b]].Comparison.P })
	running := 0.0
	for rank, i := range order {
		p := math.Min(1, ds[i].Comparison.P*float64(len(ds)-rank))
		running = math.Max(running, p)
		ds[i].P = running
		ds[i].Significant = running <= Alpha
	}
}

// Regressions returns the deltas that are significant slowdowns (after the
// Holm–Bonferroni adjustment) whose whole interval lies above pct percent:
// a slowdown of more than pct, not merely a median change of more than pct.
// References are never regressions: they run no code a change could touch.
func Regressions(deltas []Delta, pct float64) []Delta {
	var out []Delta
	for _, d := range deltas {
		if d.Significant && d.Lo > pct && !IsReference(d.Strategy) {
			out = append(out, d)
		}
	}
	return out
}

// Geomean returns the geometric mean of the deltas' new/old median ratios
// (beyond the machine's change, see Delta.Machine), as a change in
// percent: the run's overall change.
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

// MinSamples returns the fewest samples per side with which a Mann-Whitney
// U test can reach a p-value of at most alpha/m: below it, m cases
// compared with the Holm–Bonferroni adjustment can never show a
// significant change, whatever the numbers. (The smallest two-sided
// p-value of n against n samples is 2/C(2n, n).)
func MinSamples(m int) int {
	limit := Alpha / float64(max(m, 1))
	for n := 2; ; n++ {
		if 2/binomial(2*n, n) <= limit {
			return n
		}
	}
}

// binomial returns C(n, k) as a float64.
func binomial(n, k int) float64 {
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return r
}

// TooFew returns a message naming the cases too small to decide, and how
// many samples they need, or "" when every delta could show a change.
func TooFew(deltas []Delta) string {
	need := MinSamples(len(deltas))
	var small []string
	fewest := math.MaxInt
	for _, d := range deltas {
		n := min(len(d.Old.Sample.Values), len(d.New.Sample.Values))
		if n < need {
			small = append(small, d.Key.String())
			fewest = min(fewest, n)
		}
	}
	if len(small) == 0 {
		return ""
	}
	return fmt.Sprintf("too few samples to decide: %d of %d cases have as few as %d per side (e.g. %s); "+
		"comparing %d cases needs at least %d samples per side for any change to be significant",
		len(small), len(deltas), fewest, small[0], len(deltas), need)
}
