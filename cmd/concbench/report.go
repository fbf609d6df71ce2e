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
	format := fs.String("format", "text", "output `format`: text, markdown, csv or html")
	base := fs.String("base", "", "compare against the benchmark `file` OLD (A/B mode)")
	failOn := fs.Float64("fail-on", 0, "with -base, exit 1 when a significant slowdown exceeds `pct` percent")
	out := fs.String("o", "", "write the report to `file` instead of stdout")
	files, err := parseInterspersed(fs, args, stdout,
		"concbench report [-format text|markdown|csv|html] [-base OLD [-fail-on PCT]] [-o FILE] FILE...")
	if err != nil {
		return err
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return usageError("-format: %s", strings.TrimPrefix(err.Error(), "report: "))
	}
	gate := false
	fs.Visit(func(fl *flag.Flag) { gate = gate || fl.Name == "fail-on" })
	switch {
	case len(files) == 0:
		return usageError("report needs at least one benchmark file")
	case gate && *base == "":
		return usageError("-fail-on needs -base OLD to compare against")
	case gate && !(*failOn >= 0 && *failOn <= math.MaxFloat64): // NaN compares false
		return usageError("-fail-on must be a finite number >= 0, got %v", *failOn)
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
		deltas, _, _ := report.Compare(opts.Base, d)
		if regs := report.Regressions(deltas, *failOn); len(regs) > 0 {
			var lines []string
			for _, r := range regs {
				lines = append(lines, fmt.Sprintf("%v %+.1f%% (%v)", r.Key, r.Pct, r.Comparison))
			}
			noun := "slowdowns"
			if len(regs) == 1 {
				noun = "slowdown"
			}
			return fmt.Errorf("%d significant %s above %v%%:\n  %s", len(regs), noun, *failOn, strings.Join(lines, "\n  "))
		}
	}
	return nil
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

// inputError maps report.ErrInput to exit code 2, dropping its "report: ":
// the input is read by package report for report and plot alike, and the
// user knows which command they ran. Other errors pass unchanged.
func inputError(err error) error {
	if errors.Is(err, report.ErrInput) {
		return usageErr{err: err, msg: strings.TrimPrefix(err.Error(), "report: ")}
	}
	return err
}
