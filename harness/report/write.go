package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"golang.org/x/perf/benchmath"
)

// Format is an output format of Write.
type Format int

// The formats Write supports. The zero Format is Text.
const (
	Text     Format = iota // terminal tables
	Markdown               // GitHub-flavoured Markdown tables
	CSV                    // one row per case, every number in its own column
	HTML                   // one self-contained page: verdict, charts, tables
	JSON                   // every number and the verdict, for programs (see docs/reading-reports.md)
)

var formatNames = []string{Text: "text", Markdown: "markdown", CSV: "csv", HTML: "html", JSON: "json"}

// String returns the format's name as ParseFormat accepts it.
func (f Format) String() string {
	if uint(f) < uint(len(formatNames)) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// FormatError is ParseFormat's error: a format name it does not know.
type FormatError struct{ Name string }

// Error names the format and the valid ones.
func (e *FormatError) Error() string {
	return fmt.Sprintf("unknown format %q (valid: %s)", e.Name, strings.Join(formatNames, ", "))
}

// ParseFormat returns the Format named s ("text", "markdown" or "md",
// "csv", "html", "json"), or a *FormatError.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if s == n {
			return Format(i), nil
		}
	}
	if s == "md" {
		return Markdown, nil
	}
	return 0, &FormatError{Name: s}
}

// Figure is a chart to embed in an HTML report.
type Figure struct {
	// Name is a short identifier, unique within a report ("nsitem-work0").
	Name string
	// Title is the chart's caption.
	Title string
	// SVG is the chart as a standalone SVG document.
	SVG []byte
	// Panels, when there are any, are the chart's panels as standalone SVG
	// documents, each with its legend; the HTML report shows them instead
	// of SVG, side by side where the screen is wide enough and stacked
	// where it is not, under Title and over Caption.
	Panels [][]byte
	// Caption is the text under the chart (the machine, the run, what the
	// marks mean), shown with Panels; SVG has it drawn in.
	Caption string
	// Key marks one of the charts the HTML report shows first, before the
	// tables; the others come after them.
	Key bool
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
	// Gate, with Base, reports that FailOn is the regression gate's
	// threshold in percent: the comparison then warns when its noise is too
	// high for the gate to see a change of that size.
	Gate   bool
	FailOn float64
}

// Write writes the report of d (as returned by Load or Read) to w in
// opts.Format. It writes nothing to w before it has built every table, so a
// failure leaves w untouched unless w itself fails. Data without cases is an
// error wrapping ErrInput.
func Write(w io.Writer, d *Data, opts Options) error {
	if d == nil || len(d.Cases) == 0 || (opts.Base != nil && len(opts.Base.Cases) == 0) {
		return &InputError{Msg: "no benchmark cases to report"}
	}
	var b strings.Builder
	var err error
	if opts.Base != nil {
		c := NewComparison(opts.Base, d)
		pct := -1.0
		if opts.Gate {
			pct = opts.FailOn
		}
		switch opts.Format {
		case CSV:
			err = writeCSV(&b, c.csv())
		case JSON:
			err = writeJSON(&b, c.json(pct))
		default:
			err = writeDocument(&b, c.document(opts.Format, pct), opts)
		}
	} else {
		groups := d.Rows()
		switch opts.Format {
		case CSV:
			err = writeCSV(&b, reportCSV(groups))
		case JSON:
			err = writeJSON(&b, reportJSON(d, groups))
		default:
			err = writeDocument(&b, reportDocument(d, groups, opts.Format), opts)
		}
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// writeDocument writes doc in one of the document formats.
func writeDocument(w io.Writer, doc document, opts Options) error {
	switch opts.Format {
	case Text:
		return writeText(w, doc, false)
	case Markdown:
		return writeText(w, doc, true)
	case HTML:
		return writeHTML(w, doc, opts.Figures)
	}
	return fmt.Errorf("report: unknown format %v", opts.Format)
}

// document is a report laid out for reading: the same content for text,
// Markdown and HTML. Its fields are exported for html/template; the types
// stay in the package.
type document struct {
	Title    string
	Verdict  []string
	Noise    string
	Meta     []Meta
	Notes    []string
	Sections []section
	Warnings []string
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
	// PerN marks a table with a row per n and a column per strategy,
	// which HTML shows transposed.
	PerN bool
}

type cell struct {
	Text    string
	Title   string  // more detail, for HTML's tooltip (the interval)
	Best    bool    // highlighted: the fastest strategy at this row
	Bad     bool    // highlighted: a significant regression
	Suspect bool    // highlighted: a speedup beyond the cores' reach
	Num     float64 // the number the cell shows, for sorting in HTML
	Samples int     // a sample count text and Markdown show as (k=K); 0: none
}

// kernelName names what the items run: the seed's kernel when the data
// carries its kernel note, else the user's own function (harness.Bench).
func kernelName(d *Data) string {
	if d.MetaValue("kernel") == "" {
		return "your function"
	}
	return "the kernel"
}

// warningNames is how many cases a summarised warning names per group;
// -format json lists them all.
const warningNames = 3

// summarise states what keys share, one line per group in their order:
// "work=0 procs=2: 16 cases wider than the ±3% target: strategy=a/n=10
// ±9%, …, and 13 more (all in -format json)", each case shown by name.
// A run of 720 cases listed them one a line, hundreds of lines.
func summarise(keys []Key, what string, name func(Key) string) []string {
	var groups []Group
	byGroup := map[Group][]string{}
	for _, k := range keys {
		g := k.Group()
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], name(k))
	}
	var out []string
	for _, g := range groups {
		names := byGroup[g]
		s := fmt.Sprintf("%s: %d %s %s: %s", g, len(names), plural(len(names), "case", "cases"), what, strings.Join(names[:min(len(names), warningNames)], ", "))
		if more := len(names) - warningNames; more > 0 {
			s += fmt.Sprintf(", …, and %d more (all in -format json)", more)
		}
		out = append(out, s)
	}
	return out
}

