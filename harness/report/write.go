package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Format is an output format of Write.
type Format int

// The formats Write supports. The zero Format is Text.
const (
	Text     Format = iota // terminal tables
	Markdown               // GitHub-flavoured Markdown tables
	CSV                    // one row per case, every number in its own column
	HTML                   // one self-contained page with tables and inline SVG charts
)

var formatNames = []string{Text: "text", Markdown: "markdown", CSV: "csv", HTML: "html"}

// String returns the format's name as ParseFormat accepts it.
func (f Format) String() string {
	if uint(f) < uint(len(formatNames)) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// ParseFormat returns the Format named s ("text", "markdown" or "md",
// "csv", "html").
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if s == n {
			return Format(i), nil
		}
	}
	if s == "md" {
		return Markdown, nil
	}
	return 0, fmt.Errorf("report: unknown format %q (valid: %s)", s, strings.Join(formatNames, ", "))
}

// Figure is a chart to embed in an HTML report.
type Figure struct {
	// Name is a short identifier, unique within a report ("nsitem-work0").
	Name string
	// Title is the chart's caption.
	Title string
	// SVG is the chart as a standalone SVG document.
	SVG []byte
}

// Options configures Write. The zero Options writes a text report of one run.
type Options struct {
	// Format is the output format; the zero value is Text.
	Format Format
	// Base, when non-nil, switches to A/B mode: every case of the data is
	// compared with the same case in Base (the old run).
	Base *Data
	// Figures are embedded, in order, by the HTML format; other formats
	// ignore them.
	Figures []Figure
}

