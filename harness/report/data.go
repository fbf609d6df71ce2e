// Package report turns Go benchmark files of concbench's sweep
// (BenchmarkMap/strategy=S/n=N/work=W[/wait=D]-P) into the answers users came for:
// per-item cost with confidence intervals, speedup over the sequential
// baseline with significance, parallel efficiency, the break-even n of each
// strategy, and A/B comparisons of two runs with a regression gate.
//
// Reading, grouping and statistics come from golang.org/x/perf: benchfmt
// reads the files, benchproc projects each result onto its case, and
// benchmath summarises samples (median with a 95% confidence interval),
// exactly as benchstat does. Ratios of medians (speedups, and the changes
// an A/B comparison decides on) get bootstrap intervals, which benchmath
// does not make: resampling shared rounds, or runs, where the data has
// them (see Speedup and Comparison).
package report

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/concbench/concbench/harness/casekey"
)

// Confidence is the confidence level of every interval in a report.
const Confidence = 0.95

// Alpha is the significance level of every comparison in a report: a
// difference counts when its interval at 1 − Alpha (1 − Alpha/m for the m
// cases of an A/B comparison) leaves out no difference.
const Alpha = 0.05

// Baseline is the strategy that speedups are measured against: Go's, the
// one strategy of All whose Traits say Baseline (strategies.Sequential).
const Baseline = "sequential"

// ErrInput is wrapped by every error caused by unusable input: a missing,
// empty or malformed file, no benchmark results, units that cannot be
// compared, or results that must not be pooled. Commands map it to exit
// code 2. Every such error is an *InputError.
var ErrInput = errors.New("report: unusable input")

// InputError says what is wrong with the input and where, in one line:
// "file:line: what", like benchfmt.SyntaxError. It wraps ErrInput and the
// underlying error, if any.
type InputError struct {
	// File and Line locate the problem; Line is 0 when it is about a
	// whole file, and File is "" when it is about no one file.
	File string
	Line int
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error, or nil.
	Err error
}

// Error returns "file:line: msg", leaving out what is unknown, with
// every character that could act on a terminal escaped (see Clean).
func (e *InputError) Error() string {
	return Clean(e.text())
}

func (e *InputError) text() string {
	msg := e.Msg
	if e.Err != nil {
		if msg == "" {
			msg = e.Err.Error()
		} else {
			msg += ": " + e.Err.Error()
		}
	}
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
	case e.File != "":
		return e.File + ": " + msg
	}
	return msg
}

// Unwrap returns ErrInput and the underlying error.
func (e *InputError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInput}
	}
	return []error{ErrInput, e.Err}
}