// marked says how format f marks a highlighted cell, for the notes that
// explain the marks: each format names only its own.
func marked(f Format, bad bool) string {
	switch {
	case f == Markdown:
		return "in bold"
	case f == HTML && bad:
		return "in red"
	case f == HTML:
		return "in green with a ★"
	case bad:
		return "with a !"
	}
	return "with a *"
}

// reportDocument lays out the rows of one run, its notes worded for
// format f.
func reportDocument(d *Data, groups []*GroupRows, f Format) document {
	uniform := uniformSamples(d) > 0
	doc := document{
		Title:   "concbench report: " + strings.Join(d.Files, ", "),
		Verdict: d.Verdict(),
		Noise:   d.Noise().String(),
		Meta:    d.Meta,
		Notes: []string{
			fmt.Sprintf("ns/item: median ±95%% confidence interval (%s)%s; an interval more than twice the median wide is shown as its ends instead, median (lo–hi). The fastest strategy at each n is marked %s when it is significantly faster than the runner-up.",
				sampleNote(d, f), derivedNote(d), marked(f, false)),
			"speedup: baseline median / strategy median, efficiency = speedup / min(workers, procs) in parentheses; " +
				"~ means the 95% bootstrap interval of the speedup includes 1 (not significantly different); " +
				"? marks an efficiency above 105%: more speed than the cores allow, so suspect the baseline or noise. The intervals are in -format csv, json and html.",
			"break-even n: the smallest n from which the strategy is significantly faster than sequential at every larger n measured.",
		},
		Warnings: slices.Clone(d.Warnings),
	}
	if slices.ContainsFunc(d.Strategies, IsReference) {
		doc.Notes = append(doc.Notes, "loop and limit are references, not strategies: loop runs "+kernelName(d)+" over the items on one core, limit over pieces handed to workers already awake; a strategy's time over limit's is what its shape costs here. loop skips the contract (no context, no recover), so at small n it beats sequential by sequential's fixed cost per call; references are never marked ?.")
	}
	if slices.ContainsFunc(d.Waits, func(w time.Duration) bool { return w != 0 }) {
		doc.Notes = append(doc.Notes, "wait=D: every item waited D after its work, as if for I/O, using no core meanwhile. "+
			"Such cases are compared only with sequential at the same wait, and their speedups have no efficiency: "+
			"cores do not bound them (16 workers waiting on 2 cores can be up to 16 times faster than sequential, goroutine-per-item up to n times).")
	}
	if d.HasCPU() {
		doc.Notes = append(doc.Notes, "CPU ns/item: the process's CPU time (user + system, every thread) per item; cores busy = CPU time / wall time. "+
			"Fewer cores busy than the strategy's workers is idle waiting; CPU per item above sequential's is work the shape adds, such as spinning or handing out items.")
	}
	for _, s := range d.Strategies {
		if base := d.BaselineOf(s); base != Baseline && base != s {
			doc.Notes = append(doc.Notes, fmt.Sprintf("%s and the other strategies of its family are compared with %s, not with %s: a pool against a loop in the same language.", s, base, Baseline))
			break
		}
	}
	suspect := false
	for _, g := range groups {
		sec, sus := groupSection(g, uniform)
		doc.Sections = append(doc.Sections, sec)
		suspect = suspect || sus
	}
	if suspect {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("speedups marked ? have an efficiency above %.0f%%: faster than the cores the case could use. "+
			"The baseline likely ran slow (allocation, a noisy neighbour, frequency scaling) or the samples are noisy; rerun before trusting them.", SuspectEfficiency*100))
	}
	noise := d.Noise()
	doc.Warnings = append(doc.Warnings, summarise(noise.Missed, "wider than the ±"+pct(noise.Target)+" target",
		func(k Key) string { return fmt.Sprintf("%s/n=%d ±%s", k.Strategy, k.N, pct(halfWidth(d.Case(k)))) })...)
	if !d.HasBaseline() {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("no strategy=%s results: speedup columns are not available", Baseline))
	}
	return doc
}

