// Package python runs concbench's Python peer, the seed programme in
// harness/python/pyseed/seed.py, and turns its timings into benchmark
// results that sit beside the Go strategies' in one benchfmt file.
//
// The programme maps the same kernel over the same inputs four ways: a
// list comprehension, Pool.map with functools.partial, Pool.map with a
// callable class, and ThreadPool.map with the same partial, which shows the
// GIL: threads take turns computing, but overlap while they wait. With
// Config.Waits every variant sleeps that long per item after its work. Its
// results are named by casekey, as the harness's are,
// Map/strategy=python-sequential/n=N/work=W[/workers=K][/wait=D]-P (and
// python-partial, python-callable, python-threads: pyseed.Variants, which
// also declares each one's Traits), where P is the procs value and K, when
// it differs, the pool's size, and carry ns/op and ns/item, so benchstat
// and concbench report compare them with Go's as strategies.
//
// The script is pyseed/seed.py itself, embedded by package pyseed, and
// written to a temporary file for each run, so the package works from any
// directory. It needs python3 on PATH; without it
// Run and Verify return an error wrapping ErrNoPython.
package python

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/harness/python/pyseed"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// ErrNoPython is wrapped by the error Run and Verify return when the Python
// interpreter cannot be found.
var ErrNoPython = errors.New("python: python3 not found in PATH")

// ErrTimeout is wrapped by the error Run and Verify return when the
// programme took longer than Config.Timeout (a Pool worker stuck on a lock
// under load) and was killed.
var ErrTimeout = errors.New("python: no answer in time")

// ErrConfig is wrapped by the error Run returns for a Config it cannot run:
// no sizes or works, a size below 1, a negative work, wait, workers or
// count, or a procs value below 1. Run checks it before starting Python.
var ErrConfig = errors.New("python: invalid config")

// Config says what to time. The zero value of each field means a sensible
// default, but Sizes and Works have no default: Run needs at least one of
// each.
type Config struct {
	// Sizes are the input sizes n to time (each >= 1).
	Sizes []int
	// Works are the kernel work values to time (each >= 0).
	Works []int
	// Waits are the waits per item to time (each >= 0), as the harness's
	// Config.Waits. Nil means 0 only.
	Waits []time.Duration
	// Procs are the procs values to time, each the pools' size unless
	// Workers says otherwise. Nil means the machine's CPU count, as
	// Python's Pool() chooses.
	Procs []int
	// Workers are the pool sizes to time at each procs value, as the
	// harness's Config.Workers: 0 means procs. Nil means 0 only.
	// python-sequential is timed with the first value only.
	Workers []int
	// Skews are how the work is spread over the items, as the harness's
	// Config.Skews: the programme maps casekey's Skew.Rounds, the very
	// tables Go maps. Nil means Uniform only.
	Skews []casekey.Skew
	// Chunks are the chunksize arguments of Pool.map and ThreadPool.map,
	// as the harness's Config.Chunks: 0 means map's default, ceil(n / (4
	// × pool size)). Nil means 0 only. python-sequential is timed with
	// the first value only.
	Chunks []int
	// Count is the number of samples per case. Zero means 6: the fewest
	// for a 95% confidence interval of the median (the harness takes
	// more, and more again while chasing its precision target).
	Count int
	// SampleTime is the target duration of one sample, as the harness's
	// Config.SampleTime. Zero means 100ms: a sample spans many calls
	// even at CPython's speed.
	SampleTime time.Duration
	// Precision is the target half-width of each case's 95% confidence
	// interval of the median, as a fraction of the median, as the
	// harness's Config.Precision: after the Count samples of a size, Run
	// takes that size's cases again, Count samples at a time, while one is
	// wider, has fewer than MaxCount samples and Budget is not spent. Zero
	// or negative takes exactly Count samples.
	Precision float64
	// MaxCount is the most samples a case gets while chasing Precision.
	// Zero means 16 × Count, as in the harness.
	MaxCount int
	// Budget is the wall time Run may spend chasing Precision, from its
	// start; the Count samples of every case are always taken. Zero means
	// one second per case, as in the harness.
	Budget time.Duration
	// MaxItemRounds skips the cases where n*(work+1) exceeds it: CPython
	// spends about 200 ns per LCG round, so n=10^6 at work=1000 would
	// take minutes per call. Zero means 10^7; negative means no limit.
	MaxItemRounds int64
	// Timeout is the longest one start of the programme may take: past
	// it, the programme and its Pool workers are killed, and Run returns
	// the samples it finished with an error wrapping ErrTimeout. Zero
	// means a bound proportional to the work asked of it: a minute, plus
	// ten times the time its samples should take.
	Timeout time.Duration
	// Python is the interpreter to run. Empty means "python3" on PATH.
	Python string
	// Script is the path of the seed programme. Empty means the copy
	// embedded in this package.
	Script string
	// Labels are attached to every result as its configuration, typically
	// the harness's file configuration (goos, cpu, ...), so that Python
	// results land in the same benchstat tables as Go's.
	Labels []benchfmt.Config
	// Log, if set, receives one line per skipped case and Python's stderr,
	// as Python writes it.
	Log io.Writer
}