// inputErr returns an *InputError at file:line.
func inputErr(file string, line int, format string, args ...any) error {
	return &InputError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Key identifies one benchmark case.
type Key struct {
	// Strategy is the case's variant of a strategy (casekey.Case.Variant),
	// the name of its row: the strategy's name, with "/workers=K" when
	// the workers differ from the procs and "/out=fresh" for a fresh
	// output.
	Strategy string
	// N is the number of items, Work the kernel's extra work per item and
	// Procs the GOMAXPROCS the case ran with (1 when the name has no -P).
	N, Work, Procs int
	// WorkTime is the work as a duration per item, for a run given one
	// (-work 2us): the name's work key when it is a duration. Work is 0
	// then.
	WorkTime time.Duration
	// Wait is each item's wait, as if for I/O: the name's wait key, or 0.
	Wait time.Duration
	// Skew is how the work is spread over the items: the name's skew
	// key, or uniform.
	Skew casekey.Skew
}

// String returns the key in benchmark-name form:
// "strategy=S/n=N/work=W procs=P", with "/wait=D" and "/skew=S" after the
// work when they are not the defaults.
func (k Key) String() string {
	return fmt.Sprintf("strategy=%s/n=%d/%s procs=%d", k.Strategy, k.N, strings.Join(k.Group().KernelParts(), "/"), k.Procs)
}

// Group returns the group of the case: its work, wait, skew and procs.
func (k Key) Group() Group {
	return Group{Work: k.Work, WorkTime: k.WorkTime, Wait: k.Wait, Skew: k.Skew, Procs: k.Procs}
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
	// CPU is the median CPU time per item, every thread of the process
	// counted (the harness's cpu-ns/item), or 0 when the results have none.
	CPU float64
	// Runs is the number of files (runs) the case's samples come from.
	Runs int

	obs []obs // the samples in the order read, with their run and round
}

// obs is one sample as read: its ns/item, the run (file) it came from, and
// the round it was taken in (see builder.round).
type obs struct {
	v          float64
	run, round int
}

// Busy is the average number of cores the case kept busy: CPU time over
// wall time. It is 0 when the results have no CPU time.
func (c *Case) Busy() float64 {
	if c.CPU <= 0 || c.Summary.Center <= 0 {
		return 0
	}
	return c.CPU / c.Summary.Center
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
	// Cases holds every case, sorted by Work (in rounds, then as a
	// duration), Skew, Wait, Procs, N, then
	// strategy order.
	Cases []*Case
	// Strategies, Ns, Works, Waits and Procs are the distinct values seen.
	Strategies []string
	Ns, Works  []int
	Waits      []time.Duration
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

// HasCPU reports whether any case has CPU time.
func (d *Data) HasCPU() bool {
	return slices.ContainsFunc(d.Cases, func(c *Case) bool { return c.CPU > 0 })
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
// benchmark lines, a syntax error, a result with neither ns/item nor ns/op,
// results of one case that differ in configuration) is an *InputError,
// which wraps ErrInput; errors about one line carry file:line.
func Load(paths ...string) (*Data, error) {
	if len(paths) == 0 {
		return nil, &InputError{Msg: "no benchmark files given"}
	}
	b := newBuilder()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, &InputError{Err: err}
		}
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			f.Close()
			return nil, inputErr(p, 0, "is a directory, not a benchmark file")
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

// Volatile are the configuration keys that differ from run to run of the
// same code on the same machine: results that differ only in them are
// pooled into one case. Results of one case that differ in any other key
// (pkg, cpu, go, a GOMAXPROCS range, the sampling method...) are kept apart
// by benchstat; Load refuses them.
var Volatile = []string{"date", "commit", "concbench", "preset", "count", "maxcount", "precision", "budget", "load", "steal", "load-run", "steal-run", "gomaxprocs", "sampletime", "work-calibration"}

// builder accumulates results from several files.
type builder struct {
	d        *Data
	residue  *benchproc.Projection
	values   map[Key][]float64
	cpu      map[Key][]float64
	residues map[Key][]residue
	files    map[Key][]string             // the files with results of each case
	notes    map[string]map[string]string // each file's notes
	order    map[string]int               // strategy -> first-seen index
	meta     map[string][]string
	rounds   map[roundKey]*roundState
	prev     roundKey // where the last result was
	nextID   int      // the next round's id
	skipped  int
	skipPos  string
}

// residue is what a result has beyond its case's key, and where it was.
type residue struct {
	key        benchproc.Key
	file       string
	line       int
	unitsCPU   bool
	unitsDeriv bool
}

func newBuilder() *builder {
	var parser benchproc.ProjectionParser
	filter, err := benchproc.NewFilter("*")
	if err != nil {
		panic(err) // a constant expression
	}
	// Parsed only so that the residue leaves the case's keys (which
	// casekey.Parse reads) and the volatile keys out, as benchstat's
	// -ignore does.
	keys := []string{"/gomaxprocs"}
	for _, k := range casekey.Keys() {
		keys = append(keys, "/"+k)
	}
	if _, err := parser.Parse(strings.Join(append(keys, Volatile...), ","), filter); err != nil {
		panic(err) // a constant expression
	}
	return &builder{
		d:        &Data{byKey: map[Key]*Case{}},
		residue:  parser.Residue(),
		values:   map[Key][]float64{},
		cpu:      map[Key][]float64{},
		residues: map[Key][]residue{},
		files:    map[Key][]string{},
		notes:    map[string]map[string]string{},
		order:    map[string]int{},
		meta:     map[string][]string{},
		rounds:   map[roundKey]*roundState{},
	}
}

// roundKey is one point of one file: the cases a round of the harness
// samples together (one n, work, wait and procs), whatever the strategy.
type roundKey struct {
	file int
	at   Key // Strategy is ""
}

// roundState is the round being read at a point, and its strategies.
type roundState struct {
	id   int
	seen map[string]bool
}

// round returns the id of the round the result of case k, read from file,
// was taken in. concbench run writes a round of a point's cases together,
// each case once (see harness.Run), and other points' rounds between two
// of its rounds unless it is the only point in need: so a new round starts
// when the point differs from the last result's, or when a strategy comes
// again. go test -bench writes a benchmark's -count samples in a row, so
// each is a round of its own and no two cases share rounds.
func (b *builder) round(file int, k Key) int {
	rk := roundKey{file: file, at: k}
	rk.at.Strategy = ""
	st := b.rounds[rk]
	if st == nil || st.seen[k.Strategy] || b.prev != rk {
		st = &roundState{id: b.nextID, seen: map[string]bool{}}
		b.nextID++
		b.rounds[rk] = st
	}
	st.seen[k.Strategy] = true
	b.prev = rk
	return st.id
}

func (b *builder) read(r io.Reader, name string) error {
	name = Clean(name)
	b.d.Files = append(b.d.Files, name)
	data, err := readInput(r, name)
	if err != nil {
		return err
	}
	br := benchfmt.NewReader(bytes.NewReader(data), name)
	results := 0
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			return &InputError{File: rec.FileName, Line: rec.Line, Msg: rec.Msg}
		case *benchfmt.Result:
			results++
			if err := b.add(rec); err != nil {
				return err
			}
		}
	}
	if err := br.Err(); err != nil {
		return &InputError{File: name, Err: err}
	}
	switch {
	case len(data) == 0:
		return inputErr(name, 0, "is empty")
	case results == 0:
		return inputErr(name, 0, "has no benchmark result lines")
	}
	b.notes[name] = map[string]string{}
	ns := notes(data)
	for i, m := range ns {
		later := slices.ContainsFunc(ns[i+1:], func(o Meta) bool { return o.Key == m.Key })
		if later && slices.Contains(runningNotes, m.Key) {
			continue // a running figure: its last value is the run's
		}
		b.addMeta(m.Key, m.Value)
		b.notes[name][m.Key] = m.Value
	}
	return nil
}

// runningNotes are notes concbench run writes again as the run goes on
// (the load and steal during the run, so far): the last one of a file is
// the run's.
var runningNotes = []string{"load-run", "steal-run"}

// MaxInput is the most bytes Load reads from one file; a full sweep's
// results file holds about 20 MB.
const MaxInput = 256 << 20

// maxLine is bufio.Scanner's limit, which benchfmt reads with: a line
// must be shorter.
const maxLine = bufio.MaxScanTokenSize

// readInput reads a whole benchmark file, which is text of at most
// MaxInput bytes in lines shorter than maxLine bytes: anything else (a NUL
// byte, a stream without end such as /dev/zero) is an *InputError as soon
// as it shows, with the line where it does.
func readInput(r io.Reader, name string) ([]byte, error) {
	var data []byte
	buf := make([]byte, 64<<10)
	line, lineStart := 1, 0
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		if len(data) == 0 && n >= 2 && (chunk[0] == 0xFF && chunk[1] == 0xFE || chunk[0] == 0xFE && chunk[1] == 0xFF) {
			return nil, inputErr(name, 0, "is UTF-16 text (as PowerShell's > writes); a benchmark file is UTF-8 (convert it, or write it with go test ... | Out-File -Encoding utf8)")
		}
		for len(chunk) > 0 {
			i := bytes.IndexAny(chunk, "\x00\n")
			if i < 0 {
				i = len(chunk)
			}
			if len(data)+i-lineStart >= maxLine {
				return nil, inputErr(name, line, "line longer than %d KiB; a benchmark file is text in short lines (is this one?)", maxLine>>10)
			}
			data = append(data, chunk[:i]...)
			if i == len(chunk) {
				break
			}
			if chunk[i] == 0 {
				return nil, inputErr(name, line, "NUL byte; a benchmark file is text (is this one?)")
			}
			data = append(data, '\n')
			line, lineStart = line+1, len(data)
			chunk = chunk[i+1:]
		}
		if len(data) > MaxInput {
			return nil, inputErr(name, 0, "more than %d MiB; a benchmark file is smaller (is this one?)", MaxInput>>20)
		}
		switch {
		case err == io.EOF:
			return data, nil
		case err != nil:
			return nil, &InputError{File: name, Err: err}
		}
	}
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
			out = append(out, Meta{Key: Clean(k), Value: Clean(strings.TrimSpace(v))})
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
	for _, c := range res.Config {
		if c.File {
			b.addMeta(Clean(c.Key), Clean(string(c.Value)))
		}
	}

	ck, err := casekey.Parse(string(res.Name))
	switch {
	case errors.Is(err, casekey.ErrNotCase):
		if b.skipped == 0 {
			b.skipPos = fmt.Sprintf("%s:%d", file, line)
		}
		b.skipped++
		return nil
	case err != nil:
		return &InputError{File: file, Line: line, Err: err}
	}
	n, strategy, workers := ck.N, Clean(ck.Variant()), cmp.Or(ck.Workers, ck.Procs)

	v, derived, ok := nsPerItem(res, n)
	if !ok {
		var units []string
		for _, v := range res.Values {
			units = append(units, origUnit(v))
		}
		return inputErr(file, line, "%s reports neither ns/item nor ns/op (units: %s), so it cannot be compared",
			res.Name, strings.Join(units, ", "))
	}
	if !positive(v) {
		// benchmath's statistics need ordered, finite values (a NaN
		// makes its median interval search loop forever), and a time of
		// zero has no speedup and no place on a log axis.
		return inputErr(file, line, "%s has time %v, not a finite number > 0", res.Name, v)
	}
	cpu, hasCPU := value(res, "cpu-ns/item")
	if hasCPU && !positive(cpu) {
		return inputErr(file, line, "%s has cpu-ns/item %v, not a finite number > 0", res.Name, cpu)
	}
	key := Key{Strategy: strategy, N: n, Work: ck.Work, WorkTime: ck.WorkTime, Wait: ck.Wait, Skew: ck.Skew, Procs: ck.Procs}
	if _, seen := b.order[strategy]; !seen {
		b.order[strategy] = len(b.order)
	}
	if b.d.byKey[key] == nil {
		b.d.byKey[key] = &Case{Key: key, Workers: workers}
	}
	c := b.d.byKey[key]
	c.Derived = c.Derived || derived
	b.values[key] = append(b.values[key], v)
	run := len(b.d.Files) - 1
	c.obs = append(c.obs, obs{v: v, run: run, round: b.round(run, key)})
	if hasCPU {
		b.cpu[key] = append(b.cpu[key], cpu)
	}
	rk := residue{key: b.residue.Project(res), file: file, line: line, unitsCPU: hasCPU, unitsDeriv: derived}
	if !slices.Contains(b.files[key], file) {
		b.files[key] = append(b.files[key], file)
	}
	if !slices.ContainsFunc(b.residues[key], func(r residue) bool {
		return r.key == rk.key && r.unitsCPU == rk.unitsCPU && r.unitsDeriv == rk.unitsDeriv
	}) {
		b.residues[key] = append(b.residues[key], rk)
	}
	return nil
}

