package harness

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/concbench/concbench/strategies"
)

// Config describes a sweep. The zero value is the quick preset run on the
// current GOMAXPROCS: a nil or zero field means the default documented on it.
type Config struct {
	// Strategies to measure, in order. Nil means strategies.All().
	Strategies []strategies.Strategy
	// Sizes are the input lengths n. Nil means 100, 10000 and 100000.
	Sizes []int
	// Works are the kernel's extra LCG rounds per item. Nil means 0 (the
	// seed's kernel) and 100 (about 130 ns per item).
	Works []int
	// Procs are the GOMAXPROCS values to run each case under, like
	// `go test -cpu`. Nil means the current runtime.GOMAXPROCS(0).
	Procs []int
	// Workers are the workers arguments passed to Map. Nil means one value,
	// 0, which means "the case's Procs".
	Workers []int
	// Count is the number of samples per case. Zero means 6, the fewest for
	// which benchstat gives a 95% confidence interval of the median.
	Count int
	// SampleTime is the target duration of one sample. Zero means 50ms.
	SampleTime time.Duration
	// Labels are extra lines written at the top of the output, after the
	// standard ones (see Run); a label whose key matches a standard one
	// replaces its value. Keys that `go test -bench` writes (goos, goarch,
	// pkg, cpu) are configuration lines, the others "# key: value" notes.
	// Keys must be lower case, with no spaces or colons; values must be one
	// line.
	Labels []Label
	// Meter measures samples. Nil means the wall clock and
	// runtime.ReadMemStats.
	Meter Meter
	// Progress, if set, is called between steps of a Run.
	Progress func(Progress)
}

// Label is one line at the top of the output: "key: value", or a note
// "# key: value" (see Config.Labels).
type Label struct {
	Key, Value string
}

// Defaults of a zero Config.
const (
	defaultCount      = 6
	defaultSampleTime = 50 * time.Millisecond
)

// kernelConst is the kernel's constant in every run: the seed's const_value,
// which the Python peer uses too, so the two stay comparable.
const kernelConst = 100

// maxProcs is the largest procs value Validate accepts. The runtime stops
// the process on a GOMAXPROCS it cannot hold, so huge values are refused
// up front; past the machine's cores extra procs only time-slice anyway.
const maxProcs = 1024

var (
	defaultSizes = []int{100, 10_000, 100_000}
	defaultWorks = []int{0, 100}
)

// Presets names the presets Preset knows, in the order a user should
// consider them.
var Presets = []string{"quick", "seed", "full"}

// Preset returns the named sweep, with every field filled in:
//
//   - quick: every strategy, n = 100, 10000 and 100000, work = 0 and 100,
//     the current GOMAXPROCS, 6 samples of 50ms; under a minute on 2 cores;
//   - seed: the Python cheat sheet's case exactly, n = 20 and work = 0, on
//     every strategy, 10 samples of 100ms;
//   - full: n from 10 to 1000000 in decades, work = 0, 10, 100 and 1000,
//     GOMAXPROCS 1, 2, 4, ... up to runtime.NumCPU(), 10 samples of 100ms.
//
// For an unknown name it returns an error wrapping ErrConfig that lists the
// valid names.
func Preset(name string) (Config, error) {
	cfg := Config{
		Strategies: strategies.All(),
		Sizes:      defaultSizes,
		Works:      defaultWorks,
		Procs:      []int{runtime.GOMAXPROCS(0)},
		Workers:    []int{0},
		Count:      defaultCount,
		SampleTime: defaultSampleTime,
	}
	switch name {
	case "quick":
	case "seed":
		cfg.Sizes = []int{20}
		cfg.Works = []int{0}
		cfg.Count = 10
		cfg.SampleTime = 100 * time.Millisecond
	case "full":
		cfg.Sizes = []int{10, 100, 1_000, 10_000, 100_000, 1_000_000}
		cfg.Works = []int{0, 10, 100, 1000}
		cfg.Procs = nil
		for p := 1; p < runtime.NumCPU(); p *= 2 {
			cfg.Procs = append(cfg.Procs, p)
		}
		cfg.Procs = append(cfg.Procs, runtime.NumCPU())
		cfg.Count = 10
		cfg.SampleTime = 100 * time.Millisecond
	default:
		return Config{}, fmt.Errorf("%w: unknown preset %q (valid: %s)", ErrConfig, name, strings.Join(Presets, ", "))
	}
	cfg.Sizes = slices.Clone(cfg.Sizes)
	cfg.Works = slices.Clone(cfg.Works)
	return cfg, nil
}

func (c Config) strategies() []strategies.Strategy {
	if c.Strategies == nil {
		return strategies.All()
	}
	return c.Strategies
}

func (c Config) sizes() []int { return orDefault(c.Sizes, defaultSizes) }
func (c Config) works() []int { return orDefault(c.Works, defaultWorks) }
func (c Config) procs() []int { return orDefault(c.Procs, []int{runtime.GOMAXPROCS(0)}) }

func (c Config) workers() []int { return orDefault(c.Workers, []int{0}) }

func (c Config) count() int                { return cmp.Or(c.Count, defaultCount) }
func (c Config) sampleTime() time.Duration { return cmp.Or(c.SampleTime, defaultSampleTime) }

func orDefault(v, def []int) []int {
	if v == nil {
		return def
	}
	return v
}

// Validate reports the first problem that would stop cfg from running, as an
// error wrapping ErrConfig: an empty (non-nil) list, a nil strategy, a
// non-positive size, procs value or count, a procs value over 1024, a
// negative work or workers value, a negative sample time, or a malformed
// label.
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
		{"sizes", c.Sizes, 1, 0},
		{"works", c.Works, 0, 0},
		{"procs", c.Procs, 1, maxProcs},
		{"workers", c.Workers, 0, 0},
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
	if c.Count < 0 {
		return bad("count %d is negative", c.Count)
	}
	if c.SampleTime < 0 {
		return bad("sample time %v is negative", c.SampleTime)
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
// procs outermost, then n, work and workers, with strategies innermost, so
// that the strategies of one (n, work) point run back to back. A workers
// value equal to procs is the same case as 0 and appears once.
func (c Config) Cases() []Case {
	var cases []Case
	for _, p := range c.procs() {
		for _, n := range c.sizes() {
			for _, w := range c.works() {
				var seen []int
				for _, k := range c.workers() {
					// Workers 0 and Workers == p are the same case.
					eff := Case{Procs: p, Workers: k}.workers()
					if slices.Contains(seen, eff) {
						continue
					}
					seen = append(seen, eff)
					for _, s := range c.strategies() {
						cases = append(cases, Case{Strategy: s, N: n, Work: w, Procs: p, Workers: k})
					}
				}
			}
		}
	}
	return cases
}