// Run verifies that the seed programme computes what Go computes (see
// Verify), then times its four variants for every size, work, wait, procs
// and workers in cfg and returns one result per sample, in the order the
// programme took them. The programme is started once per size, and within one start it
// takes its samples round-robin over that size's cases, so machine drift
// hits them alike. Cases over cfg.MaxItemRounds are skipped and logged.
//
// Run blocks until the programme exits. Cancelling ctx interrupts it
// (SIGINT, then SIGKILL after two seconds): Run then returns the samples
// finished so far with an error wrapping ctx's error. A programme that
// fails part of the way likewise gives back the samples it finished, with
// the error. The programme runs in a process group of its own (on Unix),
// so a terminal's Ctrl-C reaches only the caller, which cancels ctx.
func Run(ctx context.Context, cfg Config) ([]*benchfmt.Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if err := Verify(ctx, cfg); err != nil {
		return nil, err
	}
	limit := cfg.MaxItemRounds
	if limit == 0 {
		limit = 10_000_000
	}
	type nw struct{ n, w int }
	var cases []nw
	for _, n := range cfg.Sizes {
		for _, w := range cfg.Works {
			if limit > 0 && int64(n)*int64(w+1) > limit {
				logf(cfg.Log, "python: skipping n=%d work=%d: n*(work+1) = %d is over the limit %d", n, w, int64(n)*int64(w+1), limit)
				continue
			}
			cases = append(cases, nw{n, w})
		}
	}
	var results []*benchfmt.Result
	start := time.Now()
	budget := cmp.Or(cfg.Budget, time.Duration(len(cases)*len(pyseed.Variants()))*time.Second)
	// The script times the cross product of its lists, so call it once per
	// size to honour per-case skips, and again while the size's cases
	// chase the precision target.
	for _, n := range cfg.Sizes {
		var works []int
		for _, c := range cases {
			if c.n == n {
				works = append(works, c.w)
			}
		}
		if len(works) == 0 {
			continue
		}
		args := []string{"time", "--n", strconv.Itoa(n), "--work", joinInts(works),
			"--count", strconv.Itoa(cmp.Or(cfg.Count, 6)),
			"--sample-time", strconv.FormatFloat(cmp.Or(cfg.SampleTime, 100*time.Millisecond).Seconds(), 'f', -1, 64)}
		if len(cfg.Procs) > 0 {
			args = append(args, "--procs", joinInts(cfg.Procs))
		}
		if len(cfg.Workers) > 0 {
			args = append(args, "--workers", joinInts(cfg.Workers))
		}
		if len(cfg.Waits) > 0 {
			ns := make([]int, len(cfg.Waits))
			for i, d := range cfg.Waits {
				ns[i] = int(d.Nanoseconds())
			}
			args = append(args, "--wait-ns", joinInts(ns))
		}
		if len(cfg.Chunks) > 0 {
			args = append(args, "--chunksize", joinInts(cfg.Chunks))
		}
		skewArgs, cleanup, err := roundsFile(cfg.Skews, n, works)
		if err != nil {
			return results, err
		}
		args = append(args, skewArgs...)
		var sized []*benchfmt.Result
		for {
			out, runErr := runScript(ctx, cfg, cfg.timeout(n, works), args...)
			rs, err := ParseTimings(bytes.NewReader(out), cfg.Labels)
			results, sized = append(results, rs...), append(sized, rs...)
			if err := cmp.Or(runErr, err); err != nil {
				cleanup()
				return results, err
			}
			if !needMore(sized, cfg.Precision, cmp.Or(cfg.MaxCount, 16*cmp.Or(cfg.Count, 6))) || time.Since(start) >= budget {
				break
			}
		}
		cleanup()
	}
	return results, nil
}

