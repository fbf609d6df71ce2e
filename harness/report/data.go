// Package report turns Go benchmark files of concbench's sweep
// (BenchmarkMap/strategy=S/n=N/work=W-P) into the answers users came for:
// per-item cost with confidence intervals, speedup over the sequential
// baseline with significance, parallel efficiency, the break-even n of each
// strategy, and A/B comparisons of two runs with a regression gate.
//
// Reading, grouping and statistics come from golang.org/x/perf: benchfmt
// reads the files, benchproc projects each result onto its case, and
// benchmath summarises samples (median with a 95% confidence interval) and
// compares them (Mann-Whitney U test), exactly as benchstat does.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// Confidence is the confidence level of every interval in a report.
const Confidence = 0.95

// Alpha is the significance level of every comparison in a report: a
// difference counts when the Mann-Whitney U test's p-value is at most Alpha.
const Alpha = 0.05

// Baseline is the strategy that speedups are measured against.
const Baseline = "sequential"

// ErrInput is wrapped by every error caused by unusable input: a missing,
// empty or malformed file, no benchmark results, or units that cannot be
// compared. Commands map it to exit code 2.
var ErrInput = errors.New("report: unusable input")

// Key identifies one benchmark case.
type Key struct {
	// Strategy is the strategy's name, with "/workers=K" appended when the
	// benchmark name carries a workers key.
	Strategy string
	// N is the number of items, Work the kernel's extra work per item and
	// Procs the GOMAXPROCS the case ran with (1 when the name has no -P).
	N, Work, Procs int
}

// String returns the key in benchmark-name form:
// "strategy=S/n=N/work=W procs=P".
func (k Key) String() string {
	return fmt.Sprintf("strategy=%s/n=%d/work=%d procs=%d", k.Strategy, k.N, k.Work, k.Procs)
}

// Case is every sample of one benchmark case and its summary.
type Case struct {
	Key
	// Workers is the number of workers: the name's workers key, or Procs.
	Workers int
	// Sample holds the ns/item measurements in ascending order.
	Sample *benchmath.Sample
	// Summary is the sample's median with its Confidence interval. When
	// there are too few samples for an interval, Lo and Hi are infinite and
	// Summary.Warnings says how many samples are needed.
	Summary benchmath.Summary
	// Derived is true when ns/item was computed as ns/op divided by N
	// because the result had no ns/item measurement.
	Derived bool
}

// Meta is one configuration line of the input files ("cpu: ...") or one
// note ("# date: ...", see Load).
type Meta struct {
	Key, Value string
}

// Data is everything read from one set of benchmark files. Its slices are
// sorted: Strategies with Baseline first and the rest in the order first
// seen, the numeric ones ascending. Data is read-only once loaded and safe
// for concurrent use.
type Data struct {
	// Files are the paths (or names) read, in order.
	Files []string
	// Meta holds the file configuration lines in first-seen order, then
	// the notes; a key whose value differs between results or files lists
	// every value, joined by " | ".
	Meta []Meta
	// Cases holds every case, sorted by Work, Procs, N, then strategy order.
	Cases []*Case
	// Strategies, Ns, Works and Procs are the distinct values seen.
	Strategies []string
	Ns, Works  []int
	Procs      []int
	// Warnings are problems worth telling the reader that did not stop the
	// report: skipped results, too few samples, mixed configurations.
	Warnings []string

	byKey map[Key]*Case
}

// Case returns the case with key k, or nil.
func (d *Data) Case(k Key) *Case { return d.byKey[k] }

// SampleCounts returns the fewest and the most samples any case has.
func (d *Data) SampleCounts() (lo, hi int) {
	lo = math.MaxInt
	for _, c := range d.Cases {
		lo, hi = min(lo, len(c.Sample.Values)), max(hi, len(c.Sample.Values))
	}
	if hi == 0 {
		lo = 0
	}
	return lo, hi
}

// HasBaseline reports whether any case ran the Baseline strategy.
func (d *Data) HasBaseline() bool { return slices.Contains(d.Strategies, Baseline) }

// MetaValue returns the value of configuration key k, or "".
func (d *Data) MetaValue(k string) string {
	for _, m := range d.Meta {
		if m.Key == k {
			return m.Value
		}
	}
	return ""
}

