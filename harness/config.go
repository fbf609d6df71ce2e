package harness

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// Config describes a sweep. The zero value is the quick preset run on the
// current GOMAXPROCS: a nil or zero field means the default documented on it.
type Config struct {
	// Strategies to measure, in order. Nil means strategies.All() followed
	// by strategies.Limits(), the floor and ceiling every report holds the
	// strategies against.
	Strategies []strategies.Strategy
	// Sizes are the input lengths n. Nil means 100, 1000, 10000 and 100000.
	Sizes []int
	// Works are the kernel's extra LCG rounds per item. Nil means 0 (the
	// seed's kernel) and 100 (about 130 ns per item), unless WorkTimes
	// are given: then nil means none.
	Works []int
	// WorkTimes are works given as a duration per item instead, each from
	// above 0 to MaxWorkTime: Run turns each into LCG rounds on this
	// machine before anything is timed, and says how in the file's
	// work-calibration note ("2µs = 1534 rounds"); the cases' names say
	// work=2µs. Nil means none.
	WorkTimes []time.Duration
	// Skews are how the work is spread over the items (casekey.Skew):
	// the same n × work rounds in all at every skew, so ns/item compares
	// (Skew.Rounds). A case's kernel gets the skew's table as
	// strategies.Kernel.Rounds; Uniform has none. Nil means Uniform only.
	Skews []casekey.Skew
	// Chunks are the chunk sizes the chunked shapes (strategies.Chunker)
	// get, each >= 0: 0 is "auto", each shape's own choice. The
	// strategies that ignore chunks (Traits.IgnoresChunk) run at the first
	// value only, as their Chunk 0. Nil means 0 only.
	Chunks []int
	// Waits are how long each item waits after its work, as if for I/O
	// (strategies.Kernel.Wait), each from 0 to MaxWait. Nil means 0 only:
	// the CPU-bound kernel.
	Waits []time.Duration
	// Procs are the GOMAXPROCS values to run each case under, like
	// `go test -cpu`. Nil means the current runtime.GOMAXPROCS(0).
	Procs []int
	// Workers are the workers arguments passed to MapInto. Nil means one
	// value, 0, which means "the case's Procs".
	Workers []int
	// Outputs say where each call's results go (see Output). Nil means
	// Reuse only.
	Outputs []Output
	// Count is the number of samples every case gets. Zero means 10.
	Count int
	// Precision is the target half-width of each case's 95% confidence
	// interval of the median, as a fraction of the median (0.03: ±3%).
	// After Count samples, cases wider than that get more samples, with
	// the cases they are compared with (the same n, work, wait and procs),
	// until they are within it, have MaxCount samples, or the Budget is
	// spent.
	// Zero means report.DefaultPrecision; a negative value takes exactly Count
	// samples of every case.
	Precision float64
	// MaxCount is the most samples a case gets while chasing Precision.
	// Zero means 16 × Count.
	MaxCount int
	// Budget is the wall time the measure step may spend before it stops
	// chasing Precision: the Count samples of every case are always
	// taken. Zero means one second per case.
	Budget time.Duration
	// SampleTime is the target duration of one sample. Zero means 2ms:
	// many short samples narrow an interval faster than a few long ones,
	// as long as each sample spans many calls (docs/methodology.md).
	SampleTime time.Duration
	// Labels are extra lines written at the top of the output, after the
	// standard ones (see Run); a label whose key matches a standard one
	// replaces its value. Keys that differ from run to run (report.Volatile:
	// date, commit, preset, count…) are written as "# key: value" notes,
	// the others as configuration lines. Keys must be lower case, with no
	// spaces or colons; values must be one line.
	Labels []Label
	// Meter measures samples. Nil means the wall clock, getrusage and
	// runtime.ReadMemStats, after a garbage collection.
	Meter Meter
	// Progress, if set, is called between steps of a Run.
	Progress func(Progress)

	// workRounds are the rounds of each of WorkTimes on this machine, set
	// by calibrated at the start of a Run.
	workRounds map[time.Duration]int
}

// Label is one line at the top of the output: "key: value", or a note
// "# key: value" (see Config.Labels).
type Label struct {
	Key, Value string
}

// Defaults of a zero Config.
const (
	defaultCount         = 10
	defaultSampleTime    = 2 * time.Millisecond
	defaultBudgetPerCase = time.Second
	maxCountFactor       = 16
)

