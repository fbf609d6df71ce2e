package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Comparison is an A/B comparison of two runs, case by case: what
// `concbench report -base OLD NEW` shows, and what its regression gate
// decides on.
type Comparison struct {
	Base, New *Data
	// Deltas are the cases in both runs, in New's order, with
	// Holm–Bonferroni adjusted p-values (see Compare).
	Deltas []Delta
	// OnlyBase and OnlyNew are the cases in one run only.
	OnlyBase, OnlyNew []Key
	// Geomean is the change of all shared cases together, in percent.
	Geomean float64
	// ConfigDiffs describe the configuration keys that differ between the
	// runs and matter (cpu, goarch, go, gomaxprocs, numcpu, pkg), with both
	// values: a difference in them may be the machine, not the code.
	ConfigDiffs []string
	// TooFew is non-empty when some cases have too few samples for any
	// change to be significant (see TooFew).
	TooFew string
}

// compareKeys are the configuration keys whose difference between two runs
// can explain a change by itself.
var compareKeys = []string{"goos", "goarch", "cpu", "numcpu", "go", "gomaxprocs", "pkg", "kernel", "const"}

// NewComparison compares cur with base.
func NewComparison(base, cur *Data) *Comparison {
	c := &Comparison{Base: base, New: cur}
	c.Deltas, c.OnlyBase, c.OnlyNew = Compare(base, cur)
	c.Geomean = Geomean(c.Deltas)
	c.TooFew = TooFew(c.Deltas)
	for _, k := range compareKeys {
		if o, n := base.MetaValue(k), cur.MetaValue(k); o != n {
			c.ConfigDiffs = append(c.ConfigDiffs, fmt.Sprintf("%s differs: base %q, new %q", k, o, n))
		}
	}
	return c
}

// Regressions returns the deltas the gate fails on at pct percent: see the
// package function Regressions.
func (c *Comparison) Regressions(pct float64) []Delta { return Regressions(c.Deltas, pct) }

// warnings are everything the reader of a comparison must know beside the
// table: too few samples, benchmath's warnings, differing configurations,
// cases in one run only.
func (c *Comparison) warnings() []string {
	w := append(slices.Clone(c.Base.Warnings), c.New.Warnings...)
	if len(c.Deltas) == 0 {
		w = append(w, "the two runs have no case in common")
	}
	if c.TooFew != "" {
		w = append(w, c.TooFew)
	}
	w = append(w, c.ConfigDiffs...)
	if moved := c.referencesMoved(); moved != "" {
		w = append(w, moved)
	}
	seen := map[string]bool{}
	for _, d := range c.Deltas {
		for _, e := range d.Comparison.Warnings {
			if msg := e.Error(); !seen[msg] {
				seen[msg] = true
				w = append(w, fmt.Sprintf("%s (e.g. %s)", msg, d.Key))
			}
		}
	}
	for _, k := range c.OnlyBase {
		w = append(w, "only in base: "+k.String())
	}
	for _, k := range c.OnlyNew {
		w = append(w, "only in new: "+k.String())
	}
	return w
}

// referencesMoved says which references (loop, limit) changed
// significantly between the runs, or "": the references run no code a
// change could touch, so when they move the machine changed (a busier
// host, another core), and regressions of about their size are the
// machine's, not the code's.
func (c *Comparison) referencesMoved() string {
	var moved []string
	for _, d := range c.Deltas {
		if IsReference(d.Strategy) && d.Significant {
			moved = append(moved, fmt.Sprintf("%s/n=%d/work=%d procs=%d %+.0f%%", d.Strategy, d.N, d.Work, d.Procs, d.Pct))
		}
	}
	if len(moved) == 0 {
		return ""
	}
	return fmt.Sprintf("the references moved (%s): they run no code a change could touch, so the machine changed between the runs; each other case's delta is its change beyond loop's at the same n, work and procs",
		strings.Join(moved, ", "))
}

// document lays out the comparison for text, Markdown and HTML, its notes
// worded for format f.
func (c *Comparison) document(f Format) document {
	doc := document{
		Title: fmt.Sprintf("concbench comparison: %s vs %s", strings.Join(c.Base.Files, ", "), strings.Join(c.New.Files, ", ")),
		Meta:  c.New.Meta,
		Notes: []string{
			"ns/item: median ±95% confidence interval; delta: change of the median, + is slower, with its 95% bootstrap interval; " +
				fmt.Sprintf("p: Mann-Whitney U p-value adjusted for the %d cases compared (Holm–Bonferroni); ~ means no significant change (p > %.2f). ", len(c.Deltas), Alpha) +
				"When both runs have the loop reference, a case's delta, interval and p are its change beyond loop's at the same n, work and procs (loop runs no code a change could touch, so its change is the machine's and is divided out); the references are compared as measured and are never regressions. " +
				"The gate (-fail-on PCT) fails only on a significant slowdown whose whole interval lies above PCT. " +
				"A significant slowdown is marked " + marked(f, true) + "; k=B+N are the two runs' sample counts.",
		},
		Warnings: c.warnings(),
	}
	t := table{ID: "comparison", Title: "base vs new, ns/item",
		Header: []string{"case", "base", "new", "delta", "95% interval", "p"}}
	for _, d := range c.Deltas {
		delta := fmt.Sprintf("%+.1f%%", d.Pct)
		if !d.Significant {
			delta = "~ " + delta
		}
		t.Rows = append(t.Rows, []cell{
			{Text: d.Key.String()},
			{Text: formatMedian(d.Old.Summary), Num: d.Old.Summary.Center},
			{Text: formatMedian(d.New.Summary), Num: d.New.Summary.Center},
			{Text: delta, Bad: d.Significant && d.Pct > 0, Num: d.Pct},
			{Text: fmt.Sprintf("%+.1f%% to %s", d.Lo, formatPct(d.Hi)), Num: d.Lo},
			{Text: fmt.Sprintf("p=%.3g k=%d+%d", d.P, len(d.Old.Sample.Values), len(d.New.Sample.Values)), Num: d.P},
		})
	}
	if len(c.Deltas) > 0 {
		t.Footer = []string{"geomean", "", "", fmt.Sprintf("%+.1f%%", c.Geomean), "", ""}
	}
	doc.Sections = []section{{Heading: "comparison", Tables: []table{t}}}
	return doc
}

// formatPct prints a percentage that may be +Inf.
func formatPct(v float64) string {
	if math.IsInf(v, 1) {
		return "+∞"
	}
	return fmt.Sprintf("%+.1f%%", v)
}

// csv is one row per shared case.
func (c *Comparison) csv() [][]string {
	out := [][]string{{"strategy", "n", "work", "wait_ns", "procs", "base_median_ns_per_item", "new_median_ns_per_item",
		"delta_pct", "delta_lo_pct", "delta_hi_pct", "p_value", "p_holm", "significant", "base_samples", "new_samples"}}
	for _, d := range c.Deltas {
		out = append(out, []string{d.Strategy, strconv.Itoa(d.N), strconv.Itoa(d.Work), strconv.FormatInt(int64(d.Wait), 10), strconv.Itoa(d.Procs),
			formatFloat(d.Old.Summary.Center), formatFloat(d.New.Summary.Center), formatFloat(d.Pct),
			formatFloat(d.Lo), formatFloat(d.Hi), formatFloat(d.Comparison.P), formatFloat(d.P),
			strconv.FormatBool(d.Significant),
			strconv.Itoa(len(d.Old.Sample.Values)), strconv.Itoa(len(d.New.Sample.Values))})
	}
	return out
}