// roundsFile writes the rounds of every skew but uniform at n and each of
// works, as seed.py's --rounds-file reads them, to a temporary file, and
// returns the programme's --skew and --rounds-file arguments and a func
// that removes the file. No skews, or uniform only, need no file.
func roundsFile(skews []casekey.Skew, n int, works []int) (args []string, cleanup func(), err error) {
	cleanup = func() {}
	if len(skews) == 0 {
		return nil, cleanup, nil
	}
	names := make([]string, len(skews))
	tables := map[string]map[string][]int32{}
	for i, s := range skews {
		names[i] = s.String()
		if s == casekey.Uniform {
			continue
		}
		tables[s.String()] = map[string][]int32{}
		for _, w := range works {
			tables[s.String()][strconv.Itoa(w)] = s.Rounds(n, w)
		}
	}
	args = []string{"--skew", strings.Join(names, ",")}
	if len(tables) == 0 {
		return args, cleanup, nil
	}
	f, err := os.CreateTemp("", "concbench-rounds-*.json")
	if err != nil {
		return nil, cleanup, fmt.Errorf("python: %w", err)
	}
	cleanup = func() { os.Remove(f.Name()) }
	err = json.NewEncoder(f).Encode(tables)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return nil, func() {}, fmt.Errorf("python: write the skews' rounds: %w", err)
	}
	return append(args, "--rounds-file", f.Name()), cleanup, nil
}

// needMore reports whether the samples of one size's cases should grow:
// some case's 95% interval of the median is wider than precision (a
// fraction of the median) and every case has fewer than maxCount samples.
// A precision of zero or below asks for nothing more.
func needMore(rs []*benchfmt.Result, precision float64, maxCount int) bool {
	if precision <= 0 {
		return false
	}
	byCase := map[string][]float64{}
	for _, r := range rs {
		if v, ok := r.Value("ns/item"); ok {
			byCase[r.Name.String()] = append(byCase[r.Name.String()], v)
		}
	}
	wide := false
	for _, vs := range byCase {
		if len(vs) >= maxCount {
			return false
		}
		if report.HalfWidth(vs) > precision {
			wide = true
		}
	}
	return wide
}

// validate returns an error wrapping ErrConfig for the first problem in c.
func (c Config) validate() error {
	if len(c.Sizes) == 0 || len(c.Works) == 0 {
		return fmt.Errorf("%w: need at least one size and one work value", ErrConfig)
	}
	for _, l := range []struct {
		what string
		v    []int
		min  int
	}{{"size", c.Sizes, 1}, {"work", c.Works, 0}, {"procs", c.Procs, 1}, {"workers", c.Workers, 0}, {"chunk", c.Chunks, 0}} {
		for _, x := range l.v {
			switch {
			case x < l.min && l.min == 0:
				return fmt.Errorf("%w: %s %d is negative", ErrConfig, l.what, x)
			case x < l.min:
				return fmt.Errorf("%w: %s %d is below %d", ErrConfig, l.what, x, l.min)
			}
		}
	}
	for _, d := range c.Waits {
		if d < 0 {
			return fmt.Errorf("%w: wait %v is negative", ErrConfig, d)
		}
	}
	for _, s := range c.Skews {
		if _, err := casekey.ParseSkew(s.String()); err != nil {
			return fmt.Errorf("%w: %v", ErrConfig, err)
		}
	}
	if c.Count < 0 {
		return fmt.Errorf("%w: count %d is negative", ErrConfig, c.Count)
	}
	return nil
}

// Verify runs the seed programme's four variants on the seed's inputs
// (work 0, and work 3 to exercise the 64-bit wrapping; and with a wait of
// 1 ms, which the variants run through functions of their own), on 1000
// items, and on 1000 items of each skew in cfg.Skews but uniform (each
// item its own rounds), and returns an error naming the first difference
// from Go's kernel, Kernel{Const: 100} with each item's work.
func Verify(ctx context.Context, cfg Config) error {
	type check struct {
		n, work int
		wait    time.Duration
		skew    casekey.Skew
	}
	checks := []check{{20, 0, 0, 0}, {20, 3, 0, 0}, {1000, 7, 0, 0}, {20, 3, time.Millisecond, 0}}
	for _, s := range cfg.Skews {
		if s != casekey.Uniform {
			checks = append(checks, check{1000, 7, 0, s})
		}
	}
	for _, c := range checks {
		skewArgs, cleanup, err := roundsFile([]casekey.Skew{c.skew}, c.n, []int{c.work})
		if err != nil {
			return err
		}
		out, err := runScript(ctx, cfg, cmp.Or(cfg.Timeout, time.Minute), append([]string{"seed", "--n", strconv.Itoa(c.n), "--work", strconv.Itoa(c.work),
			"--wait-ns", strconv.FormatInt(c.wait.Nanoseconds(), 10), "--const", strconv.Itoa(strategies.SeedConst)}, skewArgs...)...)
		cleanup()
		if err != nil {
			return err
		}
		got, err := parseSeed(out)
		if err != nil {
			return err
		}
		want := goKernel(c.n, c.work, c.skew)
		for _, v := range pyseed.Variants() {
			g, ok := got[v.Name]
			if !ok {
				return fmt.Errorf("python: seed programme printed no %s results", v.Name)
			}
			if i := firstDiff(g, want); i >= 0 {
				return fmt.Errorf("python: %s differs from Go at n=%d work=%d wait=%v skew=%v, item %d: %s", v.Name, c.n, c.work, c.wait, c.skew, i, show(g, want, i))
			}
		}
	}
	return nil
}