// quickBudget is the quick preset's budget: with the check, calibration
// and warm-up it keeps the default run near a minute on 2 cores.
const quickBudget = 60 * time.Second

// MaxWork is the heaviest kernel Validate accepts, in LCG rounds per item:
// about 13 ms per item on the 2-core VM. A strategy looks at its context
// between items, so a run must be able to stop within one item when
// interrupted; heavier items would make Ctrl-C wait.
const MaxWork = 10_000_000

// MaxWait is the longest wait per item Validate accepts. A wait ends as
// soon as its Map is cancelled, so this is not about Ctrl-C: a longer wait
// per item is a typing mistake (1s for 1ms) that would make a sweep run
// for hours.
const MaxWait = time.Second

// MaxSize is the largest n Validate accepts. Run also needs the memory:
// see Config.MemoryNeeded.
const MaxSize = 1 << 30

// maxProcs is the largest procs value Validate accepts. The runtime stops
// the process on a GOMAXPROCS it cannot hold, so huge values are refused
// up front; past the machine's cores extra procs only time-slice anyway.
const maxProcs = 1024

var (
	defaultSizes = []int{100, 1_000, 10_000, 100_000}
	defaultWorks = []int{0, 100}
)

// ioBudget is the io preset's budget. Its rounds are waits, wall time on
// any machine: the ten rounds every case gets take about 80 s, so 100 s
// leaves about 20 s of extra rounds for the cases still noisy. (The
// default, a second per case, would leave none: 60 cases, 80 s.)
const ioBudget = 100 * time.Second

// Preset returns the named sweep of Presets, with every field filled in:
// the defaults of a zero Config (every strategy and the references loop
// and limit, at least 10 samples of 2ms per case, more where the median
// is not yet known to within report.DefaultPrecision, within a budget of
// one second per case) changed as the preset says. For an unknown name it
// returns an error wrapping ErrConfig that lists the valid names.
func Preset(name string) (Config, error) {
	i := slices.IndexFunc(Presets(), func(p PresetSweep) bool { return p.Name == name })
	if i < 0 {
		return Config{}, fmt.Errorf("%w: unknown preset %q (valid: %s)", ErrConfig, name, strings.Join(PresetNames(), ", "))
	}
	p := Presets()[i]
	cfg := Config{
		Strategies: everything(),
		Sizes:      defaultSizes,
		Works:      defaultWorks,
		Waits:      []time.Duration{0},
		Procs:      []int{runtime.GOMAXPROCS(0)},
		Workers:    []int{0},
		Outputs:    []Output{Reuse},
		Count:      defaultCount,
		Precision:  report.DefaultPrecision,
		SampleTime: defaultSampleTime,
	}
	if p.set != nil {
		p.set(&cfg)
	}
	cfg.Sizes = slices.Clone(cfg.Sizes)
	cfg.Works = slices.Clone(cfg.Works)
	cfg.Waits = slices.Clone(cfg.Waits)
	cfg.Workers = slices.Clone(cfg.Workers)
	cfg.Budget = p.Budget
	if cfg.Budget == 0 {
		cfg.Budget = time.Duration(len(cfg.Cases())) * cmp.Or(p.BudgetPerCase, defaultBudgetPerCase)
	}
	return cfg, nil
}

func (c Config) strategies() []strategies.Strategy {
	if c.Strategies == nil {
		return everything()
	}
	return c.Strategies
}

func (c Config) sizes() []int { return orDefault(c.Sizes, defaultSizes) }
func (c Config) works() []int {
	if c.Works == nil && c.WorkTimes != nil {
		return nil
	}
	return orDefault(c.Works, defaultWorks)
}
func (c Config) waits() []time.Duration {
	return orDefault(c.Waits, []time.Duration{0})
}
func (c Config) procs() []int { return orDefault(c.Procs, []int{runtime.GOMAXPROCS(0)}) }

func (c Config) workers() []int { return orDefault(c.Workers, []int{0}) }
func (c Config) skews() []casekey.Skew {
	return orDefault(c.Skews, []casekey.Skew{casekey.Uniform})
}
func (c Config) chunks() []int { return orDefault(c.Chunks, []int{0}) }
func (c Config) outputs() []Output {
	return orDefault(c.Outputs, []Output{Reuse})
}

