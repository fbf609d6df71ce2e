package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/harness"
)

// cmdDefault is what concbench does with no arguments: the quick sweep into
// results/, then a summary table on stdout.
func cmdDefault(ctx context.Context, stdout, stderr io.Writer) error {
	cfg, err := harness.Preset("quick")
	if err != nil {
		return err
	}
	return runDefault(ctx, cfg, stdout, stderr)
}

// runDefault runs cfg as the quick preset: into results/DATE-HOST-quick.txt,
// with a summary on stdout. Tests call it with a smaller cfg.
func runDefault(ctx context.Context, cfg harness.Config, stdout, stderr io.Writer) error {
	cfg.Labels = append(cfg.Labels, harness.Label{Key: "preset", Value: "quick"})
	path := defaultOutput("quick", time.Now())
	if _, err := sweep(ctx, cfg, path, sweepOptions{}, stderr); err != nil {
		return err
	}
	return summarize(stdout, path)
}

// summarize prints, for each (work, GOMAXPROCS) of a benchmark file, a table
// of median ns/item per strategy and n with the speedup over sequential. It
// is deliberately small; harness/report gives the full analysis.
func summarize(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	type point struct{ work, procs, strategy, n string }
	type group struct{ work, procs string }
	values := map[point][]float64{}
	var groups []group
	var names, sizes []string
	r := benchfmt.NewReader(f, path)
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			return rec
		case *benchfmt.Result:
			keys := nameKeys(rec.Name)
			secs, ok := rec.Value("sec/item")
			if !ok {
				continue
			}
			p := point{keys["work"], keys["procs"], keys["strategy"], keys["n"]}
			values[p] = append(values[p], secs*1e9)
			if g := (group{p.work, p.procs}); !slices.Contains(groups, g) {
				groups = append(groups, g)
			}
			if !slices.Contains(names, p.strategy) {
				names = append(names, p.strategy)
			}
			if !slices.Contains(sizes, p.n) {
				sizes = append(sizes, p.n)
			}
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	median := func(p point) (float64, bool) {
		xs, ok := values[p]
		if !ok {
			return 0, false
		}
		s := benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds)
		return benchmath.AssumeNothing.Summary(s, 0.95).Center, true
	}

	for _, g := range groups {
		fmt.Fprintf(w, "\nwork=%s GOMAXPROCS=%s: median ns/item (speedup over sequential)\n", g.work, g.procs)
		align := []tw.Align{tw.AlignLeft}
		header := []any{"strategy"}
		for _, n := range sizes {
			header = append(header, "n="+n)
			align = append(align, tw.AlignRight)
		}
		t := tablewriter.NewTable(w,
			tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
			tablewriter.WithHeaderAutoFormat(tw.Off),
			tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		)
		t.Header(header...)
		for _, name := range names {
			row := []any{name}
			for _, n := range sizes {
				m, ok := median(point{g.work, g.procs, name, n})
				base, okBase := median(point{g.work, g.procs, "sequential", n})
				switch {
				case !ok:
					row = append(row, "-")
				case !okBase || m == 0:
					row = append(row, strconv.FormatFloat(m, 'g', 3, 64))
				default:
					row = append(row, fmt.Sprintf("%s (%.2fx)", strconv.FormatFloat(m, 'g', 3, 64), base/m))
				}
			}
			if err := t.Append(row...); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	return nil
}

// nameKeys splits Map/strategy=S/n=N/work=W-P into its keys, with the -P
// suffix as "procs".
func nameKeys(name benchfmt.Name) map[string]string {
	keys := map[string]string{}
	_, parts := name.Parts()
	for _, p := range parts {
		s := string(p)
		switch {
		case strings.HasPrefix(s, "-"):
			keys["procs"] = s[1:]
		default:
			k, v, _ := strings.Cut(strings.TrimPrefix(s, "/"), "=")
			keys[k] = v
		}
	}
	return keys
}
