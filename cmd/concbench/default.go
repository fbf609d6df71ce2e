package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// runDefault runs cfg as the quick preset into results/DATE-HOST-quick.txt
// (or -2, -3, ... when an earlier run has the name), prints the report of
// that file on stdout and writes its charts into the directory named like
// it, saying where on stderr. Tests call it with a smaller cfg.
func runDefault(ctx context.Context, cfg harness.Config, stdout, stderr io.Writer) error {
	cfg.Labels = append(cfg.Labels, harness.Label{Key: "preset", Value: "quick"})
	path, err := sweep(ctx, cfg, output{path: defaultOutput("quick", time.Now()), numbered: true}, sweepOptions{}, stderr)
	if err != nil {
		return err
	}
	d, err := report.Load(path)
	if err != nil {
		return err
	}
	if err := report.Write(stdout, d, report.Options{}); err != nil {
		return err
	}
	charts, err := plot.Render(d)
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	dir, _ := chartDir(path) // a .txt file
	paths, err := writeCharts("chart directory "+dir, dir, charts, []string{path}, stderr)
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	fmt.Fprintf(stderr, "concbench: wrote %d charts to %s/ (concbench report -format html %s for a page with all of them)\n", len(paths), dir, path)
	return nil
}

// chartDir is where the charts of the benchmark file at path go: a
// directory named like the file without its extension, so that runs never
// overwrite each other's charts. A name without an extension has no such
// directory: ok is false.
func chartDir(path string) (dir string, ok bool) {
	_, base := splitPath(path)
	ext := filepath.Ext(base)
	if ext == "" || ext == base {
		return "", false
	}
	return strings.TrimSuffix(path, ext), true
}

// writeCharts writes every chart as NAME.svg and NAME.png into dir through
// writeAtomic, creating dir if needed, and returns the paths written. It
// first checks every path, so that nothing is written when one is wrong:
// a dir that cannot be a directory, a chart path that is not a regular
// file or that is one of the inputs, is a usage error naming what (the -o
// flag or the chart directory).
func writeCharts(what, dir string, charts []plot.Chart, inputs []string, stderr io.Writer) ([]string, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, usageError("%s: is a file, not a directory (want a directory for the charts)", what)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, usageError("%s: cannot create the directory: %v", what, err)
	}
	type file struct {
		path string
		data []byte
	}
	var files []file
	for _, c := range charts {
		for _, f := range []file{{c.Name + ".svg", c.SVG}, {c.Name + ".png", c.PNG}} {
			f.path = inDir(dir, f.path)
			if _, err := checkFile(what+":", f.path); err != nil {
				return nil, err
			}
			if err := checkNotInput(what+":", f.path, inputs); err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	cleanStale(dir, stderr)
	var paths []string
	for _, f := range files {
		if err := writeAtomic(f.path, writeBytes(f.path, f.data)); err != nil {
			return paths, err
		}
		paths = append(paths, f.path)
	}
	return paths, nil
}