func (c Config) count() int                { return cmp.Or(c.Count, defaultCount) }
func (c Config) maxCount() int             { return max(c.count(), cmp.Or(c.MaxCount, maxCountFactor*c.count())) }
func (c Config) sampleTime() time.Duration { return cmp.Or(c.SampleTime, defaultSampleTime) }
func (c Config) precision() float64        { return cmp.Or(c.Precision, report.DefaultPrecision) }

// budget is the measure step's time for extra samples, for cases cases.
func (c Config) budget(cases int) time.Duration {
	return cmp.Or(c.Budget, time.Duration(cases)*defaultBudgetPerCase)
}

// everything is every strategy, then the two references.
func everything() []strategies.Strategy {
	return append(strategies.All(), strategies.Limits()...)
}

func orDefault[T any](v, def []T) []T {
	if v == nil {
		return def
	}
	return v
}

// Validate reports the first problem that would stop cfg from running, as an
// error wrapping ErrConfig: an empty (non-nil) list, a nil strategy, a
// non-positive size, procs value or count, a size over MaxSize, a work over
// MaxWork, a wait over MaxWait, a procs value over 1024, a negative work,
// wait, workers, count,
// sample time or budget, a precision that is not a number, a malformed
// label, or sizes that need more than half of the memory the process may
// use: a *MemoryError (see MemoryNeeded).
func (c Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	if c.Strategies != nil && len(c.Strategies) == 0 {
		return bad("no strategies")
	}
	for i, s := range c.Strategies {
		if s == nil {
			return bad("strategy %d is nil", i)
		}
	}
	lists := []struct {
		name     string
		v        []int
		min, max int // max 0: no limit
	}{
		{"sizes", c.Sizes, 1, MaxSize},
		{"works", c.Works, 0, MaxWork},
		{"procs", c.Procs, 1, maxProcs},
		{"workers", c.Workers, 0, 0},
		{"chunks", c.Chunks, 0, 0},
	}
	for _, l := range lists {
		if l.v != nil && len(l.v) == 0 {
			return bad("empty %s list", l.name)
		}
		for _, x := range l.v {
			if x < l.min {
				return bad("%s value %d is below %d", l.name, x, l.min)
			}
			if l.max > 0 && x > l.max {
				return bad("%s value %d is above %d", l.name, x, l.max)
			}
		}
	}
	if c.Waits != nil && len(c.Waits) == 0 {
		return bad("empty waits list")
	}
	if c.Skews != nil && len(c.Skews) == 0 {
		return bad("empty skews list")
	}
	if err := c.validateSkews(); err != nil {
		return bad("%v", err)
	}
	if c.WorkTimes != nil && len(c.WorkTimes) == 0 {
		return bad("empty work times list")
	}
	for _, d := range c.WorkTimes {
		if d <= 0 || d > MaxWorkTime {
			return bad("work time %v is not above 0 and at most %v", d, MaxWorkTime)
		}
	}
	for _, d := range c.Waits {
		if d < 0 || d > MaxWait {
			return bad("wait %v is not between 0 and %v", d, MaxWait)
		}
	}
	for _, o := range c.Outputs {
		if o != Reuse && o != Fresh {
			return bad("unknown output %d", int(o))
		}
	}
	if c.Outputs != nil && len(c.Outputs) == 0 {
		return bad("empty outputs list")
	}
	if c.Count < 0 {
		return bad("count %d is negative", c.Count)
	}
	if c.MaxCount < 0 {
		return bad("max count %d is negative", c.MaxCount)
	}
	if math.IsNaN(c.Precision) || math.IsInf(c.Precision, 0) {
		return bad("precision %v is not a number", c.Precision)
	}
	if c.SampleTime < 0 {
		return bad("sample time %v is negative", c.SampleTime)
	}
	if c.Budget < 0 {
		return bad("budget %v is negative", c.Budget)
	}
	need := c.MemoryNeeded()
	if have, what := memoryLimit(); have > 0 && need > have/2 {
		return &MemoryError{Need: need, Have: have, Limit: what, N: slices.Max(c.sizes())}
	}
	for _, l := range c.Labels {
		if !validKey(l.Key) {
			return bad("label key %q must be lower case with no spaces or colons", l.Key)
		}
		if !validValue(l.Value) {
			return bad("label %s: value must be one line", l.Key)
		}
	}
	return nil
}

