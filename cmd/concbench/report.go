package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/concbench/concbench/harness/outfile"
	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// reportCmd is concbench report.
func reportCmd() command {
	return command{
		name:      "report",
		usageLine: "report [-format text|markdown|csv|html|json] [-o FILE] [-base OLD [-fail-on PCT]] [FILE...]",
		short:     "summarise benchmark files: the verdict, medians, speedups, break-even n",
		long:      reportLong,
		args:      filesOrPipe,
		flags: func(fs *flag.FlagSet) runFunc {
			var f reportFlags
			fs.StringVar(&f.format, "format", "text", "output `format`: text, markdown, csv, html or json")
			fs.Var(&f.base, "base", "compare against the benchmark `files` OLD (A/B mode): one run, or several, comma-separated or with -base again")
			fs.Float64Var(&f.failOn, "fail-on", 0, "with -base, exit 1 when a case's whole interval of change (adjusted for the number of cases) lies above `pct` percent")
			fs.StringVar(&f.out, "o", "", "write the report to `file` instead of stdout")
			return func(ctx context.Context, files []string, stdout, stderr io.Writer) error {
				f.gate = isSet(fs, "fail-on")
				for _, name := range []string{"o", "base"} {
					if isSet(fs, name) && fs.Lookup(name).Value.String() == "" {
						return usageError("report: -%s: empty file name (want a path, or leave -%s out)", name, name)
					}
				}
				return cmdReport(ctx, f, stdinFiles(files), stdout, stderr)
			}
		},
	}
}

const reportLong = `
Report reads benchmark files, from concbench run or go test -bench Map
output with the same names, and says what they show. Flags may come before
or after the files. With no file, or the file -, it reads standard input
when that is a pipe or a file: go test -bench . | concbench report, with
a benchmark that calls harness.Bench, reports on the user's own function.

Several files are pooled into one sample per case when their notes differ
only in what changes from run to run of the same code on the same machine
(date, commit, preset, sample counts, load); results of one case from
files that differ in anything else (the Go version, the host, the kernel,
the method, the cpu) are refused with exit 2 rather than mixed.

A report comes in this order:

  - the verdict: for each work value (and wait) and each procs value
    measured, which shape to use, from which n it pays and by how much,
    where sequential wins, or that the evidence is not enough;
  - the noise line: the median half-width of the cases' 95% intervals, how
    many cases are wider than the run's precision target (when the run
    chased one), and the load average and CPU steal when the run began and
    as sampled during the run;
  - what the tables mean;
  - for each work, wait and procs value: median ns/item ± the half-width
    of its 95% confidence interval, per n and strategy; the speedups over
    sequential with their efficiency and each strategy's break-even n; and,
    when the files have CPU times, CPU ns/item with the cores kept busy
    (CPU time / wall time);
  - warnings: cases wider than the precision target, suspect speedups;
  - the run's configuration and notes.

What the numbers are, and what decides:

  - speedup: sequential's median / the strategy's median, with the
    percentile bootstrap 95% interval of that ratio (2000 resamples, at
    least 6 samples a side). The interval alone decides significance: ~
    marks a speedup whose interval includes 1.
  - efficiency: speedup / min(workers, procs), the cores the case could
    use; ? marks an efficiency above 105%, more than the cores allow, which
    points at the baseline or at noise rather than at the strategy. Cases
    with a wait (/wait=D) have none: waiting items use no core, and they
    are compared with sequential at the same wait only.
  - break-even n: the smallest n from which the strategy is significantly
    faster than sequential at every larger n measured too; none when it is
    not significantly faster at the largest n.
  - fastest: the strategy with the lowest median at an n is marked (* in
    text, bold in Markdown, green with a ★ in HTML) only when it is
    significantly faster than the runner-up.
  - Python's pools are compared with python-sequential, a loop in the same
    language. The references loop and limit are shown but never marked
    fastest, given a break-even n or recommended.

Formats (-format): text, the default; markdown; csv, one row per case with
every number in its own column; html, one self-contained page that reads
the same offline, with the verdict, the key charts, then the tables,
sortable and collapsed by group; and json, every number and the verdict for
programs, with "schema": "concbench-report/3", documented field by field in
docs/reading-reports.md.

With -base OLD, report compares every case of the files with the same case
in OLD, as measured: the change of the median (+ is slower) with its
interval at 95% (normal on the log of the ratio, from a bootstrap
standard error) made stricter for the number of cases compared
(Bonferroni: 99.96% for 132 cases), so that every interval holds at once.
~ marks an interval that includes 0; the interval alone decides the ~ and
the gate. OLD may be several runs (-base a1.txt,a2.txt, or -base again),
and so may the files: with two or more runs a side, runs are resampled,
then the samples in them (Kalibera and Jones), so the intervals hold across
runs; with one run a side the report says that only the noise within a
run is known. It also states the smallest change the noise let it detect.

-fail-on PCT makes that a gate for CI: exit 1, naming the cases, when a
case's whole interval lies above PCT percent, not merely its median. The
references loop and limit run no code a change could touch: they are never
regressions, and when one moved by more than PCT (its own 95% interval,
not the stricter one, beyond ±PCT) the machine changed between the runs and the gate cannot decide the
Go cases. The Python peer's cases have their own check, python-sequential,
by the same rule; one language's check never decides another's cases.
Exit 1 when a case of a language whose check held regressed (naming the
undecided language too), else exit 2, naming the checks that moved. Exit 2 too when the two runs share no case, or a case
has fewer than 6 samples a side.

With -o FILE the report goes to FILE, replaced whole or not at all, and
one line on stderr says what was written where.

Unusable input (a missing or empty file, no benchmark lines, a syntax
error, reported as file:line, units that cannot be compared) is one line on
stderr and exit 2. A file without sequential still gets its ns/item tables;
a warning says why the speedups are missing.
`