// Load reads Go benchmark files and returns their data, with the files'
// configuration and their notes, "# key: value" lines that concbench run
// writes for the date, commit and the like, in Data.Meta. Results whose names
// lack a /strategy or /n key are skipped with a warning. Every problem that
// leaves nothing to report (a missing or empty file, a file without
// benchmark lines, a syntax error, a result with neither ns/item nor ns/op)
// returns an error wrapping ErrInput; syntax errors carry file:line.
func Load(paths ...string) (*Data, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no benchmark files given", ErrInput)
	}
	b := newBuilder()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInput, err)
		}
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			f.Close()
			return nil, fmt.Errorf("%w: %s is a directory, not a benchmark file", ErrInput, p)
		}
		err = b.read(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// Read is Load for one stream; name is used in messages and Data.Files.
func Read(r io.Reader, name string) (*Data, error) {
	b := newBuilder()
	if err := b.read(r, name); err != nil {
		return nil, err
	}
	return b.finish()
}

// builder accumulates results from several files.
type builder struct {
	d        *Data
	proj     *benchproc.Projection
	fields   map[string]*benchproc.Field
	residue  *benchproc.Projection
	values   map[Key][]float64
	residues map[Key][]benchproc.Key
	order    map[string]int // strategy -> first-seen index
	meta     map[string][]string
	skipped  int
	skipPos  string
}

func newBuilder() *builder {
	var parser benchproc.ProjectionParser
	filter, err := benchproc.NewFilter("*")
	if err != nil {
		panic(err) // a constant expression
	}
	proj, err := parser.Parse("/strategy,/workers,/n,/work,/gomaxprocs", filter)
	if err != nil {
		panic(err) // a constant expression
	}
	fields := map[string]*benchproc.Field{}
	for _, f := range proj.Fields() {
		fields[f.Name] = f
	}
	return &builder{
		d:        &Data{byKey: map[Key]*Case{}},
		proj:     proj,
		fields:   fields,
		residue:  parser.Residue(),
		values:   map[Key][]float64{},
		residues: map[Key][]benchproc.Key{},
		order:    map[string]int{},
		meta:     map[string][]string{},
	}
}

func (b *builder) read(r io.Reader, name string) error {
	b.d.Files = append(b.d.Files, name)
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%w: read %s: %w", ErrInput, name, err)
	}
	br := benchfmt.NewReader(bytes.NewReader(data), name)
	results := 0
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			return fmt.Errorf("%w: %w", ErrInput, rec)
		case *benchfmt.Result:
			results++
			if err := b.add(rec); err != nil {
				return err
			}
		}
	}
	if err := br.Err(); err != nil {
		return fmt.Errorf("%w: read %s: %w", ErrInput, name, err)
	}
	switch {
	case len(data) == 0:
		return fmt.Errorf("%w: %s is empty", ErrInput, name)
	case results == 0:
		return fmt.Errorf("%w: %s has no benchmark result lines", ErrInput, name)
	}
	for _, m := range notes(data) {
		b.addMeta(m.Key, m.Value)
	}
	return nil
}

// notes returns the file's "# key: value" lines, which concbench run
// writes for what describes a run without being benchmark configuration
// (date, commit, the sweep): the Go benchmark format has readers ignore
// lines starting with #, so they never split benchstat's tables.
func notes(data []byte) []Meta {
	var out []Meta
	for line := range bytes.Lines(data) {
		rest, ok := bytes.CutPrefix(bytes.TrimRight(line, "\r\n"), []byte("# "))
		if !ok {
			continue
		}
		k, v, ok := strings.Cut(string(rest), ": ")
		if ok && isKey(k) {
			out = append(out, Meta{Key: k, Value: strings.TrimSpace(v)})
		}
	}
	return out
}

// isKey reports whether k is a configuration key as the benchmark format
// defines one: it starts with a lower-case letter and has no spaces or
// upper-case letters.
func isKey(k string) bool {
	for i, r := range k {
		if (i == 0 && !unicode.IsLower(r)) || unicode.IsSpace(r) || unicode.IsUpper(r) {
			return false
		}
	}
	return k != ""
}

// addMeta records value for key k, once.
func (b *builder) addMeta(k, v string) {
	vals := b.meta[k]
	if slices.Contains(vals, v) {
		return
	}
	if vals == nil {
		b.d.Meta = append(b.d.Meta, Meta{Key: k})
	}
	b.meta[k] = append(vals, v)
}

func (b *builder) add(res *benchfmt.Result) error {
	file, line := res.Pos()
	pos := fmt.Sprintf("%s:%d", file, line)
	for _, c := range res.Config {
		if c.File {
			b.addMeta(c.Key, string(c.Value))
		}
	}

	k := b.proj.Project(res)
	get := func(f string) string { return k.Get(b.fields[f]) }
	strategy, nStr := get("/strategy"), get("/n")
	if strategy == "" || nStr == "" {
		if b.skipped == 0 {
			b.skipPos = pos
		}
		b.skipped++
		return nil
	}
	num := func(field, def string, min int) (int, error) {
		s := get(field)
		if s == "" {
			s = def
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < min {
			return 0, fmt.Errorf("%w: %s: %s=%q is not an integer >= %d", ErrInput, pos, field, s, min)
		}
		return v, nil
	}
	n, err := num("/n", "", 1)
	if err != nil {
		return err
	}
	work, err := num("/work", "0", 0)
	if err != nil {
		return err
	}
	procs, err := num("/gomaxprocs", "1", 1)
	if err != nil {
		return err
	}
	workers, err := num("/workers", "0", 0)
	if err != nil {
		return err
	}
	if workers != 0 {
		strategy += "/workers=" + strconv.Itoa(workers)
	} else {
		workers = procs
	}

	v, derived, ok := nsPerItem(res, n)
	if !ok {
		var units []string
		for _, v := range res.Values {
			units = append(units, origUnit(v))
		}
		return fmt.Errorf("%w: %s: %s reports neither ns/item nor ns/op (units: %s), so it cannot be compared",
			ErrInput, pos, res.Name, strings.Join(units, ", "))
	}

	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		// benchmath's statistics need ordered, finite values (a NaN
		// makes its median interval search loop forever), and a time of
		// zero has no speedup and no place on a log axis.
		return fmt.Errorf("%w: %s: %s has time %v, not a finite number > 0", ErrInput, pos, res.Name, v)
	}
	key := Key{Strategy: strategy, N: n, Work: work, Procs: procs}
	if _, seen := b.order[strategy]; !seen {
		b.order[strategy] = len(b.order)
	}
	if b.d.byKey[key] == nil {
		b.d.byKey[key] = &Case{Key: key, Workers: workers}
	}
	c := b.d.byKey[key]
	c.Derived = c.Derived || derived
	b.values[key] = append(b.values[key], v)
	rk := b.residue.Project(res)
	if !slices.Contains(b.residues[key], rk) {
		b.residues[key] = append(b.residues[key], rk)
	}
	return nil
}

