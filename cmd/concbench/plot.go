package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// plotCmd is concbench plot.
func plotCmd() command {
	return command{
		name:      "plot",
		usageLine: "plot [-o DIR] FILE...",
		short:     "draw charts (SVG and PNG) from benchmark files",
		long: `
Plot draws the charts of benchmark files as SVG and PNG into DIR (default: a
directory named like the first file without its extension; a file without
one needs -o) and prints the paths it wrote, one per line. -o may also
follow the files. The charts:

  - nsitem-workW: ns/item vs n, log-log, one chart per work value;
  - speedup-workW: speedup over sequential vs n, with each strategy's
    break-even n ringed and the lines 1× (no gain) and procs× (the most
    the cores can give);
  - scaling-workW: speedup vs procs at the largest n, with the ideal line,
    when the files have two procs values or more;
  - overhead-work0: the per-item cost at work=0 and the largest n as bars,
    with sequential's median as the reference line.

With waits (run -wait, -preset io) each wait gets its own charts, named
with it after the work (nsitem-work0-wait1ms), and their speedup charts
have no procs× line: waiting items use no core.

Error bars are 95% confidence intervals (on speedups, the ratios of the
intervals' ends); speedup axes are log2. Speedups are over each strategy's
own sequential: Go's over sequential, Python's pools over python-sequential. A
chart that would hold more than five lines is drawn as small multiples,
panels of at most four strategies with the rest of their family in grey
behind. All but the scaling charts show the largest procs value; a caption
gives the machine and the run. docs/reading-reports.md says how to read
each chart.`,
		args: fileArgs,
		flags: func(fs *flag.FlagSet) runFunc {
			dir := fs.String("o", "", "write the charts into `dir` (default: a directory named like the first file, without .txt)")
			return func(ctx context.Context, files []string, stdout, stderr io.Writer) error {
				if *dir == "" && isSet(fs, "o") {
					return usageError("plot: -o: empty directory name (want a directory, or leave -o out)")
				}
				return cmdPlot(ctx, *dir, files, stdout, stderr)
			}
		},
	}
}

// cmdPlot draws the charts of benchmark files as SVG and PNG into dir and
// prints the paths it wrote, one per line.
func cmdPlot(ctx context.Context, dir string, files []string, stdout, stderr io.Writer) error {
	var d *report.Data
	err := interruptible(ctx, nothingWritten, func() (err error) {
		d, err = report.Load(files...)
		return inputError(err)
	})
	if err != nil {
		return err
	}
	what := "-o " + dir
	if dir == "" {
		name, ok := chartDir(files[0])
		if !ok {
			return usageError("plot: %s has no extension to drop for the chart directory's name (give the directory with -o DIR)", files[0])
		}
		dir, what = name, "chart directory "+name
	}
	var charts []plot.Chart
	if err := interruptible(ctx, nothingWritten, func() (err error) {
		charts, err = plot.Render(d)
		return err
	}); err != nil {
		return err
	}
	paths, err := writeCharts(what, dir, charts, files, stderr)
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	return err
}
