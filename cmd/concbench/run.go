package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/harness/outfile"
	"github.com/concbench/concbench/harness/python"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// runFlags are the flags of `concbench run`.
type runFlags struct {
	preset, strategies, sizes, works, waits, procs, workers, outputs, out string
	skews, chunks                                                         string
	count, maxCount                                                       int
	precision                                                             float64
	sampleTime, budget                                                    time.Duration
	quiet, python, force                                                  bool
	// set holds the names of the flags given on the command line.
	set map[string]bool
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.preset, "preset", "quick", "starting sweep: "+strings.Join(harness.PresetNames(), ", ")+" (see concbench help run); other flags override it")
	fs.StringVar(&f.strategies, "strategies", "", "comma-separated strategies to measure (default: all; see concbench list)")
	fs.StringVar(&f.sizes, "n", "", "comma-separated input sizes, each a positive integer (e.g. 100,10000)")
	fs.StringVar(&f.works, "work", "", "comma-separated kernel works per item, each LCG rounds >= 0 or a duration up to "+harness.MaxWorkTime.String()+", turned into rounds on this machine at the start of the run (e.g. 0,100,2us)")
	fs.StringVar(&f.waits, "wait", "", "comma-separated waits per item after its work, as if for I/O, each a duration from 0 to 1s (e.g. 0,1ms)")
	fs.StringVar(&f.procs, "procs", "", "comma-separated GOMAXPROCS values, each > 0, like go test -cpu")
	fs.StringVar(&f.workers, "workers", "", "comma-separated workers arguments, each >= 0 (0: same as procs)")
	fs.StringVar(&f.skews, "skew", "", "comma-separated skews, how the work is spread over the items, the same total at each: "+strings.Join(skewNames(), ", ")+" (default: uniform)")
	fs.StringVar(&f.chunks, "chunk", "", "comma-separated chunk sizes of the chunked shapes (and Python's Pool.map chunksize), each auto (the shape's own choice, the default) or an integer >= 1")
	fs.StringVar(&f.outputs, "out", "", "comma-separated outputs: reuse (one result slice per n) and/or fresh (a new slice per call)")
	fs.IntVar(&f.count, "count", 0, "samples every case gets, > 0 (default: the preset's, 10)")
	fs.Float64Var(&f.precision, "precision", 0, "target 95% CI half-width of each median in `percent`: cases wider get extra samples; 0 turns it off (default: the preset's, 3)")
	fs.IntVar(&f.maxCount, "max-count", 0, "most samples a case gets while chasing -precision (default: 16 x -count)")
	fs.DurationVar(&f.budget, "budget", 0, "time the extra samples may take in all (default: the preset's: "+presetBudgets()+")")
	fs.DurationVar(&f.sampleTime, "time", 0, "target duration of one sample, > 0 (default: the preset's, 2ms)")
	fs.StringVar(&f.out, "o", "", "output file, which must not exist unless -force (default: results/DATE-HOST-PRESET.txt, or -2, -3, ... if taken; PRESET is custom when flags change the sweep)")
	fs.BoolVar(&f.force, "force", false, "with -o, replace an existing file once the run completes (an interrupted run keeps its samples under a new name)")
	fs.BoolVar(&f.quiet, "q", false, "no progress and no status lines on stderr; warnings and the closing line, what was written where, still print")
	fs.BoolVar(&f.python, "python", false, "also time the Python seed programme (python-* strategies; skipped with a message without python3)")
}

// runCmd is concbench run.
func runCmd() command {
	return command{
		name:      "run",
		usageLine: "run [flags]",
		short:     "measure strategies over a sweep and write a benchmark file",
		long:      runLong(),
		flags: func(fs *flag.FlagSet) runFunc {
			return sweepFlags(fs, func(ctx context.Context, cfg harness.Config, out outfile.Spec, opt sweepOptions, _, stderr io.Writer) error {
				_, err := sweep(ctx, cfg, out, opt, stderr)
				return err
			})
		},
	}
}

