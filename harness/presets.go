package harness

import (
	"cmp"
	"runtime"
	"strconv"
	"time"

	"github.com/concbench/concbench/strategies"
)

// PresetSweep is one named sweep Preset returns, described once: the
// -preset names, the usage text of concbench run, its manual and the
// presets table in docs/running.md are all generated from Presets.
type PresetSweep struct {
	// Name is what Preset and -preset take.
	Name string
	// Sweep says what the preset measures, beyond the defaults every
	// preset shares (see Preset), in a phrase.
	Sweep string
	// Time is how long a run takes on the 2-core machine behind results/,
	// as measured (docs/running.md names the runs).
	Time string
	// Budget is the measure step's budget in all; when 0, BudgetPerCase
	// times the cases, and when that is 0 too, one second per case.
	Budget, BudgetPerCase time.Duration
	// set changes a default Config into the preset's.
	set func(*Config)
}

// BudgetText says the preset's budget in words: "60s in all", "2s per
// case".
func (p PresetSweep) BudgetText() string {
	if p.Budget != 0 {
		return seconds(p.Budget) + " in all"
	}
	return seconds(cmp.Or(p.BudgetPerCase, defaultBudgetPerCase)) + " per case"
}

// seconds formats d in seconds: "60s", "1s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'g', -1, 64) + "s"
}

// Presets returns the presets Preset knows, in the order a user should
// consider them, quick (the default) first.
func Presets() []PresetSweep {
	return []PresetSweep{
		{Name: "quick", Budget: quickBudget,
			Sweep: "n = 100, 1000, 10000 and 100000, work = 0 and 100, the current GOMAXPROCS",
			Time:  "about a minute"},
		{Name: "seed",
			Sweep: "the Python cheat sheet's case exactly, n = 20 and work = 0",
			Time:  "about 15 s",
			set: func(c *Config) {
				c.Sizes, c.Works = []int{20}, []int{0}
			}},
		{Name: "full",
			// Its ten rounds alone take most of a second per case (a
			// million items of 1000 rounds is over a second a call), so
			// it gets two.
			BudgetPerCase: 2 * time.Second,
			Sweep:         "n = 10 to 1000000 in decades, work = 0, 10, 100 and 1000, GOMAXPROCS 1, 2, 4, ... up to the number of CPUs",
			Time:          "about 25 minutes with -python",
			set: func(c *Config) {
				c.Sizes = []int{10, 100, 1_000, 10_000, 100_000, 1_000_000}
				c.Works = []int{0, 10, 100, 1000}
				c.Procs = nil
				for p := 1; p < runtime.NumCPU(); p *= 2 {
					c.Procs = append(c.Procs, p)
				}
				c.Procs = append(c.Procs, runtime.NumCPU())
			}},
		{Name: "alloc",
			Sweep: "the seed's hidden cost, a new result slice per call against one reused (-out reuse,fresh), for sequential, closure-partial, errgroup and persistent-pool only, n = 1000 to 1000000, work = 0 and 100",
			Time:  "about a minute",
			set: func(c *Config) {
				c.Strategies = []strategies.Strategy{strategies.Sequential{}, strategies.ClosurePartial{},
					strategies.ErrGroup{}, &strategies.PersistentPool{}}
				c.Sizes = []int{1_000, 10_000, 100_000, 1_000_000}
				c.Outputs = []Output{Reuse, Fresh}
			}},
		{Name: "io", Budget: ioBudget,
			Sweep: "the I/O-bound case, n = 100 and 1000 items that each wait 1ms after their work (work = 0), with workers = GOMAXPROCS, 16 and 128: waits overlap however few cores there are, so more workers than cores pay; every sample is one call",
			Time:  "about 2 minutes, 3 with -python",
			set: func(c *Config) {
				c.Sizes, c.Works = []int{100, 1000}, []int{0}
				c.Waits = []time.Duration{time.Millisecond}
				c.Workers = []int{0, 16, 128}
			}},
	}
}

// PresetNames returns the names of Presets, in order.
func PresetNames() []string {
	var names []string
	for _, p := range Presets() {
		names = append(names, p.Name)
	}
	return names
}
