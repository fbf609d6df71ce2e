package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// cmdReport summarises benchmark files: per case the median ns/item with its
// 95% CI, speedup over sequential with significance, efficiency, break-even n
// and the best strategy; with -base, an A/B comparison and regression gate.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	format := fs.String("format", "text", "output `format`: text, markdown, csv, html or json")
	base := fs.String("base", "", "compare against the benchmark `file` OLD (A/B mode)")
	failOn := fs.Float64("fail-on", 0, "with -base, exit 1 when a case is significantly slower (Holm–Bonferroni) and its whole 95% interval lies above `pct` percent")
	out := fs.String("o", "", "write the report to `file` instead of stdout")
	files, err := parseInterspersed(fs, args, stdout,
		"concbench report [-format text|markdown|csv|html|json] [-base OLD [-fail-on PCT]] [-o FILE] FILE...")
	if err != nil {
		return err
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return usageError("-format: %v", err)
	}
	gate := false
	fs.Visit(func(fl *flag.Flag) { gate = gate || fl.Name == "fail-on" })
	switch {
	case len(files) == 0:
		return usageError("report needs at least one benchmark file")
	case gate && *base == "":
		return usageError("-fail-on needs -base OLD to compare against")
	case gate && (math.IsNaN(*failOn) || math.IsInf(*failOn, 0) || *failOn < 0):
		return usageError("-fail-on: %v is not a percentage >= 0 (e.g. -fail-on 5)", *failOn)
	case *out != "":
		if err := checkReportFile(*out, append([]string{*base}, files...)); err != nil {
			return err
		}
	}

	d, err := report.Load(files...)
	if err != nil {
		return inputError(err)
	}
	opts := report.Options{Format: f}
	if *base != "" {
		if opts.Base, err = report.Load(*base); err != nil {
			return inputError(err)
		}
	}
	if f == report.HTML {
		if opts.Figures, err = plot.Figures(d); err != nil {
			return err
		}
	}
	if *out == "" {
		err = report.Write(stdout, d, opts)
	} else {
		var buf bytes.Buffer
		if err = report.Write(&buf, d, opts); err == nil {
			dir, _ := splitPath(*out)
			cleanStale(dir, stderr)
			err = writeAtomic(*out, writeBytes(*out, buf.Bytes()))
		}
	}
	if err != nil {
		return err
	}
	if gate {
		return checkGate(report.NewComparison(opts.Base, d), *failOn)
	}
	return nil
}

// checkGate is -fail-on: exit 2 when the runs cannot decide (no case in
// common, or too few samples for any change to be significant), exit 1 on
// a regression, nil when the new run is not slower.
func checkGate(c *report.Comparison, pct float64) error {
	switch {
	case len(c.Deltas) == 0:
		return usageError("-fail-on: the two runs have no case in common, so there is nothing to gate on")
	case c.TooFew != "":
		return usageError("-fail-on: %s", c.TooFew)
	}
	regs := c.Regressions(pct)
	if len(regs) == 0 {
		return nil
	}
	var lines []string
	for _, r := range regs {
		lines = append(lines, fmt.Sprintf("%v %+.1f%% (95%%: %+.1f%% to %+.1f%%, p=%.2g after Holm–Bonferroni)", r.Key, r.Pct, r.Lo, r.Hi, r.P))
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
	exists, err := checkFile("-o", path)
	if err != nil {
		return err
	}
	if exists {
		if err := checkNotInput("-o", path, inputs); err != nil {
			return err
		}
		if holdsResults(path) {
			return usageError("-o %s: holds benchmark results; concbench does not replace them with a report (give another name)", path)
		}
	}
	return checkWritable("-o", path)
}

// inputError maps report.ErrInput to exit code 2; its *InputError says
// what and where in one line. Other errors pass unchanged.
func inputError(err error) error {
	if errors.Is(err, report.ErrInput) {
		return usageErr{err: err}
	}
	return err
}