// goKernel is Go's kernel over Pairs(n) at work and skew: item i with
// skew's rounds for it, one item at a time, as sequential computes it.
func goKernel(n, work int, skew casekey.Skew) []int64 {
	rounds := skew.Rounds(n, work)
	out := make([]int64, n)
	for i, p := range strategies.Pairs(n) {
		k := strategies.Kernel{Const: strategies.SeedConst, Work: work}
		if rounds != nil {
			k.Work = int(rounds[i])
		}
		out[i] = k.Apply(p)
	}
	return out
}

// line is one JSON line of the seed programme's output.
type line struct {
	Kind    string  `json:"kind"`
	Variant string  `json:"variant"`
	N       int     `json:"n"`
	Work    int     `json:"work"`
	WaitNs  int64   `json:"wait_ns"`
	Procs   int     `json:"procs"`
	Workers int     `json:"workers"`
	Skew    string  `json:"skew"`
	Chunk   int     `json:"chunk"`
	Iters   int     `json:"iters"`
	Ns      float64 `json:"ns"`
	Results []int64 `json:"results"`
}

// ParseTimings converts the output of `seed.py time` (JSON lines) into
// benchmark results named by casekey, Map/strategy=python-VARIANT/n=N/work=W-P
// with /workers=K when the pool's size K differs from P, /wait=D when
// the items waited, /skew=S for uneven work and /chunk=C for a chunksize, with units ns/op and ns/item, each carrying labels as
// its configuration. Lines of other kinds are ignored; a malformed line is an
// error naming its line number.
func ParseTimings(r io.Reader, labels []benchfmt.Config) ([]*benchfmt.Result, error) {
	var out []*benchfmt.Result
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for num := 1; sc.Scan(); num++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var l line
		if err := json.Unmarshal(text, &l); err != nil {
			return nil, fmt.Errorf("python: timings:%d: %w", num, err)
		}
		if l.Kind != "sample" {
			continue
		}
		skew, skewErr := casekey.ParseSkew(cmp.Or(l.Skew, "uniform"))
		if !slices.ContainsFunc(pyseed.Variants(), func(v pyseed.Variant) bool { return v.Name == l.Variant }) || l.N < 1 || l.Iters < 1 || l.Procs < 1 || l.Ns <= 0 || l.Workers < 0 || l.WaitNs < 0 || l.Chunk < 0 || skewErr != nil {
			return nil, fmt.Errorf("python: timings:%d: bad sample %s", num, text)
		}
		key := casekey.Case{Strategy: pyseed.Variant{Name: l.Variant}.Strategy(), N: l.N, Work: l.Work,
			Wait: time.Duration(l.WaitNs), Procs: l.Procs, Workers: l.Workers, Skew: skew, Chunk: l.Chunk}
		nsPerOp := l.Ns / float64(l.Iters)
		out = append(out, &benchfmt.Result{
			Config: slices.Clone(labels),
			Name:   benchfmt.Name(key.Name()),
			Iters:  l.Iters,
			Values: []benchfmt.Value{
				{Value: nsPerOp, Unit: "ns/op"},
				{Value: nsPerOp / float64(l.N), Unit: "ns/item"},
			},
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("python: timings: %w", err)
	}
	return out, nil
}

func parseSeed(out []byte) (map[string][]int64, error) {
	got := make(map[string][]int64)
	for num, text := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var l line
		if err := json.Unmarshal(text, &l); err != nil {
			return nil, fmt.Errorf("python: seed output:%d: %w", num+1, err)
		}
		if l.Kind == "seed" {
			got[l.Variant] = l.Results
		}
	}
	return got, nil
}