// groupSection lays out one group's tables: ns/item, speedup with
// break-even n, and CPU when the results have it. It reports whether any
// speedup is suspect.
func groupSection(g *GroupRows, uniform bool) (section, bool) {
	sec := section{Heading: g.Group.String()}
	id := groupID(g.Group)
	ns := table{ID: "nsitem-" + id, Title: "ns/item, " + sec.Heading, Header: append([]string{"n"}, g.Strategies...), PerN: true}
	sp := table{ID: "speedup-" + id, Title: "speedup over sequential (efficiency), " + sec.Heading, Header: append([]string{"n"}, g.Contenders()...), PerN: true}
	cpu := table{ID: "cpu-" + id, Title: "CPU ns/item (cores busy: CPU time / wall time), " + sec.Heading, Header: append([]string{"n"}, g.Strategies...), PerN: true}
	hasCPU, suspect := false, false
	for _, n := range g.Ns {
		nrow := []cell{{Text: strconv.Itoa(n), Num: float64(n)}}
		srow, crow := slices.Clone(nrow), slices.Clone(nrow)
		for _, s := range g.Strategies {
			r := g.Row(s, n)
			if r == nil {
				nrow, crow = append(nrow, cell{Text: "-"}), append(crow, cell{Text: "-"})
				if !IsBaseline(s) {
					srow = append(srow, cell{Text: "-"})
				}
				continue
			}
			nrow = append(nrow, nsCell(r, uniform))
			crow = append(crow, cpuCell(r))
			hasCPU = hasCPU || r.CPU > 0
			if IsBaseline(s) {
				continue
			}
			if !r.HasSpeedup {
				srow = append(srow, cell{Text: "no baseline"})
				continue
			}
			srow = append(srow, speedupCell(r.Speedup, IsReference(s)))
			suspect = suspect || r.Speedup.Suspect
		}
		ns.Rows, sp.Rows, cpu.Rows = append(ns.Rows, nrow), append(sp.Rows, srow), append(cpu.Rows, crow)
	}
	sec.Tables = append(sec.Tables, ns)
	switch {
	case !g.HasBaseline():
		sec.Notes = append(sec.Notes, fmt.Sprintf("No %s baseline at %s: speedup, efficiency and break-even n need strategy=%s results.",
			Baseline, sec.Heading, Baseline))
	case len(sp.Header) > 1:
		sp.Footer = []string{"break-even n"}
		for _, s := range g.Contenders() {
			txt := "none"
			if n, ok := g.BreakEven[s]; ok {
				txt = strconv.Itoa(n)
			} else if IsReference(s) {
				txt = "-"
			}
			sp.Footer = append(sp.Footer, txt)
		}
		sec.Tables = append(sec.Tables, sp)
	}
	if hasCPU {
		sec.Tables = append(sec.Tables, cpu)
	}
	for _, fam := range peerFamilies(g) {
		sec.Tables = append(sec.Tables, peerTable(g, fam, id))
	}
	return sec, suspect
}

// peerFamilies are the group's baselines other than Go's: the loops of
// the other languages measured beside Go (python-sequential).
func peerFamilies(g *GroupRows) []string {
	var out []string
	for _, s := range g.Strategies {
		if IsBaseline(s) && s != Baseline {
			out = append(out, s)
		}
	}
	return out
}