// origUnit returns the unit as written in the file (benchfmt tidies ns/op
// into sec/op).
func origUnit(v benchfmt.Value) string {
	if v.OrigUnit != "" {
		return v.OrigUnit
	}
	return v.Unit
}

// nsPerItem returns the result's ns/item measurement, or ns/op / n (derived)
// when it only has ns/op.
func nsPerItem(res *benchfmt.Result, n int) (v float64, derived, ok bool) {
	var perOp float64
	var haveOp bool
	for _, val := range res.Values {
		x := val.Value
		if val.OrigUnit != "" {
			x = val.OrigValue
		}
		switch origUnit(val) {
		case "ns/item":
			return x, false, true
		case "ns/op":
			perOp, haveOp = x, true
		}
	}
	if haveOp {
		return perOp / float64(n), true, true
	}
	return 0, false, false
}

func (b *builder) finish() (*Data, error) {
	d := b.d
	if len(d.byKey) == 0 {
		return nil, fmt.Errorf("%w: %s: no BenchmarkX/strategy=S/n=N results (%d other results skipped)",
			ErrInput, strings.Join(d.Files, ", "), b.skipped)
	}
	if b.skipped > 0 {
		d.Warnings = append(d.Warnings, fmt.Sprintf("skipped %d results without /strategy and /n keys (first at %s)", b.skipped, b.skipPos))
	}
	for i := range d.Meta {
		d.Meta[i].Value = strings.Join(b.meta[d.Meta[i].Key], " | ")
	}

	thresholds := benchmath.DefaultThresholds
	thresholds.CompareAlpha = Alpha
	few := map[string][]string{}
	var fewOrder, mixed []string
	for k, c := range d.byKey {
		c.Sample = benchmath.NewSample(b.values[k], &thresholds)
		c.Summary = benchmath.AssumeNothing.Summary(c.Sample, Confidence)
		for _, w := range c.Summary.Warnings {
			if few[w.Error()] == nil {
				fewOrder = append(fewOrder, w.Error())
			}
			few[w.Error()] = append(few[w.Error()], k.String())
		}
		if rs := b.residues[k]; len(rs) > 1 {
			var names []string
			for _, f := range benchproc.NonSingularFields(rs) {
				names = append(names, f.Name)
			}
			mixed = append(mixed, fmt.Sprintf("%s mixes results that differ in %s", k, strings.Join(names, ", ")))
		}
		d.Cases = append(d.Cases, c)
		d.Ns = appendUnique(d.Ns, k.N)
		d.Works = appendUnique(d.Works, k.Work)
		d.Procs = appendUnique(d.Procs, k.Procs)
	}
	slices.Sort(d.Ns)
	slices.Sort(d.Works)
	slices.Sort(d.Procs)
	slices.Sort(mixed)
	d.Warnings = append(d.Warnings, mixed...)
	slices.Sort(fewOrder)
	for _, msg := range fewOrder {
		cases := few[msg]
		slices.Sort(cases)
		d.Warnings = append(d.Warnings, fmt.Sprintf("%s: %d cases, e.g. %s", msg, len(cases), cases[0]))
	}

	rank := func(s string) int {
		if s == Baseline {
			return -1
		}
		return b.order[s]
	}
	for s := range b.order {
		d.Strategies = append(d.Strategies, s)
	}
	slices.SortFunc(d.Strategies, func(a, b string) int { return rank(a) - rank(b) })
	slices.SortFunc(d.Cases, func(x, y *Case) int {
		switch {
		case x.Work != y.Work:
			return x.Work - y.Work
		case x.Procs != y.Procs:
			return x.Procs - y.Procs
		case x.N != y.N:
			return x.N - y.N
		}
		return rank(x.Strategy) - rank(y.Strategy)
	})
	return d, nil
}

func appendUnique(s []int, v int) []int {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