// timeout is how long the start of the programme that times n at works
// may take: Config.Timeout, or a minute plus ten times what its samples
// should take, each at least SampleTime (and as long again to calibrate), or
// one call of the sequential variant (200 ns per LCG round, and every
// item's wait) when that is longer.
func (c Config) timeout(n int, works []int) time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	sample := cmp.Or(c.SampleTime, 100*time.Millisecond)
	cases := len(pyseed.Variants()) * max(1, len(c.Waits)) * max(1, len(c.Procs)) * max(1, len(c.Workers))
	var expect time.Duration
	for _, w := range works {
		call := time.Duration(n) * (time.Duration(w+1)*200*time.Nanosecond + slices.Max(append([]time.Duration{0}, c.Waits...)))
		expect += time.Duration(cases*cmp.Or(c.Count, 6)) * max(2*sample, call)
	}
	return time.Minute + 10*expect
}

// runScript runs the seed programme with args and returns its stdout, cut
// after its last whole line when the programme fails, is interrupted or
// takes longer than timeout (then it and its Pool workers are killed), so
// that the lines it finished can still be read.
func runScript(ctx context.Context, cfg Config, timeout time.Duration, args ...string) ([]byte, error) {
	path, err := lookPython(cfg)
	if err != nil {
		return nil, err
	}
	scriptPath := cfg.Script
	if scriptPath == "" {
		dir, err := tempDir()
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		scriptPath = filepath.Join(dir, "seed.py")
		if err := os.WriteFile(scriptPath, pyseed.Script, 0o644); err != nil {
			return nil, fmt.Errorf("python: %w", err)
		}
	}
	tctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	defer cancel()
	cmd := exec.CommandContext(tctx, path, append([]string{scriptPath}, args...)...)
	cmd.Cancel = func() error {
		if ctx.Err() == nil { // timed out: a stuck Pool answers no signal
			killGroup(cmd)
			return nil
		}
		// SIGINT lets the script terminate its Pool's processes on the way out.
		return cmd.Process.Signal(os.Interrupt)
	}
	cmd.WaitDelay = 2 * time.Second
	ownGroup(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if cfg.Log != nil {
		cmd.Stderr = io.MultiWriter(&stderr, cfg.Log)
	}
	err = cmd.Run()
	// Whatever ended the programme, no Pool worker outlives it: after an
	// interrupt the programme may be killed (WaitDelay) while it is still
	// terminating its pool, and a worker left behind would wait for tasks
	// forever (CI found one, orphaned, 20 minutes after its test).
	killGroup(cmd)
	whole := stdout.Bytes()[:bytes.LastIndexByte(stdout.Bytes(), '\n')+1]
	if ctx.Err() != nil {
		return whole, fmt.Errorf("python: %s %s: %w", filepath.Base(scriptPath), args[0], ctx.Err())
	}
	if tctx.Err() != nil {
		return whole, fmt.Errorf("%w: %s %s ran past %v, the bound for its work; stopped it and its pool (the samples it finished are kept)", ErrTimeout, filepath.Base(scriptPath), strings.Join(args, " "), timeout)
	}
	if err != nil {
		return whole, fmt.Errorf("python: %s %s: %w: %s", filepath.Base(scriptPath), strings.Join(args, " "), err, lastLine(stderr.Bytes()))
	}
	return stdout.Bytes(), nil
}

// Check reports, before anything is timed, what would stop Run from
// starting the programme: no interpreter (an error wrapping ErrNoPython),
// or no temporary directory to write the script into, an error that names
// TMPDIR.
func Check(cfg Config) error {
	if _, err := lookPython(cfg); err != nil {
		return err
	}
	if cfg.Script != "" {
		return nil
	}
	dir, err := tempDir()
	if err == nil {
		os.Remove(dir)
	}
	return err
}

// lookPython returns the path of the interpreter cfg names.
func lookPython(cfg Config) (string, error) {
	interp := cmp.Or(cfg.Python, "python3")
	path, err := exec.LookPath(interp)
	if err != nil {
		return "", fmt.Errorf("%w (looked for %q: %v)", ErrNoPython, interp, err)
	}
	return path, nil
}

// tempDir makes a temporary directory for the script.
func tempDir() (string, error) {
	dir, err := os.MkdirTemp("", "concbench-python-")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("python: cannot write the seed programme into the temporary directory %s: %w (set TMPDIR to a writable directory; it is %q)", os.TempDir(), err, os.Getenv("TMPDIR"))
	}
	return dir, nil
}

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}

func lastLine(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return string(b)
}

func joinInts(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

func firstDiff(got, want []int64) int {
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			return i
		}
	}
	if len(got) != len(want) {
		return len(want)
	}
	return -1
}

func show(got, want []int64, i int) string {
	g := "missing"
	if i < len(got) {
		g = strconv.FormatInt(got[i], 10)
	}
	w := "nothing"
	if i < len(want) {
		w = strconv.FormatInt(want[i], 10)
	}
	return fmt.Sprintf("python %s, go %s (len %d vs %d)", g, w, len(got), len(want))
}