// runLong is run's section of the manual, with the presets described from
// harness.Presets.
func runLong() string {
	return `
Run measures every case of a sweep, strategy × n × work × procs (× skew ×
wait × workers × output × chunk), and writes one line per sample in the Go benchmark
format, which benchstat reads unchanged (see concbench help format).

Each case is first checked against sequential: a wrong result is an error,
exit 1, before anything is timed. Each case is then calibrated, as
testing.B does, so that one sample takes about -time. Then come one
discarded warm-up round and rounds that each take one sample of every case
in turn, so that drift in the machine (a noisy neighbour, throttling) hits
every strategy alike, each group of cases compared with one another (one
n, work, wait and procs) starting one place later every round: -count
rounds of every case, then, within -budget, extra rounds of only the
groups with a case whose median is not yet known to within -precision
(the half-width of its 95% confidence interval), until each is, or has
-max-count samples.

` + presetsManual() + `

-wait adds waits to any sweep: each item waits that long after its work,
as if for a reply over the network, its goroutine blocked and using no
CPU, and the case's name gets /wait=D (1ms, 100µs). Waits overlap however
few cores there are, so with waits more workers than cores pay (-workers);
sequential, goroutine-per-item and loop, which ignore -workers, run at its
first value only. A wait is a Go timer: on Linux, one under 1ms lasts about
1ms when every goroutine waits (the runtime's epoll_wait counts whole
milliseconds), so measure 1ms and more.

-skew spreads the same total work, n × work LCG rounds, unevenly over the
items: increasing (item i costs ∝ i: sorted input), heavy-tail (about 1
item in 100, chosen with a fixed seed, 100 times the median) or straggler
(item n/2 carries a tenth of the work), beside uniform, the default. A skew
is a group of its own, like a wait (/skew=increasing in the name): each
case is checked, and each speedup taken, against sequential at the same
skew. An item heavier than 10,000,000 rounds is refused. -chunk sets how
many items the chunked shapes (errgroup, channel-pipeline,
persistent-pool, closure-partial, struct-worker) hand out at once: auto,
the default, is each one's own choice; the others run at the first value
only, and a size other than auto adds /chunk=C to the name. With -python,
the Python peer maps the same skews' tables, with Pool.map's chunksize set
to each -chunk (auto: its default).

-work takes durations per item beside rounds (-work 0,100,2us, up to
10ms): before anything is checked, run times the kernel on this machine
and turns each duration into rounds, names the cases by the duration
(work=2µs) and records the rounds in a note (# work-calibration: 2µs =
1534 rounds (1.304 ns a round)). The Python peer times rounds only.

-procs may exceed the machine's cores (oversubscription is a lesson, not
more cores): run warns on one line, and the report says so.

Run never replaces a results file. Without -o it takes the first free name
of results/DATE-HOST-PRESET.txt, -2.txt, -3.txt, ... whose chart directory
is free too, where PRESET is custom when flags change the preset's sweep;
-o onto an existing file is refused unless -force, and even then only a
complete run replaces it. The name is claimed (created empty and
exclusively, so two runs cannot both take it), and every problem with it or
with the flags is reported, exit 2, before anything is measured.

Samples stream to a temporary file beside the output, renamed onto it at
the end (see concbench help files). On SIGINT (Ctrl-C), SIGTERM or SIGHUP
the run stops after the sample in progress, keeps every finished sample,
Go's and Python's, in a file that parses, says how many on stderr and exits
with 128 + the signal's number; a second signal stops it at once. A run
that keeps no sample gives its name back.

Progress goes to stderr, results never do: on a terminal, a progress bar
with the step in progress and an ETA; elsewhere (CI, a pipe, a file), a
line every 5 seconds such as

	concbench: 34% (245/720 steps), sample Map/strategy=errgroup/n=10000/work=100-2, ~40 s left

and with -q neither; the last line, what was written where, prints with
-q too. The steps grow when cases need extra rounds, which are planned one
at a time: while the run chases its precision target the ETA is the
budget still left for that, "up to ~40 s left" (it may end sooner, when
every case is precise).

With -python, run also times the Python seed programme (harness/python/pyseed/seed.py)
with python3 into the same file, as python-sequential, python-partial,
python-callable and python-threads (a ThreadPool mapping the same partial,
where the GIL shows), with the same waits and pool sizes (-workers) as Go,
after checking that it computes what Go computes. Its cases chase the same
precision target as Go's (-precision, -max-count), a size's cases -count
samples at a time, within their own -budget. Without
python3 it says so and keeps the Go results; if Python fails, the Go results
are kept and run exits 1.
`
}