// positive reports whether v is a finite number above zero.
func positive(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && v > 0
}

// origUnit returns the unit as written in the file (benchfmt tidies ns/op
// into sec/op).
func origUnit(v benchfmt.Value) string {
	if v.OrigUnit != "" {
		return v.OrigUnit
	}
	return v.Unit
}

// value returns the result's measurement in unit, as written in the file.
func value(res *benchfmt.Result, unit string) (float64, bool) {
	for _, val := range res.Values {
		if origUnit(val) == unit {
			if val.OrigUnit != "" {
				return val.OrigValue, true
			}
			return val.Value, true
		}
	}
	return 0, false
}

// nsPerItem returns the result's ns/item measurement, or ns/op / n (derived)
// when it only has ns/op.
func nsPerItem(res *benchfmt.Result, n int) (v float64, derived, ok bool) {
	if v, ok := value(res, "ns/item"); ok {
		return v, false, true
	}
	if v, ok := value(res, "ns/op"); ok {
		return v / float64(n), true, true
	}
	return 0, false, false
}

func (b *builder) finish() (*Data, error) {
	d := b.d
	if len(d.byKey) == 0 {
		return nil, &InputError{File: strings.Join(d.Files, ", "),
			Msg: fmt.Sprintf("no BenchmarkX/strategy=S/n=N results (%d other results skipped)", b.skipped)}
	}
	if err := b.pooled(); err != nil {
		return nil, err
	}
	if b.skipped > 0 {
		d.Warnings = append(d.Warnings, fmt.Sprintf("skipped %d results without /strategy and /n keys (first at %s)", b.skipped, b.skipPos))
	}
	for i := range d.Meta {
		d.Meta[i].Value = strings.Join(b.meta[d.Meta[i].Key], " | ")
	}

	few := map[string][]string{}
	var fewOrder []string
	for k, c := range d.byKey {
		c.Sample = benchmath.NewSample(b.values[k], &thresholds)
		c.Runs = len(b.files[k])
		c.Summary = benchmath.AssumeNothing.Summary(c.Sample, Confidence)
		if cpu := b.cpu[k]; len(cpu) == len(b.values[k]) {
			c.CPU = benchmath.AssumeNothing.Summary(benchmath.NewSample(cpu, &thresholds), Confidence).Center
		}
		for _, w := range c.Summary.Warnings {
			if few[w.Error()] == nil {
				fewOrder = append(fewOrder, w.Error())
			}
			few[w.Error()] = append(few[w.Error()], k.String())
		}
		d.Cases = append(d.Cases, c)
		d.Ns = appendUnique(d.Ns, k.N)
		d.Works = appendUnique(d.Works, k.Work)
		d.Waits = appendUnique(d.Waits, k.Wait)
		d.Procs = appendUnique(d.Procs, k.Procs)
	}
	slices.Sort(d.Ns)
	slices.Sort(d.Works)
	slices.Sort(d.Waits)
	slices.Sort(d.Procs)
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
		case (x.WorkTime != 0) != (y.WorkTime != 0): // rounds first
			return cmp.Compare(x.WorkTime, y.WorkTime)
		case x.Work != y.Work:
			return x.Work - y.Work
		case x.WorkTime != y.WorkTime:
			return cmp.Compare(x.WorkTime, y.WorkTime)
		case x.Skew != y.Skew:
			return int(x.Skew - y.Skew)
		case x.Wait != y.Wait:
			return cmp.Compare(x.Wait, y.Wait)
		case x.Procs != y.Procs:
			return x.Procs - y.Procs
		case x.N != y.N:
			return x.N - y.N
		}
		return rank(x.Strategy) - rank(y.Strategy)
	})
	return d, nil
}