// PeerRatio is how many times slower another language's family is than
// Go's at one n: its loop against sequential, and its fastest strategy
// against Go's fastest (references left out).
type PeerRatio struct {
	N                       int
	Sequential, Fastest     float64 // NaN when a side has no case at N
	FastestPeer, FastestGo  string
	SequentialOK, FastestOK bool
}

// peerRatios compares family (a baseline such as python-sequential and
// the strategies compared with it) with Go's strategies at every n of g.
func peerRatios(g *GroupRows, family string) []PeerRatio {
	var out []PeerRatio
	for _, n := range g.Ns {
		pr := PeerRatio{N: n}
		if p, q := g.Row(family, n), g.Row(Baseline, n); p != nil && q != nil && q.Summary.Center > 0 {
			pr.Sequential, pr.SequentialOK = p.Summary.Center/q.Summary.Center, true
		}
		var peer, goBest *Row
		for _, s := range g.Strategies {
			r := g.Row(s, n)
			switch {
			case r == nil || IsReference(s):
			case (s == family || g.baseline[s] == family) && (peer == nil || r.Summary.Center < peer.Summary.Center):
				peer, pr.FastestPeer = r, s
			case s != family && g.baseline[s] == Baseline && (goBest == nil || r.Summary.Center < goBest.Summary.Center):
				goBest, pr.FastestGo = r, s
			}
		}
		if peer != nil && goBest != nil && goBest.Summary.Center > 0 {
			pr.Fastest, pr.FastestOK = peer.Summary.Center/goBest.Summary.Center, true
		}
		out = append(out, pr)
	}
	return out
}