// sweepFlags defines run's flags on fs and returns the run func that
// turns them into a sweep and calls then with it: the run func of run and
// of the default command.
func sweepFlags(fs *flag.FlagSet, then func(ctx context.Context, cfg harness.Config, out outfile.Spec, opt sweepOptions, stdout, stderr io.Writer) error) runFunc {
	var f runFlags
	f.register(fs)
	return func(ctx context.Context, _ []string, stdout, stderr io.Writer) error {
		cfg, out, err := f.parsed(fs)
		if err != nil {
			return err
		}
		warnOversubscribed(stderr, cfg.Procs, runtime.NumCPU())
		return then(ctx, cfg, out, f.options(), stdout, stderr)
	}
}

// warnOversubscribed says, in one line, which procs values are above the
// machine's cores: allowed, since oversubscription is a lesson, but those
// cases measure goroutines taking turns on a core, not more cores.
func warnOversubscribed(stderr io.Writer, procs []int, cores int) {
	var over []string
	for _, p := range procs {
		if p > cores {
			over = append(over, strconv.Itoa(p))
		}
	}
	if over != nil {
		fmt.Fprintf(stderr, "concbench: warning: -procs %s on %d cores: oversubscribed, the goroutines there take turns on a core (the report says so too)\n",
			strings.Join(over, ","), cores)
	}
}

// parsed turns the flags fs parsed into the sweep they ask for and where
// its results go. Every error is a usage error naming the flag.
func (f *runFlags) parsed(fs *flag.FlagSet) (harness.Config, outfile.Spec, error) {
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	cfg, err := f.config()
	if err != nil {
		return cfg, outfile.Spec{}, err
	}
	out := outfile.Spec{Path: f.out, Force: f.force}
	switch {
	case f.set["o"] && f.out == "":
		return cfg, out, usageError("-o: empty file name (want a path, e.g. -o results/mine.txt)")
	case f.force && !f.set["o"]:
		return cfg, out, usageError("-force needs -o FILE (the default name is never replaced: a taken name gets the next number)")
	case !f.set["o"]:
		out = outfile.Spec{Path: defaultOutput(f.sweepName(), time.Now()), Numbered: true}
	}
	return cfg, out, nil
}

// options are the sweep's options the flags set.
func (f *runFlags) options() sweepOptions {
	return sweepOptions{quiet: f.quiet, python: f.python}
}

// sweepOptions are the parts of a sweep that are not the harness's.
type sweepOptions struct {
	quiet  bool // no progress bar, no status lines
	python bool // also time the Python peer into the same file
	// more says that the caller writes a closing line of its own after
	// the sweep's, so that under quiet the sweep's is left out.
	more bool
	// now is the clock of the progress lines written when stderr is not a
	// terminal; nil means time.Now.
	now func() time.Time
}

// presetBudgets lists each preset's budget: "quick 1m0s in all, seed 1s
// per case, ...".
func presetBudgets() string {
	var bs []string
	for _, p := range harness.Presets() {
		bs = append(bs, p.Name+" "+p.BudgetText())
	}
	return strings.Join(bs, ", ")
}

// presetsManual is the manual's paragraph on the presets, generated from
// harness.Presets.
func presetsManual() string {
	var b strings.Builder
	b.WriteString(strings.Join(wrap("Every preset but alloc measures the ten strategies of concbench list and two references, loop (the kernel in a plain loop on one core: the floor) and limit (the kernel handed out to workers already awake: the ceiling), with 10 samples of 2ms per case, then extra rounds for the cases whose 95% interval is wider than ±3%, up to 160 samples a case, within a budget. The flags override what they name; the times are on two cores:", 76), "\n"))
	b.WriteString("\n")
	for i, p := range harness.Presets() {
		name := p.Name
		if i == 0 {
			name += ", the default"
		}
		end := ";"
		if i == len(harness.Presets())-1 {
			end = "."
		}
		item := fmt.Sprintf("%s: %s; a budget of %s: %s%s", name, p.Sweep, p.BudgetText(), p.Time, end)
		for k, line := range wrap(item, 72) {
			b.WriteString(map[bool]string{true: "\n  - ", false: "\n    "}[k == 0] + line)
		}
	}
	return b.String()
}