// reportFlags are the flags of concbench report.
type reportFlags struct {
	format, out string
	base        fileList
	failOn      float64
	gate        bool // -fail-on was given
}

// fileList is a flag naming one or more files: comma-separated, or the
// flag given again.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ",") }

func (l *fileList) Set(v string) error {
	for _, f := range strings.Split(v, ",") {
		if f == "" {
			return fmt.Errorf("empty file name in %q", v)
		}
		*l = append(*l, f)
	}
	return nil
}

// cmdReport summarises benchmark files: per case the median ns/item with its
// 95% CI, speedup over sequential with significance, efficiency, break-even n
// and the best strategy; with -base, an A/B comparison and regression gate.
func cmdReport(ctx context.Context, fl reportFlags, files []string, stdout, stderr io.Writer) error {
	f, err := report.ParseFormat(fl.format)
	if err != nil {
		return usageError("-format: %v", err)
	}
	switch {
	case fl.gate && len(fl.base) == 0:
		return usageError("-fail-on needs -base OLD to compare against")
	case fl.gate && (math.IsNaN(fl.failOn) || math.IsInf(fl.failOn, 0) || fl.failOn < 0):
		return usageError("-fail-on: %v is not a percentage >= 0 (e.g. -fail-on 5)", fl.failOn)
	case fl.out != "":
		if err := checkReportFile(fl.out, append(slices.Clone(fl.base), files...)); err != nil {
			return err
		}
	}
	if err := checkDistinct(append(slices.Clone(fl.base), files...)); err != nil {
		return err
	}

	var d *report.Data
	opts := report.Options{Format: f, Gate: fl.gate, FailOn: fl.failOn}
	var buf bytes.Buffer
	err = interruptible(ctx, nothingWritten, func() error {
		var err error
		if d, err = report.Load(files...); err != nil {
			return inputError(err)
		}
		if len(fl.base) > 0 {
			if opts.Base, err = report.Load(fl.base...); err != nil {
				return inputError(err)
			}
		}
		if f == report.HTML {
			if opts.Figures, err = plot.Figures(d); err != nil {
				return err
			}
		}
		return report.Write(&buf, d, opts)
	})
	if err != nil {
		return err
	}
	if fl.out == "" {
		_, err = stdout.Write(buf.Bytes())
	} else {
		dir, _ := outfile.Split(fl.out)
		outfile.Recover(dir, stderr)
		err = outfile.WriteBytes(fl.out, buf.Bytes())
		if err == nil {
			fmt.Fprintf(stderr, "concbench: wrote the %s report to %s\n", f, fl.out)
		}
	}
	if err != nil {
		return err
	}
	if fl.gate {
		return checkGate(report.NewComparison(opts.Base, d), fl.failOn)
	}
	return nil
}

