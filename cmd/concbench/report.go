package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// cmdReport summarises benchmark files: per case the median ns/item with its
// 95% CI, speedup over sequential with significance, efficiency, break-even n
// and the best strategy; with -base, an A/B comparison and regression gate.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output `format`: text, markdown, csv or html")
	base := fs.String("base", "", "compare against the benchmark `file` OLD (A/B mode)")
	failOn := fs.Float64("fail-on", math.NaN(), "with -base, exit 1 when a significant slowdown exceeds `pct` percent")
	out := fs.String("o", "", "write the report to `file` instead of stdout")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: concbench report [-format text|markdown|csv|html] [-base OLD [-fail-on PCT]] [-o FILE] FILE...")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return usageError("-format: %s", strings.TrimPrefix(err.Error(), "report: "))
	}
	gate := !math.IsNaN(*failOn)
	switch {
	case len(files) == 0:
		return usageError("report needs at least one benchmark file")
	case gate && *base == "":
		return usageError("-fail-on needs -base OLD to compare against")
	case gate && *failOn < 0:
		return usageError("-fail-on must be >= 0, got %v", *failOn)
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
	w := stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		w = file
	}
	err = report.Write(w, d, opts)
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
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
			return fmt.Errorf("%d significant slowdowns above %v%%:\n  %s", len(regs), *failOn, strings.Join(lines, "\n  "))
		}
	}
	return nil
}

// inputErr marks unusable input (exit 2) without changing its message.
type inputErr struct{ err error }

func (e inputErr) Error() string   { return e.err.Error() }
func (e inputErr) Unwrap() []error { return []error{e.err, errUsage} }

// inputError maps report.ErrInput to exit code 2 and leaves other errors.
func inputError(err error) error {
	if errors.Is(err, report.ErrInput) {
		return inputErr{err}
	}
	return err
}

// parseInterspersed parses flags that may follow positional arguments
// ("plot a.txt b.txt -o charts"), which flag.Parse alone stops at.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