// sweepShaping are the flags that change what a preset measures.
var sweepShaping = []string{"strategies", "n", "work", "skew", "chunk", "wait", "procs", "workers", "out", "count", "precision", "max-count", "budget", "time"}

// sweepName names the sweep for the preset label and the default file
// name: the preset's name, or "custom" when flags changed what it measures,
// so that a custom run neither claims to be a preset nor overwrites the
// preset's default file.
func (f *runFlags) sweepName() string {
	for _, name := range sweepShaping {
		if f.set[name] {
			return "custom"
		}
	}
	return f.preset
}

// config turns the flags into a harness.Config, starting from the preset.
// Every error is a usage error naming the flag and the valid choices.
func (f *runFlags) config() (harness.Config, error) {
	cfg, err := harness.Preset(f.preset)
	if err != nil {
		return cfg, usageError("-preset: unknown preset %q (valid: %s)", f.preset, strings.Join(harness.PresetNames(), ", "))
	}
	cfg.Labels = append(cfg.Labels, harness.Label{Key: "preset", Value: f.sweepName()})
	if f.set["strategies"] {
		if cfg.Strategies, err = parseStrategies(f.strategies); err != nil {
			return cfg, err
		}
	}
	lists := []struct {
		name, value string
		min, max    int // max 0: Validate checks it
		dst         *[]int
	}{
		{"n", f.sizes, 1, harness.MaxSize, &cfg.Sizes},
		{"procs", f.procs, 1, 0, &cfg.Procs},
		{"workers", f.workers, 0, 0, &cfg.Workers},
	}
	for _, l := range lists {
		if !f.set[l.name] {
			continue
		}
		if *l.dst, err = parseInts("-"+l.name, l.value, l.min, l.max); err != nil {
			return cfg, err
		}
	}
	if f.set["work"] {
		if cfg.Works, cfg.WorkTimes, err = parseWorks(f.works); err != nil {
			return cfg, err
		}
	}
	if f.set["wait"] {
		if cfg.Waits, err = parseDurations("-wait", f.waits); err != nil {
			return cfg, err
		}
	}
	if f.set["count"] {
		if f.count <= 0 {
			return cfg, usageError("-count: %d is not a positive integer (e.g. -count 10)", f.count)
		}
		cfg.Count = f.count
	}
	if f.set["time"] {
		if f.sampleTime <= 0 {
			return cfg, usageError("-time: %v is not a positive duration (e.g. -time 10ms)", f.sampleTime)
		}
		cfg.SampleTime = f.sampleTime
	}
	if f.set["out"] {
		if cfg.Outputs, err = parseOutputs(f.outputs); err != nil {
			return cfg, err
		}
	}
	if f.set["skew"] {
		if cfg.Skews, err = parseSkews(f.skews); err != nil {
			return cfg, err
		}
	}
	if f.set["chunk"] {
		if cfg.Chunks, err = parseChunks(f.chunks); err != nil {
			return cfg, err
		}
	}
	if f.set["precision"] {
		switch {
		case math.IsNaN(f.precision) || math.IsInf(f.precision, 0) || f.precision < 0 || f.precision >= 100:
			return cfg, usageError("-precision: %v is not a percentage in [0, 100) (e.g. -precision 3; 0 turns it off)", f.precision)
		case f.precision == 0:
			cfg.Precision = -1
		default:
			cfg.Precision = f.precision / 100
		}
	}
	if f.set["max-count"] {
		if f.maxCount <= 0 {
			return cfg, usageError("-max-count: %d is not a positive integer (e.g. -max-count 100)", f.maxCount)
		}
		cfg.MaxCount = f.maxCount
		if cfg.Count > cfg.MaxCount {
			return cfg, usageError("-max-count %d is below -count %d: every case gets -count samples, so the most it may get cannot be fewer", cfg.MaxCount, cfg.Count)
		}
	}
	if f.set["budget"] {
		if f.budget <= 0 {
			return cfg, usageError("-budget: %v is not a positive duration (e.g. -budget 2m)", f.budget)
		}
		cfg.Budget = f.budget
	}
	if err := cfg.Validate(); err != nil {
		if errors.As(err, new(*harness.MemoryError)) {
			return cfg, usageError("%s: %v", f.sizesFlag(), err)
		}
		return cfg, usageError("%v", err)
	}
	return cfg, nil
}