// Write writes the report of d (as returned by Load or Read) to w in
// opts.Format. It writes nothing to w before it has built every table, so a
// failure leaves w untouched unless w itself fails. Data without cases is an
// error wrapping ErrInput.
func Write(w io.Writer, d *Data, opts Options) error {
	if d == nil || len(d.Cases) == 0 || (opts.Base != nil && len(opts.Base.Cases) == 0) {
		return fmt.Errorf("%w: no benchmark cases to report", ErrInput)
	}
	var doc document
	if opts.Base != nil {
		doc = comparisonDocument(opts.Base, d)
	} else {
		doc = reportDocument(d)
	}
	var b strings.Builder
	var err error
	switch opts.Format {
	case Text:
		err = writeText(&b, doc, false)
	case Markdown:
		err = writeText(&b, doc, true)
	case CSV:
		err = writeCSV(&b, doc)
	case HTML:
		err = writeHTML(&b, doc, opts.Figures)
	default:
		err = fmt.Errorf("report: unknown format %v", opts.Format)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// document is a report before formatting: the same content for every format.
// Its fields are exported for html/template; the types stay in the package.
type document struct {
	Title    string
	Meta     []Meta
	Notes    []string
	Sections []section
	Warnings []string
	CSV      [][]string // header row first
}

type section struct {
	Heading string
	Tables  []table
	Notes   []string
}

type table struct {
	ID     string
	Title  string
	Header []string
	Rows   [][]cell
	Footer []string
}

type cell struct {
	Text string
	Best bool // highlighted: the fastest strategy at this row
	Bad  bool // highlighted: a significant regression
}

func reportDocument(d *Data) document {
	doc := document{
		Title: "concbench report: " + strings.Join(d.Files, ", "),
		Meta:  d.Meta,
		Notes: []string{
			fmt.Sprintf("ns/item: median ±%.0f%% confidence interval (%s)%s; the fastest strategy at each n is marked (* in text, bold in Markdown and HTML).",
				Confidence*100, sampleNote(d), derivedNote(d)),
			fmt.Sprintf("speedup: sequential median / strategy median, efficiency = speedup / workers in parentheses; "+
				"~ means not significantly different from sequential (Mann-Whitney U, alpha=%.2f).", Alpha),
			"break-even n: the smallest n at which the strategy is significantly faster than sequential.",
		},
		Warnings: d.Warnings,
	}
	for _, s := range d.Strategies {
		if base := d.BaselineOf(s); base != Baseline && base != s {
			doc.Notes = append(doc.Notes, fmt.Sprintf("%s and the other strategies of its family are compared with %s, not with %s: a pool against a loop in the same language.", s, base, Baseline))
			break
		}
	}
	uniform := uniformSamples(d) > 0
	doc.CSV = append(doc.CSV, []string{"work", "procs", "n", "strategy", "workers", "samples",
		"median_ns_per_item", "ci_lo", "ci_hi", "best", "speedup", "speedup_lo", "speedup_hi", "p_value",
		"significant", "efficiency", "break_even_n"})
	for _, g := range d.Groups() {
		sec, rows := groupSection(d, g, uniform)
		doc.Sections = append(doc.Sections, sec)
		doc.CSV = append(doc.CSV, rows...)
	}
	if !d.HasBaseline() {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("no strategy=%s results: speedup columns are not available", Baseline))
	}
	return doc
}

// groupSection lays out one (work, procs) group: its ns/item table and, when
// the group has a baseline, its speedup table with break-even n. It also
// returns the group's CSV rows, one per case.
func groupSection(d *Data, g Group, uniform bool) (sec section, csv [][]string) {
	sec = section{Heading: fmt.Sprintf("work=%d procs=%d", g.Work, g.Procs)}
	var strats []string
	for _, s := range d.Strategies {
		for _, n := range d.Ns {
			if d.Case(Key{s, n, g.Work, g.Procs}) != nil {
				strats = append(strats, s)
				break
			}
		}
	}
	id := fmt.Sprintf("work%d-procs%d", g.Work, g.Procs)
	ns := table{ID: "nsitem-" + id, Title: "ns/item, " + sec.Heading, Header: append([]string{"n"}, strats...)}
	hasBase := slices.Contains(strats, Baseline)
	var others []string
	breakEven := map[string]string{} // computed once per strategy, for the CSV and the footer
	for _, s := range strats {
		breakEven[s] = "none" // a baseline never beats itself
		if IsBaseline(s) {
			continue
		}
		others = append(others, s)
		if n, ok := d.BreakEven(s, g.Work, g.Procs); ok {
			breakEven[s] = strconv.Itoa(n)
		}
	}
	sp := table{ID: "speedup-" + id, Title: "speedup over sequential (efficiency), " + sec.Heading,
		Header: append([]string{"n"}, others...)}
	for _, n := range d.Ns {
		best := d.Best(n, g.Work, g.Procs)
		if best == "" {
			continue
		}
		row := []cell{{Text: strconv.Itoa(n)}}
		sprow := []cell{{Text: strconv.Itoa(n)}}
		for _, s := range strats {
			c := d.Case(Key{s, n, g.Work, g.Procs})
			if c == nil {
				row = append(row, cell{Text: "-"})
				if !IsBaseline(s) {
					sprow = append(sprow, cell{Text: "-"})
				}
				continue
			}
			txt := formatNs(c.Summary.Center) + " ±" + c.Summary.PctRangeString()
			if !uniform {
				txt += fmt.Sprintf(" (n=%d)", len(c.Sample.Values))
			}
			row = append(row, cell{Text: txt, Best: s == best})
			csvRow := []string{strconv.Itoa(g.Work), strconv.Itoa(g.Procs), strconv.Itoa(n), s,
				strconv.Itoa(c.Workers), strconv.Itoa(len(c.Sample.Values)),
				formatFloat(c.Summary.Center), formatFloat(c.Summary.Lo), formatFloat(c.Summary.Hi),
				strconv.FormatBool(s == best)}
			if su, ok := d.Speedup(c.Key); ok {
				csvRow = append(csvRow, formatFloat(su.Ratio), formatFloat(su.Lo), formatFloat(su.Hi),
					formatFloat(su.Comparison.P), strconv.FormatBool(su.Significant), formatFloat(su.Efficiency), breakEven[s])
				if !IsBaseline(s) {
					sprow = append(sprow, cell{Text: formatSpeedup(su)})
				}
			} else {
				csvRow = append(csvRow, "", "", "", "", "", "", "")
				if !IsBaseline(s) {
					sprow = append(sprow, cell{Text: "no baseline"})
				}
			}
			csv = append(csv, csvRow)
		}
		ns.Rows = append(ns.Rows, row)
		sp.Rows = append(sp.Rows, sprow)
	}
	sec.Tables = append(sec.Tables, ns)
	switch {
	case !hasBase:
		sec.Notes = append(sec.Notes, fmt.Sprintf("No %s baseline at %s: speedup, efficiency and break-even n need strategy=%s results.",
			Baseline, sec.Heading, Baseline))
	case len(others) > 0:
		sp.Footer = []string{"break-even n"}
		for _, s := range others {
			sp.Footer = append(sp.Footer, breakEven[s])
		}
		sec.Tables = append(sec.Tables, sp)
	}
	return sec, csv
}

func comparisonDocument(base, d *Data) document {
	deltas, onlyBase, onlyCur := Compare(base, d)
	doc := document{
		Title: fmt.Sprintf("concbench comparison: %s vs %s", strings.Join(base.Files, ", "), strings.Join(d.Files, ", ")),
		Meta:  d.Meta,
		Notes: []string{
			fmt.Sprintf("ns/item: median ±%.0f%% confidence interval; delta: change of the median, + is slower; "+
				"~ means no significant difference (Mann-Whitney U, alpha=%.2f).", Confidence*100, Alpha),
		},
		Warnings: append(append([]string(nil), base.Warnings...), d.Warnings...),
	}
	t := table{ID: "comparison", Title: "base vs new, ns/item",
		Header: []string{"case", "base", "new", "delta", "p"}}
	doc.CSV = append(doc.CSV, []string{"strategy", "n", "work", "procs", "base_median_ns_per_item",
		"new_median_ns_per_item", "delta_pct", "p_value", "significant", "base_samples", "new_samples"})
	for _, dl := range deltas {
		t.Rows = append(t.Rows, []cell{
			{Text: dl.Key.String()},
			{Text: formatNs(dl.Old.Summary.Center) + " ±" + dl.Old.Summary.PctRangeString()},
			{Text: formatNs(dl.New.Summary.Center) + " ±" + dl.New.Summary.PctRangeString()},
			{Text: dl.Comparison.FormatDelta(dl.Old.Summary.Center, dl.New.Summary.Center), Bad: dl.Significant && dl.Pct > 0},
			{Text: dl.Comparison.String()},
		})
		doc.CSV = append(doc.CSV, []string{dl.Strategy, strconv.Itoa(dl.N), strconv.Itoa(dl.Work), strconv.Itoa(dl.Procs),
			formatFloat(dl.Old.Summary.Center), formatFloat(dl.New.Summary.Center), formatFloat(dl.Pct),
			formatFloat(dl.Comparison.P), strconv.FormatBool(dl.Significant),
			strconv.Itoa(len(dl.Old.Sample.Values)), strconv.Itoa(len(dl.New.Sample.Values))})
	}
	if len(deltas) == 0 {
		doc.Warnings = append(doc.Warnings, "the two runs have no case in common")
	}
	doc.Sections = []section{{Heading: "comparison", Tables: []table{t}}}
	for _, k := range onlyBase {
		doc.Warnings = append(doc.Warnings, "only in base: "+k.String())
	}
	for _, k := range onlyCur {
		doc.Warnings = append(doc.Warnings, "only in new: "+k.String())
	}
	return doc
}

// uniformSamples returns the number of samples of every case, or 0 when
// cases differ.
// uniformSamples returns the number of samples every case has, or 0 when
// the counts differ.
func uniformSamples(d *Data) int {
	if lo, hi := d.SampleCounts(); lo == hi {
		return lo
	}
	return 0
}

func sampleNote(d *Data) string {
	if n := uniformSamples(d); n > 0 {
		return fmt.Sprintf("%d samples per case", n)
	}
	return "sample counts differ; each cell shows its count as (n=K)"
}

func derivedNote(d *Data) string {
	for _, c := range d.Cases {
		if c.Derived {
			return "; cases without an ns/item measurement use ns/op divided by n"
		}
	}
	return ""
}

// formatNs prints a time in ns with three or four significant digits.
func formatNs(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

func formatSpeedup(s Speedup) string {
	txt := fmt.Sprintf("%.2fx (%.0f%%)", s.Ratio, s.Efficiency*100)
	if !s.Significant {
		txt = "~ " + txt
	}
	return txt
}

func formatFloat(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

func writeText(w io.Writer, doc document, md bool) error {
	if md {
		fmt.Fprintf(w, "# %s\n\n", doc.Title)
		for _, m := range doc.Meta {
			fmt.Fprintf(w, "- %s: %s\n", m.Key, m.Value)
		}
		for _, n := range doc.Notes {
			fmt.Fprintf(w, "\n%s\n", n)
		}
	} else {
		fmt.Fprintln(w, doc.Title)
		for _, m := range doc.Meta {
			fmt.Fprintf(w, "%s: %s\n", m.Key, m.Value)
		}
		fmt.Fprintln(w)
		for _, n := range doc.Notes {
			fmt.Fprintln(w, n)
		}
	}
	for _, sec := range doc.Sections {
		if md {
			fmt.Fprintf(w, "\n## %s\n", sec.Heading)
		}
		for _, t := range sec.Tables {
			if md {
				fmt.Fprintf(w, "\n### %s\n\n", t.Title)
			} else {
				fmt.Fprintf(w, "\n%s\n", t.Title)
			}
			if err := renderTable(w, t, md); err != nil {
				return err
			}
		}
		for _, n := range sec.Notes {
			fmt.Fprintf(w, "\n%s\n", n)
		}
	}
	if len(doc.Warnings) > 0 {
		if md {
			fmt.Fprintf(w, "\n## Warnings\n\n")
		} else {
			fmt.Fprintf(w, "\nwarnings:\n")
		}
		for _, s := range doc.Warnings {
			fmt.Fprintf(w, "- %s\n", s)
		}
	}
	return nil
}

func renderTable(w io.Writer, t table, md bool) error {
	var r tw.Renderer = renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})
	if md {
		r = renderer.NewMarkdown()
	}
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		// The first column names the row; the rest are numbers.
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{Global: tw.AlignRight, PerColumn: []tw.Align{tw.AlignLeft}}),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{Global: tw.AlignRight, PerColumn: []tw.Align{tw.AlignLeft}}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{Global: tw.AlignRight, PerColumn: []tw.Align{tw.AlignLeft}}),
		tablewriter.WithRenderer(r),
	}
	// Markdown cells are escaped: a strategy name comes from the input
	// file, and a | in it would split its cell.
	esc := func(s string) string { return s }
	if md {
		esc = markdownCell
	}
	tbl := tablewriter.NewTable(w, opts...)
	tbl.Header(mapStrings(t.Header, esc))
	for _, row := range t.Rows {
		var ss []string
		for _, c := range row {
			txt := esc(c.Text)
			switch {
			case (c.Best || c.Bad) && md:
				txt = "**" + txt + "**"
			case c.Best:
				txt += " *"
			case c.Bad:
				txt += " !"
			}
			ss = append(ss, txt)
		}
		if err := tbl.Append(ss); err != nil {
			return fmt.Errorf("report: table %s: %w", t.ID, err)
		}
	}
	if t.Footer != nil {
		tbl.Footer(mapStrings(t.Footer, esc))
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("report: table %s: %w", t.ID, err)
	}
	return nil
}

// writeCSV writes the CSV rows with every cell neutralised against formula
// injection (see csvCell).
func writeCSV(w io.Writer, doc document) error {
	cw := csv.NewWriter(w)
	for _, row := range doc.CSV {
		if err := cw.Write(mapStrings(row, csvCell)); err != nil {
			return fmt.Errorf("report: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	return nil
}

// mapStrings returns f applied to every element of ss, in a new slice.
func mapStrings(ss []string, f func(string) string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}
