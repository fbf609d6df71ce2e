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
	fs.SetOutput(stderr)
	dir := fs.String("o", "", "write the charts into `dir` (default: a directory named like the first file, without .txt)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: concbench plot [-o DIR] FILE...")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
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
	if *dir == "" {
		*dir = chartDir(files[0])
	}
	paths, err := plot.WriteAll(*dir, d)
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	return err
}