// sizesFlag names what set the sizes: "-n 1000,10000", or the preset.
func (f *runFlags) sizesFlag() string {
	if f.set["n"] {
		return "-n " + f.sizes
	}
	return "-preset " + f.preset
}

// parseStrategies looks up a comma-separated list of strategy names.
func parseStrategies(list string) ([]strategies.Strategy, error) {
	var names []string
	for _, s := range strategies.All() {
		names = append(names, s.Name())
	}
	if strings.TrimSpace(list) == "" {
		return nil, usageError("-strategies: empty list (valid: %s)", strings.Join(names, ", "))
	}
	var out []strategies.Strategy
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		s, err := strategies.Lookup(name)
		switch {
		case err != nil && name == "":
			return nil, usageError("-strategies: empty name in %q (valid: %s)", list, strings.Join(names, ", "))
		case err != nil:
			return nil, usageError("-strategies: unknown strategy %q (valid: %s)", name, strings.Join(names, ", "))
		case seen[name]:
			return nil, usageError("-strategies: %s is listed twice in %q (each strategy is measured once per case)", name, list)
		}
		seen[name] = true
		out = append(out, s)
	}
	return out, nil
}

// parseOutputs parses -out: a comma-separated list of reuse and fresh.
func parseOutputs(list string) ([]harness.Output, error) {
	var out []harness.Output
	for _, field := range strings.Split(list, ",") {
		o := strings.TrimSpace(field)
		var x harness.Output
		switch o {
		case "reuse":
			x = harness.Reuse
		case "fresh":
			x = harness.Fresh
		default:
			return nil, usageError("-out: %q is not an output (valid: reuse, fresh)", o)
		}
		if slices.Contains(out, x) {
			return nil, twice("-out", o, list)
		}
		out = append(out, x)
	}
	return out, nil
}

// skewNames are the -skew values, in casekey's order.
func skewNames() []string {
	var names []string
	for _, s := range casekey.Skews() {
		names = append(names, s.String())
	}
	return names
}

// parseSkews parses -skew: a comma-separated list of skew names.
func parseSkews(list string) ([]casekey.Skew, error) {
	var out []casekey.Skew
	for _, field := range strings.Split(list, ",") {
		s, err := casekey.ParseSkew(strings.TrimSpace(field))
		switch {
		case err != nil:
			return nil, usageError("-skew: %q is not a skew (valid: %s)", strings.TrimSpace(field), strings.Join(skewNames(), ", "))
		case slices.Contains(out, s):
			return nil, twice("-skew", s.String(), list)
		}
		out = append(out, s)
	}
	return out, nil
}

// parseChunks parses -chunk: a comma-separated list of chunk sizes, each
// auto (0) or an integer >= 1.
func parseChunks(list string) ([]int, error) {
	var out []int
	for _, field := range strings.Split(list, ",") {
		field = strings.TrimSpace(field)
		x, err := strconv.Atoi(field)
		if field == "auto" {
			x, err = 0, nil
		} else if err == nil && x < 1 {
			err = errors.New("below 1")
		}
		switch {
		case err != nil:
			return nil, usageError("-chunk: %q is not auto or an integer >= 1 (want comma-separated sizes, e.g. -chunk auto,1,64)", field)
		case slices.Contains(out, x):
			return nil, twice("-chunk", field, list)
		}
		out = append(out, x)
	}
	return out, nil
}

// parseWorks parses -work: a comma-separated list of LCG rounds, each an
// integer >= 0, and durations per item, each above 0 and at most
// harness.MaxWorkTime. Either list is nil when it has no values.
func parseWorks(list string) (rounds []int, times []time.Duration, err error) {
	const want = "want comma-separated works, each LCG rounds >= 0 or a duration per item such as 2us, e.g. -work 0,100,2us"
	if strings.TrimSpace(list) == "" {
		return nil, nil, usageError("-work: empty list (%s)", want)
	}
	for _, field := range strings.Split(list, ",") {
		field = strings.TrimSpace(field)
		if x, err := strconv.Atoi(field); err == nil && x >= 0 {
			switch {
			case x > harness.MaxWork:
				return nil, nil, usageError("-work: %s is above %d, the most concbench takes", field, harness.MaxWork)
			case slices.Contains(rounds, x):
				return nil, nil, twice("-work", field, list)
			}
			rounds = append(rounds, x)
			continue
		}
		d, err := time.ParseDuration(field)
		switch {
		case err != nil || d <= 0 || d > harness.MaxWorkTime:
			return nil, nil, usageError("-work: %q is neither LCG rounds >= 0 nor a duration above 0 and at most %v (%s)", field, harness.MaxWorkTime, want)
		case slices.Contains(times, d):
			return nil, nil, twice("-work", field, list)
		}
		times = append(times, d)
	}
	return rounds, times, nil
}

