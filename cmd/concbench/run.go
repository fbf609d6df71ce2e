package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/term"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/python"
	"github.com/concbench/concbench/strategies"
)

// runFlags are the flags of `concbench run`.
type runFlags struct {
	preset, strategies, sizes, works, procs, workers, outputs, out string
	count, maxCount                                                int
	precision                                                      float64
	sampleTime, budget                                             time.Duration
	quiet, python                                                  bool
	// set holds the names of the flags given on the command line.
	set map[string]bool
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.preset, "preset", "quick", "starting sweep: quick, seed or full; other flags override it")
	fs.StringVar(&f.strategies, "strategies", "", "comma-separated strategies to measure (default: all; see concbench list)")
	fs.StringVar(&f.sizes, "n", "", "comma-separated input sizes, each a positive integer (e.g. 100,10000)")
	fs.StringVar(&f.works, "work", "", "comma-separated kernel work values, each >= 0 (LCG rounds per item)")
	fs.StringVar(&f.procs, "procs", "", "comma-separated GOMAXPROCS values, each > 0, like go test -cpu")
	fs.StringVar(&f.workers, "workers", "", "comma-separated workers arguments, each >= 0 (0: same as procs)")
	fs.StringVar(&f.outputs, "out", "", "comma-separated outputs: reuse (one result slice per n) and/or fresh (a new slice per call)")
	fs.IntVar(&f.count, "count", 0, "samples every case gets, > 0 (default: the preset's, 10)")
	fs.Float64Var(&f.precision, "precision", 0, "target 95% CI half-width of each median in `percent`: cases wider get extra samples; 0 turns it off (default: the preset's, 3)")
	fs.IntVar(&f.maxCount, "max-count", 0, "most samples a case gets while chasing -precision (default: 8 x -count)")
	fs.DurationVar(&f.budget, "budget", 0, "time the extra samples may take in all (default: 1s per case)")
	fs.DurationVar(&f.sampleTime, "time", 0, "target duration of one sample, > 0 (default: the preset's, 5ms)")
	fs.StringVar(&f.out, "o", "", "output file (default: results/DATE-HOST-PRESET.txt; PRESET is custom when flags change the sweep)")
	fs.BoolVar(&f.quiet, "q", false, "no progress bar and no status lines on stderr")
	fs.BoolVar(&f.python, "python", false, "also time the Python seed programme (python-* strategies; skipped with a message without python3)")
}

// cmdRun is `concbench run`: it measures a sweep into a benchmark file.
func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	f.register(fs)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	cfg, err := f.config()
	if err != nil {
		return err
	}
	path := f.out
	switch {
	case f.set["o"] && path == "":
		return usageError("-o: empty file name (want a path, e.g. -o results/mine.txt)")
	case path == "":
		path = defaultOutput(f.sweepName(), time.Now())
	}
	err = sweep(ctx, cfg, path, sweepOptions{quiet: f.quiet, python: f.python}, stderr)
	return err
}

// sweepOptions are the parts of a sweep that are not the harness's.
type sweepOptions struct {
	quiet  bool // no progress bar, no status lines
	python bool // also time the Python peer into the same file
}