// thresholds are benchmath's, with the report's Alpha.
var thresholds = benchmath.Thresholds{CompareAlpha: Alpha}

// pooled refuses the first case whose results differ in something other
// than the Volatile keys: another package or machine, another Go, another
// method. benchstat keeps such results apart; pooling them would make one
// sample of two experiments. It also refuses a case whose results disagree
// on how they were measured (with and without CPU time, ns/item and ns/op).
func (b *builder) pooled() error {
	keys := slices.Collect(maps.Keys(b.residues))
	slices.SortFunc(keys, func(x, y Key) int { return strings.Compare(x.String(), y.String()) })
	for _, k := range keys {
		if err := b.pooledNotes(k); err != nil {
			return err
		}
		rs := b.residues[k]
		if len(rs) < 2 {
			continue
		}
		var what []string
		ks := make([]benchproc.Key, len(rs))
		for i, r := range rs {
			ks[i] = r.key
		}
		for _, f := range benchproc.NonSingularFields(ks) {
			var vals []string
			for _, r := range rs {
				if v := r.key.Get(f); !slices.Contains(vals, v) {
					vals = append(vals, v)
				}
			}
			what = append(what, fmt.Sprintf("%s (%s)", f.Name, strings.Join(vals, " vs ")))
		}
		if rs[0].unitsCPU != rs[1].unitsCPU || rs[0].unitsDeriv != rs[1].unitsDeriv {
			what = append(what, "units (one has cpu-ns/item or ns/item, the other not)")
		}
		if len(what) == 0 {
			continue
		}
		return inputErr(rs[1].file, rs[1].line,
			"%s differs from its earlier results (%s:%d) in %s: they are two experiments, not one sample; report them separately, or compare them with -base",
			k, rs[0].file, rs[0].line, strings.Join(what, ", "))
	}
	return nil
}

// pooledNotes refuses case k when two of the files it comes from have
// notes that differ in a key other than the Volatile ones (the Go version,
// the host, the kernel, the method): concbench run writes those as notes,
// not configuration, so that benchstat reads its files with go test's as
// one table, and so they are checked here. A key that only one file has
// says nothing.
func (b *builder) pooledNotes(k Key) error {
	fs := b.files[k]
	for _, f := range fs[1:] {
		var what []string
		for key, v := range b.notes[f] {
			if w, ok := b.notes[fs[0]][key]; ok && w != v && !slices.Contains(Volatile, key) {
				what = append(what, fmt.Sprintf("%s (%s vs %s)", key, w, v))
			}
		}
		if len(what) > 0 {
			slices.Sort(what)
			return inputErr(f, 0,
				"%s differs from its results in %s in %s: they are two experiments, not one sample; report them separately, or compare them with -base",
				k, fs[0], strings.Join(what, ", "))
		}
	}
	return nil
}

func appendUnique[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