// parseInts parses a comma-separated list of distinct integers, each at
// least min and, unless max is 0, at most max.
func parseInts(flagName, list string, min, max int) ([]int, error) {
	want, example := "a positive integer", "100,10000"
	if min == 0 {
		want, example = "an integer >= 0", "0,100"
	}
	switch flagName {
	case "-procs":
		example = "1,2"
	case "-workers":
		example = "0,4"
	}
	if strings.TrimSpace(list) == "" {
		return nil, usageError("%s: empty list (want comma-separated values, each %s, e.g. %s %s)", flagName, want, flagName, example)
	}
	var out []int
	for _, field := range strings.Split(list, ",") {
		field = strings.TrimSpace(field)
		x, err := strconv.Atoi(field)
		switch {
		case err != nil || x < min:
			return nil, usageError("%s: %q is not %s (want comma-separated values, e.g. %s %s)", flagName, field, want, flagName, example)
		case max > 0 && x > max:
			return nil, usageError("%s: %s is above %d, the most concbench takes", flagName, field, max)
		case slices.Contains(out, x):
			return nil, twice(flagName, field, list)
		}
		out = append(out, x)
	}
	return out, nil
}

// twice is the usage error for a value listed twice: every case would be
// measured twice under one name, its samples counted double.
func twice(flagName, value, list string) error {
	return usageError("%s: %s is listed twice in %q (each value is measured once)", flagName, value, list)
}

// parseDurations parses a comma-separated list of durations, each >= 0;
// Validate checks the upper bound.
func parseDurations(flagName, list string) ([]time.Duration, error) {
	const want = "want comma-separated durations, each >= 0, e.g. -wait 0,1ms"
	if strings.TrimSpace(list) == "" {
		return nil, usageError("%s: empty list (%s)", flagName, want)
	}
	var out []time.Duration
	for _, field := range strings.Split(list, ",") {
		field = strings.TrimSpace(field)
		d, err := time.ParseDuration(field)
		switch {
		case err != nil || d < 0:
			return nil, usageError("%s: %q is not a duration >= 0 (%s)", flagName, field, want)
		case slices.Contains(out, d):
			return nil, twice(flagName, field, list)
		}
		out = append(out, d)
	}
	return out, nil
}

// defaultOutput is results/DATE-HOST-PRESET.txt, so that a file name says
// when, where and what was measured.
func defaultOutput(preset string, now time.Time) string {
	host, _ := os.Hostname()
	host = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return '-'
	}, host)
	if host == "" {
		host = "unknown-host"
	}
	return filepath.Join("results", fmt.Sprintf("%s-%s-%s.txt", now.Format("2006-01-02"), host, preset))
}

// sweep measures cfg into a new results file, says on stderr what it
// wrote, and returns the file's path. It reads as its steps:
//
//  1. validate: cfg can run, its sizes fit in memory (Config.Validate);
//  2. outfile.Claim: what killed runs left in the directory is recovered,
//     reported or removed, then the results file is claimed under a free
//     name, so every problem with the path is found before anything is
//     measured;
//  3. measure: the Go strategies, then the Python peer, write into the
//     claimed file through outfile.Write;
//  4. Settle: the file is kept if it holds a sample, else the name is
//     given back; with -force a complete run then replaces the old file;
//  5. outcome: one line says what was written, or the error why not.
//
// A results file is never replaced except by a complete run with -force,
// and an interrupted run keeps every finished sample.
func sweep(ctx context.Context, cfg harness.Config, out outfile.Spec, opt sweepOptions, stderr io.Writer) (string, error) {
	if err := cfg.Validate(); err != nil {
		return "", usageError("%v", err)
	}
	if opt.python {
		if err := python.Check(python.Config{}); err != nil && !errors.Is(err, python.ErrNoPython) {
			return "", usageError("-python: %v", err)
		}
	}
	if out.Numbered {
		out.Taken = func(p string) bool { dir, ok := chartDir(p); return ok && outfile.Exists(dir) }
	}
	res, err := outfile.Claim(out, stderr)
	if err != nil {
		return "", err
	}
	m := measure(ctx, cfg, res, opt, stderr)
	path, err := res.Settle(m.kept, m.err == nil && m.pyErr == nil)
	if err != nil {
		return "", err
	}
	return path, m.outcome(ctx, path, res, opt.quiet && opt.more, stderr)
}

