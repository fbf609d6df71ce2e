package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// cmdPlot draws the charts of benchmark files as SVG and PNG into a
// directory and prints the paths it wrote, one per line.
func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	dir := fs.String("o", "", "write the charts into `dir` (default: a directory named like the first file, without .txt)")
	files, err := parseInterspersed(fs, args, stdout, "concbench plot [-o DIR] FILE...")
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError("plot needs at least one benchmark file")
	}
	d, err := report.Load(files...)
	if err != nil {
		return inputError(err)
	}
	what := "-o " + *dir
	if *dir == "" {
		name, ok := chartDir(files[0])
		if !ok {
			return usageError("plot: %s has no extension to drop for the chart directory's name (give the directory with -o DIR)", files[0])
		}
		*dir, what = name, "chart directory "+name
	}
	charts, err := plot.Render(d)
	if err != nil {
		return err
	}
	paths, err := writeCharts(what, *dir, charts, files, stderr)
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	return err
}