// Cases returns the sweep's cases in the order each round measures them:
// procs outermost, then n, work (rounds, then times), skew, wait, workers,
// output and chunk, with strategies
// innermost, so that the strategies of one (n, work, wait) point run back
// to back. A workers value equal to procs is the same case as 0 and appears
// once; the strategies that ignore their workers argument (sequential,
// goroutine-per-item and the loop reference) appear only with the first
// workers value, since the others would measure them again under another
// name; likewise the strategies that ignore chunks appear only with the
// first chunk value, as chunk 0, and the others with each chunk as a new
// value from strategies.Chunker.WithChunk (one per strategy and chunk,
// shared by its cases: Run closes it).
func (c Config) Cases() []Case {
	return c.cases(c.strategies())
}

// cases is Cases with the strategies given.
func (c Config) cases(ss []strategies.Strategy) []Case {
	var cases []Case
	chunked := c.chunked(ss)
	for _, p := range c.procs() {
		for _, n := range c.sizes() {
			var works []Case
			for _, w := range c.works() {
				works = append(works, Case{Work: w})
			}
			for _, wt := range c.WorkTimes {
				works = append(works, Case{Work: c.workRounds[wt], WorkTime: wt})
			}
			for _, w := range works {
				for _, sk := range c.skews() {
					for _, d := range c.waits() {
						cases = c.appendWorkers(cases, chunked, Case{N: n, Work: w.Work, WorkTime: w.WorkTime, Skew: sk, Wait: d, Procs: p})
					}
				}
			}
		}
	}
	return cases
}

// chunkedStrategy is a strategy at one chunk value: s itself at chunk 0.
type chunkedStrategy struct {
	s     strategies.Strategy
	chunk int
}

// chunked returns the strategies of ss at each chunk value, chunk values
// outermost: every strategy at the first value (those that ignore chunks
// as themselves, at chunk 0), only the Chunkers at the others. A Chunker
// at a chunk other than 0 is a new value, made once here.
func (c Config) chunked(ss []strategies.Strategy) []chunkedStrategy {
	var out []chunkedStrategy
	for i, chunk := range c.chunks() {
		for _, s := range ss {
			ck, isChunker := s.(strategies.Chunker)
			ignores := strategies.TraitsOf(s).IgnoresChunk || !isChunker
			switch {
			case ignores && i > 0:
			case ignores || chunk == 0:
				out = append(out, chunkedStrategy{s, 0})
			default:
				out = append(out, chunkedStrategy{ck.WithChunk(chunk), chunk})
			}
		}
	}
	return out
}

// appendWorkers appends the cases of point at every workers value and
// output, strategies (at each chunk) innermost.
func (c Config) appendWorkers(cases []Case, ss []chunkedStrategy, point Case) []Case {
	var seen []int
	for i, k := range c.workers() {
		// Workers 0 and Workers == p are the same case.
		eff := Case{Procs: point.Procs, Workers: k}.workers()
		if slices.Contains(seen, eff) {
			continue
		}
		seen = append(seen, eff)
		for _, o := range c.outputs() {
			for _, s := range ss {
				if i > 0 && strategies.TraitsOf(s.s).IgnoresWorkers {
					continue
				}
				cs := point
				cs.Strategy, cs.Chunk, cs.Workers, cs.Output = s.s, s.chunk, k, o
				cases = append(cases, cs)
			}
		}
	}
	return cases
}

// validateSkews reports an item heavier than MaxWork rounds (or
// MaxWorkTime) at any skew, n and work: a run must be able to stop
// within one item when interrupted.
func (c Config) validateSkews() error {
	for _, sk := range c.Skews {
		if _, err := casekey.ParseSkew(sk.String()); err != nil {
			return err
		}
	}
	for _, sk := range c.skews() {
		for _, n := range c.sizes() {
			for _, w := range c.works() {
				if most := sk.MaxRounds(n, w); most > MaxWork {
					return fmt.Errorf("skew %v at n=%d, work=%d gives an item %d rounds, over %d (use a smaller work or n)", sk, n, w, most, MaxWork)
				}
			}
			for _, wt := range c.WorkTimes {
				const per = 1_000_000 // rounds per wt, for the ratio
				if most := time.Duration(float64(wt) * float64(sk.MaxRounds(n, per)) / per); most > MaxWorkTime {
					return fmt.Errorf("skew %v at n=%d, work=%v gives an item about %v, over %v (use a smaller work or n)", sk, n, wt, most, MaxWorkTime)
				}
			}
		}
	}
	return nil
}