// peerTable lays out peerRatios as a table: how many times faster Go is,
// loop against loop and best against best, so that nobody divides by hand.
func peerTable(g *GroupRows, family, id string) table {
	lang, _, _ := strings.Cut(family, "-")
	t := table{ID: lang + "-vs-go-" + id, Title: fmt.Sprintf("%s / Go, ns/item: how many times faster Go is, %s", strings.ToUpper(lang[:1])+lang[1:], g.Group),
		Header: []string{"n", family + " / " + Baseline, "fastest " + lang + " / fastest Go"}}
	for _, pr := range peerRatios(g, family) {
		row := []cell{{Text: strconv.Itoa(pr.N), Num: float64(pr.N)}, {Text: "-"}, {Text: "-"}}
		if pr.SequentialOK {
			row[1] = cell{Text: formatTimes(pr.Sequential), Num: pr.Sequential}
		}
		if pr.FastestOK {
			row[2] = cell{Text: fmt.Sprintf("%s (%s / %s)", formatTimes(pr.Fastest), pr.FastestPeer, pr.FastestGo), Num: pr.Fastest}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// formatTimes prints a ratio as "134×", or with two decimals below 10.
func formatTimes(v float64) string {
	if v >= 10 {
		return strconv.FormatFloat(v, 'f', 0, 64) + "×"
	}
	return formatRatio(v) + "×"
}

// groupID is the group as it appears in table IDs and file names, ASCII
// only: "work0-procs2", "work0-wait100us-procs2",
// "work100-skewincreasing-procs2".
func groupID(g Group) string {
	return KernelID(g) + fmt.Sprintf("-procs%d", g.Procs)
}

// KernelID is the group's kernel (KernelParts) in a form fit for IDs and
// file names: "work0", "work0-wait100us", "work2us-skewheavy-tail".
func KernelID(g Group) string {
	parts := g.KernelParts()
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.Replace(p, "=", "", 1), "µ", "u")
	}
	return strings.Join(parts, "-")
}

// WaitID is a wait in a form fit for IDs and file names: time.Duration's
// String with µ spelt u ("100us", "1ms", "1.5s").
func WaitID(d time.Duration) string {
	return strings.ReplaceAll(d.String(), "µ", "u")
}

// nsCell shows a median with its interval, and the sample count when
// counts differ.
func nsCell(r *Row, uniform bool) cell {
	c := cell{Text: formatMedian(r.Summary), Best: r.Fastest, Num: r.Summary.Center,
		Title: fmt.Sprintf("95%% CI %s–%s ns/item, %d samples", formatNs(r.Summary.Lo), formatNs(r.Summary.Hi), len(r.Sample.Values))}
	if !uniform {
		c.Samples = len(r.Sample.Values)
	}
	return c
}

// formatMedian shows a median with the half-width of its 95% interval in
// percent ("1.71 ±6%"), or, when the interval reaches beyond twice the
// median, where a percentage above 100 reads like an error, with the
// interval's ends ("16362 (8904–72310)").
func formatMedian(s benchmath.Summary) string {
	c := formatNs(s.Center)
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || s.Center <= 0 {
		return c + " ±∞%"
	}
	if s.Hi > 2*s.Center {
		return fmt.Sprintf("%s (%s–%s)", c, formatNs(s.Lo), formatNs(s.Hi))
	}
	return c + " ±" + formatPercent(summaryHalfWidth(s))
}

// formatRatio prints a speedup with two decimals, or, below 0.1, with two
// significant digits, so that a shape hundreds of times slower reads
// 0.0036, not 0.00.
func formatRatio(v float64) string {
	return strconv.FormatFloat(v, 'f', decimals(v, 2), 64)
}

// formatPercent prints a fraction as a whole percentage, or, below 1%,
// with one significant digit (0.2%), never as 0%.
func formatPercent(f float64) string {
	p := f * 100
	d := 0
	if p > 0 && p < 0.95 { // 0.95 and up round to 1%
		d = -int(math.Floor(math.Log10(p)))
	}
	return strconv.FormatFloat(p, 'f', d, 64) + "%"
}

// decimals is how many decimals v needs: min, or as many as show v's
// first two significant digits when v is below 0.1 (positive, finite).
func decimals(v float64, min int) int {
	if !(v > 0) || math.IsInf(v, 0) || v >= 0.1 {
		return min
	}
	return max(min, 1-int(math.Floor(math.Log10(v))))
}

// speedupCell shows a speedup with the × the verdict uses, its efficiency
// (not at a wait, where it is NaN, nor for a reference, ref, which is the
// machine's floor or ceiling rather than a shape using cores) and its
// marks.
func speedupCell(s Speedup, ref bool) cell {
	txt := formatRatio(s.Ratio) + "× (" + formatPercent(s.Efficiency) + ")"
	if math.IsNaN(s.Efficiency) || ref {
		txt = formatRatio(s.Ratio) + "×"
	}
	if !s.Significant {
		txt = "~ " + txt
	}
	if s.Suspect {
		txt += " ?"
	}
	return cell{Text: txt, Suspect: s.Suspect, Num: s.Ratio,
		Title: fmt.Sprintf("95%% interval %.3g–%s", s.Lo, formatBound(s.Hi))}
}

// cpuCell shows CPU per item and cores busy, or "-" without CPU time.
func cpuCell(r *Row) cell {
	if r.CPU <= 0 {
		return cell{Text: "-"}
	}
	return cell{Text: fmt.Sprintf("%s (%.2f)", formatNs(r.CPU), r.Busy()), Num: r.CPU}
}

// uniformSamples returns the number of samples every case has, or 0 when
// the counts differ.
func uniformSamples(d *Data) int {
	if lo, hi := d.SampleCounts(); lo == hi {
		return lo
	}
	return 0
}

// sampleNote says how many samples the cases have, and where format f
// shows a cell's count when they differ: as (k=K) in text and Markdown,
// where n is the input size, and in the tooltip in HTML.
func sampleNote(d *Data, f Format) string {
	if n := uniformSamples(d); n > 0 {
		return fmt.Sprintf("%d samples per case", n)
	}
	lo, hi := d.SampleCounts()
	where := "each cell shows its sample count as (k=K)"
	if f == HTML {
		where = "a cell's tooltip gives its interval and sample count"
	}
	return fmt.Sprintf("%d to %d samples per case, more where the first were noisy; %s", lo, hi, where)
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

func formatFloat(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// writeText writes doc as terminal text, or as Markdown: the verdict and
// the noise line first, then the notes, tables and warnings, and the run's
// configuration last.
func writeText(w io.Writer, doc document, md bool) error {
	if md {
		fmt.Fprintf(w, "# %s\n", mdText(doc.Title))
		if len(doc.Verdict) > 0 {
			fmt.Fprintf(w, "\n## Verdict\n\n")
			for _, v := range doc.Verdict {
				fmt.Fprintf(w, "- %s\n", mdText(v))
			}
		}
		if doc.Noise != "" {
			fmt.Fprintf(w, "\n%s\n", mdText(doc.Noise))
		}
		for _, n := range doc.Notes {
			fmt.Fprintf(w, "\n%s\n", mdText(n))
		}
	} else {
		fmt.Fprintln(w, doc.Title)
		if len(doc.Verdict) > 0 {
			fmt.Fprintln(w, "\nverdict:")
			for _, v := range doc.Verdict {
				fmt.Fprintf(w, "- %s\n", v)
			}
		}
		if doc.Noise != "" {
			fmt.Fprintf(w, "\n%s\n", doc.Noise)
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
			if md {
				s = mdText(s)
			}
			fmt.Fprintf(w, "- %s\n", s)
		}
	}
	writeMeta(w, doc.Meta, md)
	return nil
}

// writeMeta writes the run's configuration last, after the tables and
// warnings, as the HTML page does: it says how the numbers were made, which
// matters less to a reader than what they show.
func writeMeta(w io.Writer, meta []Meta, md bool) {
	if len(meta) == 0 {
		return
	}
	if md {
		fmt.Fprintf(w, "\n## The run\n\n")
		for _, m := range meta {
			fmt.Fprintf(w, "- %s: %s\n", mdText(m.Key), mdText(m.Value))
		}
		return
	}
	fmt.Fprintf(w, "\nthe run:\n")
	for _, m := range meta {
		fmt.Fprintf(w, "%s: %s\n", m.Key, m.Value)
	}
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
	tbl := tablewriter.NewTable(w, opts...)
	header := t.Header
	if md {
		header = mapStrings(header, mdCell)
	}
	tbl.Header(header)
	for _, row := range t.Rows {
		var ss []string
		for _, c := range row {
			txt := c.Text
			if c.Samples > 0 {
				txt += fmt.Sprintf(" (k=%d)", c.Samples)
			}
			if md {
				txt = mdCell(txt)
			}
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
		footer := t.Footer
		if md {
			footer = mapStrings(footer, mdCell)
		}
		tbl.Footer(footer)
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("report: table %s: %w", t.ID, err)
	}
	return nil
}

// writeCSV writes rows, the header first, with every cell neutralised
// against formula injection (see csvCell).
func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, row := range rows {
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

// reportCSV is one CSV row per case, every number in its own column.
func reportCSV(groups []*GroupRows) [][]string {
	out := [][]string{{"work", "wait_ns", "procs", "n", "strategy", "workers", "samples",
		"median_ns_per_item", "ci_lo", "ci_hi", "ci_halfwidth", "missed_target", "cpu_ns_per_item", "cores_busy", "fastest",
		"speedup", "speedup_lo", "speedup_hi", "significant", "efficiency", "suspect", "break_even_n"}}
	for _, g := range groups {
		for _, n := range g.Ns {
			for _, s := range g.Strategies {
				r := g.Row(s, n)
				if r == nil {
					continue
				}
				row := []string{strconv.Itoa(g.Work), strconv.FormatInt(int64(g.Wait), 10), strconv.Itoa(g.Procs), strconv.Itoa(n), s,
					strconv.Itoa(r.Workers), strconv.Itoa(len(r.Sample.Values)),
					formatFloat(r.Summary.Center), formatFloat(r.Summary.Lo), formatFloat(r.Summary.Hi),
					formatFloat(r.HalfWidth), strconv.FormatBool(r.Missed), formatFloat(r.CPU), formatFloat(r.Busy()),
					strconv.FormatBool(r.Fastest)}
				if r.HasSpeedup && !IsBaseline(s) {
					be := ""
					if n, ok := g.BreakEven[s]; ok {
						be = strconv.Itoa(n)
					}
					sp := r.Speedup
					eff := "" // none at a wait
					if !math.IsNaN(sp.Efficiency) {
						eff = formatFloat(sp.Efficiency)
					}
					row = append(row, formatFloat(sp.Ratio), formatFloat(sp.Lo), formatFloat(sp.Hi),
						strconv.FormatBool(sp.Significant), eff, strconv.FormatBool(sp.Suspect), be)
				} else {
					row = append(row, "", "", "", "", "", "", "")
				}
				out = append(out, row)
			}
		}
	}
	return out
}

// mdCell escapes what would break a Markdown table cell or start
// formatting: the pipe and the characters Markdown gives meaning to.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", "\\|")
}

// mdText escapes Markdown's inline formatting characters and HTML in a
// line of text from the input (a name, a configuration value).
var mdText = strings.NewReplacer(
	"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]",
	"<", "&lt;", ">", "&gt;", "\n", " ", "\r", " ",
).Replace

// mapStrings returns f applied to every element of ss.
func mapStrings(ss []string, f func(string) string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}
