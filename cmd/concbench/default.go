package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/outfile"
	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// defaultCmd is concbench with no command: a sweep, its report and its
// charts. It takes run's flags.
func defaultCmd() command {
	return command{
		usageLine: "[run flags]",
		short:     "run the quick sweep into results/, print its report, draw its charts",
		long: `
With no command, concbench measures a sweep as concbench run does (the
quick preset unless flags say otherwise: about a minute on two cores),
prints its report on stdout as concbench report does, and draws its charts
as concbench plot does, into the directory named like the results file
without its extension. It takes every flag of concbench run: -q for a quiet
stderr, -o FILE for the results file (and FILE without its extension for
the charts), -python to time the Python peer too, -precision, -preset and
the rest. A leading -h prints the command list.

Its last line on stderr, with -q too, says where the charts are and how to
get one HTML page with the report and every chart, as a command that works
as printed:

	concbench: wrote 5 charts (SVG and PNG) to results/2026-11-25-vm-quick/; one page with the report and all of them: concbench report -format html -o results/2026-11-25-vm-quick/report.html results/2026-11-25-vm-quick.txt`,
		flags: func(fs *flag.FlagSet) runFunc { return sweepFlags(fs, runDefault) },
	}
}

// runDefault measures cfg into out, prints the report of the results on
// stdout and writes their charts into the directory named like the results
// file. Its last line on stderr, quiet or not, says where they are and how
// to put them on one page; quiet drops the sweep's line before it. A
// results file without an extension, which leaves no name for that
// directory, is refused before anything is measured, and so is -o
// mine.txt when mine/ exists (unless -force): another run's charts.
func runDefault(ctx context.Context, cfg harness.Config, out outfile.Spec, opt sweepOptions, stdout, stderr io.Writer) error {
	dir, ok := chartDir(out.Path)
	switch {
	case !ok:
		return usageError("-o %s: has no extension to drop for the chart directory's name (e.g. -o %s.txt)", out.Path, out.Path)
	case !out.Numbered && !out.Force && outfile.Exists(dir):
		return usageError("-o %s: its chart directory %s exists; concbench does not draw into another run's charts (give another name, remove %s, or -force)", out.Path, dir, dir)
	}
	opt.more = true // the charts line closes
	path, err := sweep(ctx, cfg, out, opt, stderr)
	if err != nil {
		return err
	}
	var text bytes.Buffer
	var charts []plot.Chart
	err = interruptible(ctx, "stopped before the report and the charts; the results are in "+path, func() error {
		d, err := report.Load(path)
		if err != nil {
			return err
		}
		if err := report.Write(&text, d, report.Options{}); err != nil {
			return err
		}
		if charts, err = plot.Render(d); err != nil {
			return fmt.Errorf("charts: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := stdout.Write(text.Bytes()); err != nil {
		return err
	}
	dir, _ = chartDir(path) // a .txt file
	_, err = writeCharts("chart directory "+dir, dir, charts, []string{path}, stderr)
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	html := []string{self(os.Args[0]), "report", "-format", "html", "-o", outfile.Join(dir, "report.html"), path}
	fmt.Fprintf(stderr, "concbench: wrote %d charts (SVG and PNG) to %s/; one page with the report and all of them: %s\n", len(charts), dir, shellJoin(html))
	return nil
}

// self is how the user runs concbench again from the current directory,
// for hints that work as printed: "go run ./cmd/concbench" when argv0,
// the program's path, is a build of go run (which keeps it in the go
// command's temporary go-build directory) and the current directory is the
// checkout's root, else "concbench".
func self(argv0 string) string {
	if strings.Contains(filepath.ToSlash(argv0), "/go-build") && outfile.Exists(filepath.Join("cmd", "concbench", "doc.go")) {
		return "go run ./cmd/concbench"
	}
	return "concbench"
}

// shellJoin joins words into a command line a POSIX shell splits back into
// them: a word with anything but letters, digits and -_./:=+,@% is
// single-quoted. The first word, the program, is left as it is.
func shellJoin(words []string) string {
	out := []string{words[0]}
	for _, w := range words[1:] {
		safe := w != "" && strings.IndexFunc(w, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=+,@%", r))
		}) < 0
		if !safe {
			w = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// chartDir is where the charts of the benchmark file at path go: a
// directory named like the file without its extension, so that runs never
// overwrite each other's charts. A name without an extension has no such
// directory: ok is false.
func chartDir(path string) (dir string, ok bool) {
	_, base := outfile.Split(path)
	ext := filepath.Ext(base)
	if ext == "" || ext == base {
		return "", false
	}
	return strings.TrimSuffix(path, ext), true
}

// writeCharts writes every chart as NAME.svg and NAME.png into dir through
// outfile.Write, creating dir if needed, and returns the paths written. It
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
	if len(charts) > 0 {
		if err := outfile.CheckWritable(what+":", outfile.Join(dir, charts[0].Name+".svg")); err != nil {
			return nil, err
		}
	}
	type file struct {
		path string
		data []byte
	}
	var files []file
	for _, c := range charts {
		for _, f := range []file{{c.Name + ".svg", c.SVG}, {c.Name + ".png", c.PNG}} {
			f.path = outfile.Join(dir, f.path)
			if _, err := outfile.Check(what+":", f.path); err != nil {
				return nil, err
			}
			if err := outfile.CheckNotInput(what+":", f.path, inputs); err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	outfile.Recover(dir, stderr)
	var paths []string
	for _, f := range files {
		if err := outfile.WriteBytes(f.path, f.data); err != nil {
			return paths, err
		}
		paths = append(paths, f.path)
	}
	return paths, nil
}
