package report

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/strategies"
)

// Speedup is one case's speed relative to its baseline (see BaselineOf) at
// the same n, work, wait and procs.
type Speedup struct {
	// Ratio is the baseline's median ns/item divided by the case's: 2 means
	// twice as fast as sequential.
	Ratio float64
	// Lo and Hi are the 95% bootstrap interval of Ratio: 0 and +Inf when a
	// side has too few samples for one. When the two cases were sampled in
	// the same rounds (Paired), the rounds are resampled, each with both
	// cases' samples; otherwise each case's samples are resampled on their
	// own (RatioInterval).
	Lo, Hi float64
	// Paired reports that the interval comes from resampling shared
	// rounds.
	Paired bool
	// Significant reports whether the interval leaves out 1: the case is
	// faster (Lo > 1) or slower (Hi < 1) than its baseline. It is the only
	// significance decision the report makes about speedups, so a "~" never
	// sits beside an interval that leaves out 1, or the reverse.
	Significant bool
	// Efficiency is Ratio over the cores the case could use:
	// min(workers, procs). 1 is perfect scaling. It is NaN for a case
	// with a wait: waiting items use no core, so cores do not bound the
	// speedup (16 workers waiting on 2 cores are up to 16 times faster
	// than sequential), and the workers do not either for a shape that
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
	s.Lo, s.Hi, s.Paired = speedupInterval(base, c, k.String())
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

// speedupInterval is the interval of base's median over c's: from the
// rounds they share when every sample of both was taken in one (see
// roundPairs), else from their samples resampled independently.
func speedupInterval(base, c *Case, seed string) (lo, hi float64, paired bool) {
	if len(base.obs) != len(c.obs) || len(c.obs) < minPairedRounds {
		lo, hi = RatioInterval(base.Sample.Values, c.Sample.Values, seed)
		return lo, hi, false // cannot pair: spare sorting for roundPairs
	}
	num, pn := runUnits(base.obs)
	den, pd := runUnits(c.obs)
	p := roundPairs(base.obs, c.obs, pn, pd)
	if p == nil {
		lo, hi = RatioInterval(base.Sample.Values, c.Sample.Values, seed)
		return lo, hi, false
	}
	lo, hi = percentile(ratioReplicates(num, den, p, seed))
	return lo, hi, true
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
// change between two runs is the machine's (see
// Comparison.MachineChanged), or the limit (not serial). It returns "" when ss has none.
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
// runner-up (the ratio interval of the two medians leaves out 1, from
// shared rounds when they have them, as a Speedup's), or "" when no
// strategy stands out.
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
	if lo, _, _ := speedupInterval(sc, bc, "fastest "+bc.Key.String()); lo > 1 {
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