// measured is what measuring wrote into the results file.
type measured struct {
	goSamples, planned int // Go samples written, and planned
	pySamples          int // the Python peer's samples written
	samples            int // every sample in the file
	kept               bool
	// err says why measuring stopped early: an interrupt, a failure (then
	// nothing is kept), or a failed write.
	err error
	// pyErr is a failing Python peer after a complete Go sweep.
	pyErr error
	// atOnce: a second interrupt stopped measuring in the middle of a
	// sample; only samples counts what was kept.
	atOnce bool
}

// interrupted reports whether measuring stopped because ctx was cancelled.
func (m measured) interrupted(ctx context.Context) bool {
	return ctx.Err() != nil && errors.Is(m.err, ctx.Err())
}

// measure measures into the file at path, through outfile.Write, and reports
// what it wrote. The file is written if it holds a sample and measuring
// completed or was interrupted; a failure keeps nothing.
func measure(ctx context.Context, cfg harness.Config, res *outfile.Results, opt sweepOptions, stderr io.Writer) measured {
	var m measured
	nothing := errors.New("nothing to keep")
	err := res.Write(func(f *os.File) error {
		m = measureInto(ctx, cfg, &cutWriter{w: f, path: res.Path}, opt, stderr)
		if m.samples == 0 || m.err != nil && !m.interrupted(ctx) {
			return nothing
		}
		return nil
	})
	switch {
	case err == nil:
		m.kept = true
	case !errors.Is(err, nothing):
		m.err = err // the file could not be written: a full disk
	}
	return m
}

// measureInto runs the Go sweep and then, with opt.python, the Python peer,
// writing every sample to w. On a first interrupt (ctx done) the sample in
// progress finishes; on a second (again) it returns at once with the
// samples already written, and w takes no more.
func measureInto(ctx context.Context, cfg harness.Config, w *cutWriter, opt sweepOptions, stderr io.Writer) measured {
	done := make(chan measured, 1)
	go func() { done <- measureAll(ctx, cfg, w, opt, stderr) }()
	select {
	case m := <-done:
		return m
	case <-ctx.Done():
	}
	select {
	case m := <-done:
		return m
	case <-again(ctx):
		return measured{samples: w.cut(), err: ctx.Err(), atOnce: true}
	}
}

// measureAll is measureInto's work, on its own goroutine.
func measureAll(ctx context.Context, cfg harness.Config, w *cutWriter, opt sweepOptions, stderr io.Writer) measured {
	p := newProgress(stderr, opt)
	cfg.Progress = p.update
	tot, err := harness.Run(ctx, cfg, w)
	p.finish()
	m := measured{goSamples: tot.Samples, planned: tot.Planned, err: err}
	if err == nil && opt.python {
		// Python's samples are kept, also when it fails or is interrupted.
		m.pySamples, err = timePython(ctx, cfg, tot.Config, w, opt.quiet, stderr)
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			m.err = err
		} else {
			m.pyErr = err
		}
	}
	m.samples = w.count()
	return m
}

// cutWriter passes writes to w, the temporary file of the results file at
// path, and counts them until cut; then it refuses every write, so that a
// sweep abandoned by a second interrupt cannot add to a file being renamed.
// Each Write of a benchfmt.Writer is one result, with the configuration
// lines before it, so the count is of samples. Errors name path.
type cutWriter struct {
	mu   sync.Mutex
	w    io.Writer
	path string
	n    int
	done bool
}

func (c *cutWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return 0, errors.New("results file closed: stopped at once")
	}
	n, err := c.w.Write(p)
	if err != nil {
		return n, fmt.Errorf("write %s: %w", c.path, outfile.Reason(err))
	}
	c.n++
	return n, nil
}

// cut refuses every later write and returns the count of writes.
func (c *cutWriter) cut() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = true
	return c.n
}