// checkGate is -fail-on: exit 2 when the runs cannot decide (no case in
// common, too few samples for an interval, or a language's machine checks
// moved more than pct, so that the machine changed between the runs for
// its cases), exit 1 on a regression in a language whose checks held, nil
// when no case is slower by more than pct.
func checkGate(c *report.Comparison, pct float64) error {
	switch {
	case len(c.Deltas) == 0:
		return usageError("-fail-on: the two runs have no case in common, so there is nothing to gate on")
	case c.TooFew != "":
		return usageError("-fail-on: %s", c.TooFew)
	}
	regs, moved := c.Decide(pct)
	var undecided string
	if len(moved) > 0 {
		undecided = fmt.Sprintf("cannot decide the %s cases: the machine changed between the runs, by more than %v%%: %s; rerun both sides on a quiet machine, or as several runs a side",
			strings.Join(report.UndecidedFamilies(moved), " and "), pct, report.DescribeMoved(moved))
	}
	if len(regs) == 0 {
		if undecided != "" {
			return usageError("-fail-on: %s", undecided)
		}
		return nil
	}
	var lines []string
	for _, r := range regs {
		lines = append(lines, fmt.Sprintf("%v %+.1f%% (%.4g%% interval: %+.1f%% to %+.1f%%)", r.Key, r.Pct, c.Level*100, r.Lo, r.Hi))
	}
	if undecided != "" {
		lines = append(lines, "and "+undecided)
	}
	noun := "slowdowns"
	if len(regs) == 1 {
		noun = "slowdown"
	}
	return fmt.Errorf("%d significant %s above %v%%:\n  %s", len(regs), noun, pct, strings.Join(lines, "\n  "))
}

// checkReportFile checks report's -o file before anything is rendered: a
// regular file or a new name in a writable directory, not one of the
// inputs, and not a results file, which concbench never replaces.
func checkReportFile(path string, inputs []string) error {
	exists, err := outfile.Check("-o", path)
	if err != nil {
		return err
	}
	if exists {
		if err := outfile.CheckNotInput("-o", path, inputs); err != nil {
			return err
		}
		if outfile.HoldsResults(path) {
			return usageError("-o %s: holds benchmark results; concbench does not replace them with a report (give another name)", path)
		}
	}
	return outfile.CheckWritable("-o", path)
}

// checkDistinct refuses a file given twice, by any name (os.SameFile: a
// hard link too), among the -base files and the files together: its
// samples would count twice and narrow every interval, or a run would be
// compared with itself.
func checkDistinct(files []string) error {
	seen := map[string]os.FileInfo{}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			continue // Load says why
		}
		for name, s := range seen {
			if os.SameFile(s, fi) {
				return usageError("report: %s and %s are the same file; give each file once (its samples would count twice)", name, f)
			}
		}
		seen[f] = fi
	}
	return nil
}

// inputError maps report.ErrInput to exit code 2; its *InputError says
// what and where in one line. Other errors pass unchanged.
func inputError(err error) error {
	if errors.Is(err, report.ErrInput) {
		return usageErr{err: err}
	}
	return err
}
