package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// cmdDefault is what concbench does with no arguments: the quick sweep into
// results/, the text report on stdout, and the charts beside the results.
func cmdDefault(ctx context.Context, stdout, stderr io.Writer) error {
	cfg, err := harness.Preset("quick")
	if err != nil {
		return err
	}
	return runDefault(ctx, cfg, stdout, stderr)
}

// runDefault runs cfg as the quick preset into results/DATE-HOST-quick.txt,
// prints the report of that file on stdout and writes its charts into
// results/DATE-HOST-quick/, saying where on stderr. Tests call it with a
// smaller cfg.
func runDefault(ctx context.Context, cfg harness.Config, stdout, stderr io.Writer) error {
	cfg.Labels = append(cfg.Labels, harness.Label{Key: "preset", Value: "quick"})
	path := defaultOutput("quick", time.Now())
	if err := sweep(ctx, cfg, path, sweepOptions{}, stderr); err != nil {
		return err
	}
	d, err := report.Load(path)
	if err != nil {
		return err
	}
	if err := report.Write(stdout, d, report.Options{}); err != nil {
		return err
	}
	dir := chartDir(path)
	paths, err := plot.WriteAll(dir, d)
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	fmt.Fprintf(stderr, "concbench: wrote %d charts to %s/ (concbench report -format html %s for a page with all of them)\n", len(paths), dir, path)
	return nil
}

// chartDir is where the charts of the results file at path go: a directory
// named like the file without its extension, so that runs never overwrite
// each other's charts.
func chartDir(path string) string {
	return strings.TrimSuffix(path, ".txt")
}