// sweepShaping are the flags that change what a preset measures.
var sweepShaping = []string{"strategies", "n", "work", "procs", "workers", "out", "count", "precision", "max-count", "budget", "time"}

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
		return cfg, usageError("-preset: unknown preset %q (valid: %s)", f.preset, strings.Join(harness.Presets, ", "))
	}
	cfg.Labels = append(cfg.Labels, harness.Label{Key: "preset", Value: f.sweepName()})
	if f.set["strategies"] {
		if cfg.Strategies, err = parseStrategies(f.strategies); err != nil {
			return cfg, err
		}
	}
	lists := []struct {
		name, value string
		min         int
		dst         *[]int
	}{
		{"n", f.sizes, 1, &cfg.Sizes},
		{"work", f.works, 0, &cfg.Works},
		{"procs", f.procs, 1, &cfg.Procs},
		{"workers", f.workers, 0, &cfg.Workers},
	}
	for _, l := range lists {
		if !f.set[l.name] {
			continue
		}
		if *l.dst, err = parseInts("-"+l.name, l.value, l.min); err != nil {
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
	}
	if f.set["budget"] {
		if f.budget <= 0 {
			return cfg, usageError("-budget: %v is not a positive duration (e.g. -budget 2m)", f.budget)
		}
		cfg.Budget = f.budget
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError("%v", err)
	}
	return cfg, nil
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
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		s, err := strategies.Lookup(name)
		if err != nil {
			if name == "" {
				return nil, usageError("-strategies: empty name in %q (valid: %s)", list, strings.Join(names, ", "))
			}
			return nil, usageError("-strategies: unknown strategy %q (valid: %s)", name, strings.Join(names, ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

// parseOutputs parses -out: a comma-separated list of reuse and fresh.
func parseOutputs(list string) ([]harness.Output, error) {
	var out []harness.Output
	for _, field := range strings.Split(list, ",") {
		switch o := strings.TrimSpace(field); o {
		case "reuse":
			out = append(out, harness.Reuse)
		case "fresh":
			out = append(out, harness.Fresh)
		default:
			return nil, usageError("-out: %q is not an output (valid: reuse, fresh)", o)
		}
	}
	return out, nil
}

// parseInts parses a comma-separated list of integers, each at least min.
func parseInts(flagName, list string, min int) ([]int, error) {
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
		if err != nil || x < min {
			return nil, usageError("%s: %q is not %s (want comma-separated values, e.g. %s %s)", flagName, field, want, flagName, example)
		}
		out = append(out, x)
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

// sweep runs cfg into path: samples stream to a temporary file beside path,
// which is renamed into place at the end, so an existing file is only ever
// replaced by a complete (or, when interrupted, cleanly cut) run. A path
// that cannot be written is a usage error, found before anything runs.
//
// When ctx is cancelled, the samples finished so far are kept (the file is
// renamed into place if there is at least one) and the error says how many.
func sweep(ctx context.Context, cfg harness.Config, path string, opt sweepOptions, stderr io.Writer) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usageError("-o %s: is a directory (want a file path)", path)
	}
	dir := filepath.Dir(path)
	if dir == "results" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return usageError("-o %s: cannot create %s: %v", path, dir, err)
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return usageError("-o %s: cannot write in %s: %v (want a path in an existing, writable directory)", path, dir, err)
	}
	discard := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}

	bar := newProgress(stderr, !opt.quiet && isTerminal(stderr))
	cfg.Progress = bar.update
	tot, runErr := harness.Run(ctx, cfg, tmp)
	bar.finish()
	// A Python failure after a complete Go sweep keeps the Go samples: the
	// file is renamed into place as usual, and the error reported after.
	var pySamples int
	var pyErr error
	if runErr == nil && opt.python {
		pySamples, pyErr = timePython(ctx, cfg, tot.Config, tmp, opt.quiet, stderr)
		if ctx.Err() != nil && errors.Is(pyErr, ctx.Err()) {
			runErr, pyErr = pyErr, nil
		}
	}

	interrupted := runErr != nil && ctx.Err() != nil && errors.Is(runErr, ctx.Err())
	switch {
	case runErr != nil && !interrupted:
		discard()
		if errors.Is(runErr, harness.ErrConfig) {
			return usageError("%v", runErr)
		}
		return runErr
	case interrupted && tot.Samples == 0:
		discard()
		return fmt.Errorf("no sample finished; %s left unchanged: %w", path, runErr)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if interrupted {
		return fmt.Errorf("kept %d of %d samples in %s: %w", tot.Samples, tot.Planned, path, runErr)
	}
	if pyErr != nil {
		return fmt.Errorf("%w (the %d Go samples are in %s)", pyErr, tot.Samples, path)
	}
	if !opt.quiet {
		if pySamples > 0 {
			fmt.Fprintf(stderr, "concbench: wrote %d samples (%d Go, %d Python) to %s\n", tot.Samples+pySamples, tot.Samples, pySamples, path)
		} else {
			fmt.Fprintf(stderr, "concbench: wrote %d samples to %s\n", tot.Samples, path)
		}
	}
	return nil
}

// timePython times the Python seed programme over cfg's sizes, works and
// procs and appends its samples to f, which holds the Go samples: they carry
// labels, the configuration the Go samples were written with, so report,
// plot and benchstat put both in the same tables. Without python3 it says so
// on stderr and returns 0, nil; the Go samples stand on their own. It
// returns how many samples it appended.
func timePython(ctx context.Context, cfg harness.Config, labels []benchfmt.Config, f *os.File, quiet bool, stderr io.Writer) (int, error) {
	var log io.Writer
	if !quiet {
		log = stderr
		fmt.Fprintln(stderr, "concbench: timing the Python peer (docs/python/seed.py)")
	}
	results, err := python.Run(ctx, python.Config{
		Sizes: cfg.Sizes, Works: cfg.Works, Procs: cfg.Procs,
		Count: cfg.Count, MinTime: cfg.SampleTime,
		Labels: labels, Log: log,
	})
	if errors.Is(err, python.ErrNoPython) {
		fmt.Fprintln(stderr, "concbench: -python: python3 not found in PATH; skipping the Python peer (install Python 3 to compare)")
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("python peer: %w", err)
	}
	w := benchfmt.NewWriter(f)
	for i, r := range results {
		if err := w.Write(r); err != nil {
			return i, fmt.Errorf("write python results: %w", err)
		}
	}
	return len(results), nil
}

// isTerminal reports whether w is a terminal; only then does concbench draw
// a progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress draws a progress bar on w with the current case, the percentage
// done and an ETA; when disabled it draws nothing.
type progress struct {
	w   io.Writer
	on  bool
	bar *progressbar.ProgressBar
}

func newProgress(w io.Writer, on bool) *progress {
	return &progress{w: w, on: on}
}

func (p *progress) update(h harness.Progress) {
	if !p.on {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(h.Total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetWidth(20),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
		)
	}
	if int64(h.Total) != p.bar.GetMax64() {
		p.bar.ChangeMax(h.Total) // cases that miss the precision target get extra rounds
	}
	if h.Phase == "done" {
		p.bar.Describe("done")
	} else {
		p.bar.Describe(fmt.Sprintf("%-9s %s", h.Phase, h.Case.Name()))
	}
	p.bar.Set(h.Done)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Clear()
		p.bar.Exit()
	}
}