func (c *cutWriter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// outcome says on stderr what a sweep wrote to path (unless quiet: the
// caller says it), or returns the error that says why it stopped and what
// it kept.
func (m measured) outcome(ctx context.Context, path string, r *outfile.Results, quiet bool, stderr io.Writer) error {
	old := ""
	if r.Replace != "" && path != r.Replace {
		old = fmt.Sprintf("; %s is as it was (only a complete run replaces it)", r.Replace)
	}
	kept := fmt.Sprintf("%d of %d samples", m.goSamples, m.planned)
	switch {
	case m.pySamples > 0: // Python starts after a complete Go sweep
		kept = fmt.Sprintf("%d Go samples and %d Python samples", m.goSamples, m.pySamples)
	case m.goSamples >= m.planned: // stopped while chasing precision
		kept = fmt.Sprintf("%d samples", m.goSamples)
	}
	switch {
	case m.interrupted(ctx) && !m.kept:
		return interrupted{msg: "no sample finished; nothing written" + old, err: m.err}
	case m.interrupted(ctx) && m.atOnce:
		return interrupted{msg: fmt.Sprintf("stopped at once: kept %d samples in %s%s", m.samples, path, old), err: m.err}
	case m.interrupted(ctx):
		return interrupted{msg: fmt.Sprintf("kept %s in %s%s", kept, path, old), err: m.err}
	case m.err != nil && errors.Is(m.err, harness.ErrConfig):
		return usageError("%v", m.err)
	case m.err != nil:
		return m.err
	case m.pyErr != nil:
		return fmt.Errorf("%w (the %d Go samples are in %s%s)", m.pyErr, m.goSamples, path, old)
	}
	if !quiet {
		if m.pySamples > 0 {
			fmt.Fprintf(stderr, "concbench: wrote %d samples (%d Go, %d Python) to %s\n", m.samples, m.goSamples, m.pySamples, path)
		} else {
			fmt.Fprintf(stderr, "concbench: wrote %d samples to %s\n", m.samples, path)
		}
	}
	return nil
}

// timePython times the Python seed programme over cfg's sizes, works and
// procs and appends its samples to w, which holds the Go samples: they
// carry labels, the configuration the Go samples were written with, so
// report, plot and benchstat put both in the same tables. Without python3
// it says so on stderr and returns 0, nil; the Go samples stand on their
// own. It returns how many samples it appended: every sample Python
// finished, also when it failed or was interrupted after some.
func timePython(ctx context.Context, cfg harness.Config, labels []benchfmt.Config, w io.Writer, quiet bool, stderr io.Writer) (int, error) {
	if len(cfg.WorkTimes) > 0 {
		// A duration is calibrated to Go's rounds on this machine; Python's
		// rounds take about a hundred times longer, so the same name would
		// mean another time.
		fmt.Fprintln(stderr, "concbench: -python: the Python peer times works given in LCG rounds only, not durations")
		if len(cfg.Works) == 0 {
			return 0, nil
		}
	}
	var log io.Writer
	if !quiet {
		log = stderr
		fmt.Fprintln(stderr, "concbench: timing the Python peer (harness/python/pyseed/seed.py)")
	}
	results, err := python.Run(ctx, python.Config{
		Sizes: cfg.Sizes, Works: cfg.Works, Waits: cfg.Waits, Procs: cfg.Procs, Workers: cfg.Workers,
		Skews: cfg.Skews, Chunks: cfg.Chunks,
		Count: cfg.Count, SampleTime: cfg.SampleTime,
		// The same precision target as Go's cases, within the same limits.
		Precision: cmp.Or(cfg.Precision, report.DefaultPrecision), MaxCount: cfg.MaxCount, Budget: cfg.Budget,
		Labels: labels, Log: log,
	})
	if errors.Is(err, python.ErrNoPython) {
		fmt.Fprintln(stderr, "concbench: -python: python3 not found in PATH; skipping the Python peer (install Python 3 to compare)")
		return 0, nil
	}
	bw := benchfmt.NewWriter(w)
	for i, r := range results {
		if err := bw.Write(r); err != nil {
			return i, fmt.Errorf("write python results: %w", err)
		}
	}
	if err != nil {
		return len(results), fmt.Errorf("python peer: %w", err)
	}
	return len(results), nil
}
