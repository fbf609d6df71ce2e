// Package harness measures strategies over a sweep of cases — strategy × n ×
// work × procs (× wait × workers × output) — and writes one result line per sample
// in the Go benchmark format, so that benchstat reads the file unchanged.
//
// Run reads as its four steps:
//
//  1. validate: a Config that cannot run is refused before anything runs
//     (ErrConfig);
//  2. check: every case's result is compared with the sequential
//     strategy's, once, before anything is timed; a wrong strategy is an
//     error (ErrMismatch), not a fast number;
//  3. calibrate: each case's iteration count is grown, as testing.B does,
//     until one sample takes about Config.SampleTime;
//  4. measure: a discarded warm-up round, then rounds that each take one
//     sample of every case still in need, in Cases order, each group of
//     cases compared with one another (one n, work, wait and procs)
//     rotated by one place per round. Every case gets Config.Count
//     samples; then only the groups with a case whose median is not yet
//     known to within Config.Precision get more (without their cases that
//     have had their share of the Budget), until each is, or has MaxCount
//     samples, or the Budget is spent. Because rounds are
//     interleaved, drift in the machine (thermal throttling, a noisy
//     neighbour) hits every strategy alike instead of whichever ran last,
//     which neither `go test -bench` nor hyperfine does; because a group
//     is sampled together and in rotating order, a strategy and its
//     baseline share their minutes and their places; and because the
//     extra rounds go where the variance is (Kalibera and Jones, "Rigorous
//     benchmarking in reasonable time", ISMM 2013), a quick run gets
//     intervals that a fixed count would need many times longer for.
//
// Every call a sample times writes into one output slice per n, allocated
// once and reused (Output Reuse), so a sample measures the strategy's
// concurrency, not allocating its result; Output Fresh measures that cost
// on its own. Each sample records wall time and the process's CPU time
// (user + sys), so the price of idle waiting and of spinning shows too.
//
// Each sample is written as soon as it is measured, so an interrupted Run
// leaves every finished sample behind.
package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// ErrMismatch is wrapped by the error Run returns when a strategy's result
// differs from the sequential strategy's for the same case.
var ErrMismatch = errors.New("harness: result differs from sequential")

// ErrConfig is wrapped by the error Validate (and so Run) returns for a
// Config that cannot be run, such as a non-positive size.
var ErrConfig = errors.New("harness: invalid config")

// Output says where the results of a case's calls go: casekey.Output.
type Output = casekey.Output

const (
	// Reuse writes every call's results into one slice per n, allocated
	// once: what a Map costs when its caller owns the destination.
	Reuse = casekey.Reuse
	// Fresh allocates a new result slice on every call, as strategies.Map
	// does: the cost of make([]int64, n), its page faults and the garbage
	// collections it brings, on top of the strategy.
	Fresh = casekey.Fresh
)

// Case is one point of a sweep: one strategy mapping a kernel with Work
// rounds and a Wait over N items, with GOMAXPROCS set to Procs.
type Case struct {
	Strategy strategies.Strategy
	// N is the number of items per call.
	N int
	// Work is the kernel's extra LCG rounds per item (strategies.Kernel.Work).
	Work int
	// WorkTime is the work as a duration per item, for a case of
	// Config.WorkTimes: its name says work=2µs. Run sets Work to the
	// rounds that take WorkTime on this machine.
	WorkTime time.Duration
	// Skew is how the work is spread over the items: the kernel gets
	// Skew.Rounds(N, Work) as its Rounds; Uniform is the seed's kernel.
	Skew casekey.Skew
	// Wait is how long each item waits after its work, as if for I/O
	// (strategies.Kernel.Wait); 0 is the CPU-bound kernel.
	Wait time.Duration
	// Procs is GOMAXPROCS while the case runs.
	Procs int
	// Workers is the workers argument passed to MapInto; 0 means Procs.
	Workers int
	// Output is where the results go; the zero value is Reuse.
	Output Output
	// Chunk is the chunk size Strategy was made with (Config.Chunks), 0
	// for its own choice.
	Chunk int
}

// workers returns the workers argument MapInto gets.
func (c Case) workers() int {
	if c.Workers <= 0 {
		return c.Procs
	}
	return c.Workers
}

// Key returns the case's key: its strategy's name and its dimensions,
// workers 0 when they are the procs.
func (c Case) Key() casekey.Case {
	k := casekey.Case{Strategy: c.Strategy.Name(), N: c.N, Work: c.Work, WorkTime: c.WorkTime, Wait: c.Wait,
		Procs: c.Procs, Output: c.Output, Skew: c.Skew, Chunk: c.Chunk}
	if c.WorkTime != 0 {
		k.Work = 0 // the name says the time, not this machine's rounds
	}
	if w := c.workers(); w != c.Procs {
		k.Workers = w
	}
	return k
}

// Name returns the case's benchmark name without the "Benchmark" prefix,
// its Key's Name: Map/strategy=S/n=N/work=W[/workers=K][/wait=D][/out=fresh]-P.
// It matches the strategies package's BenchmarkMap run with -cpu P, so
// benchstat can compare the two.
func (c Case) Name() string { return c.Key().Name() }

// Measurement is what a Meter saw while running a case's op some number of
// times.
type Measurement struct {
	// Elapsed is the wall time of all iterations together.
	Elapsed time.Duration
	// CPU is the CPU time (user + system) the whole process used
	// meanwhile, on every thread: 2 × Elapsed means two cores were busy
	// throughout. Zero when the platform does not report it.
	CPU time.Duration
	// Bytes and Allocs are the heap bytes and objects allocated meanwhile,
	// as counted by runtime.MemStats (TotalAlloc and Mallocs).
	Bytes, Allocs uint64
}

// A Meter runs op iters times in a row and measures it. It returns the
// first error op returns. Meter is the seam tests use to substitute fixed
// timings; the default, used when Config.Meter is nil, collects garbage
// first, as testing.B does, then reads the wall clock, getrusage and
// runtime.ReadMemStats around the calls.
type Meter func(c Case, iters int, op func() error) (Measurement, error)

// Progress describes where a Run is, for progress bars. Done counts the
// steps finished (a check, a calibration or a sample is one step) out of
// Total, which grows when cases need extra samples; Case is the case of
// the step about to start, and Phase is "check", "calibrate", "warm-up" or
// "sample". A final call has Phase "done" and Done == Total.
//
// Total counts only the rounds planned so far: after every case has Count
// samples, rounds for the cases still short of Config.Precision are
// planned one at a time, so an ETA from Done and Total alone reads "almost
// done" for most of a run that chases precision. BudgetLeft is the longest
// those extra rounds may still take: the budget not yet spent while the
// precision is being chased (all of it before the samples start: its clock
// starts with the first sample), 0 when no extra round can follow. An ETA
// adds it to the time of the planned steps left; it does not replace it.
type Progress struct {
	Phase       string
	Case        Case
	Done, Total int
	BudgetLeft  time.Duration
}

// Totals counts the samples a Run wrote and the samples it planned.
type Totals struct {
	// Samples is the number of samples written. Planned is Count per case,
	// the fewest a complete Run writes; a Run that chased precision may
	// write more.
	Samples, Planned int
	// Missed lists the cases whose median's confidence interval was still
	// wider than Config.Precision when the Run ended: the report says so.
	Missed []Case
	// Config is the file configuration every sample was written with (the
	// key: value lines before the first sample, after the # notes), so that
	// results added to the same file later, such as the Python peer's, can
	// carry it too. It is nil if Run stopped before writing.
	Config []benchfmt.Config
}

// Run measures every case of cfg (see Config.Cases) and writes one result
// per sample to w, in the Go benchmark format, preceded by "# key: value"
// notes for what changes from run to run (date, commit, sample counts) and
// configuration lines for the machine and the method, goos, goarch, pkg and
// cpu among them as `go test -bench` writes them. Each sample is written as
// soon as it is measured, in one Write; w is not closed.
//
// Run owns the strategies of cfg: when it returns it has closed every one
// that implements io.Closer (a strategies.PersistentPool stops its
// workers), so give it fresh values, as strategies.All and Preset make.
//
// Run sets runtime.GOMAXPROCS for each case and restores it before it
// returns. It blocks until it is done; cfg.Progress, if set, is called on
// the calling goroutine between steps.
//
// When ctx is cancelled Run abandons the sample in progress (the calls it
// times return promptly, by the strategies' contract) and returns an error
// wrapping ctx.Err(); the output then holds only complete samples. An
// invalid cfg gives an error wrapping ErrConfig before anything is run; a
// wrong strategy gives one wrapping ErrMismatch before anything is
// written. Totals reports what was written in every case.
func Run(ctx context.Context, cfg Config, w io.Writer) (Totals, error) {
	if err := cfg.Validate(); err != nil {
		return Totals{}, err
	}
	cfg, err := cfg.calibrated(ctx)
	if err != nil {
		return Totals{}, err
	}
	ss := cfg.strategies() // once: a nil list makes new values on every call
	cases := cfg.cases(ss)
	return run(ctx, newRunner(cfg, ss, cases, newKernelWork(cases)), w)
}

// run is Run's steps, once the cases and what they compute are known.
func run(ctx context.Context, r *runner, w io.Writer) (Totals, error) {
	cfg := r.cfg
	defer r.close()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	if err := r.check(ctx); err != nil {
		return r.tot, err
	}
	if err := r.calibrate(ctx); err != nil {
		return r.tot, err
	}
	labels, notes := cfg.labels()
	r.nw = &notesWriter{w: w, notes: notes}
	err := r.measure(ctx, benchfmt.NewWriter(r.nw), labels)
	return r.tot, err
}

// runner is one Run in progress: the cases, what each call needs, and
// what has been measured so far.
type runner struct {
	cfg      Config
	ss       []strategies.Strategy // closed by close
	cases    []Case
	work     workload
	ops      []func(ctx context.Context) error
	iters    []int           // calibrated iterations per sample, per case
	samples  [][]float64     // ns/item per case, for the precision rule
	spent    []time.Duration // wall time of each case's samples, GC and all
	meter    Meter
	progress func(Progress)
	loads    *loadSampler // how busy the machine was meanwhile
	nw       *notesWriter // where its notes go, with the next sample
	sampling time.Time    // when the samples began (after the warm-up)
	finished bool         // need planned no more rounds
	done     int          // steps finished
	total    int          // steps planned
	tot      Totals
}

func newRunner(cfg Config, ss []strategies.Strategy, cases []Case, work workload) *runner {
	r := &runner{
		cfg:      cfg,
		ss:       ss,
		cases:    cases,
		work:     work,
		meter:    cfg.Meter,
		progress: cfg.Progress,
		loads:    newLoadSampler(),
	}
	if r.meter == nil {
		r.meter = wallMeter
	}
	if r.progress == nil {
		r.progress = func(Progress) {}
	}
	r.tot.Planned = len(r.cases) * cfg.count()
	r.total = 2*len(r.cases) + len(r.cases)*(cfg.count()+1)
	for _, c := range r.cases {
		r.ops = append(r.ops, work.op(c))
	}
	r.iters = make([]int, len(r.cases))
	r.samples = make([][]float64, len(r.cases))
	r.spent = make([]time.Duration, len(r.cases))
	return r
}

// close closes every strategy that holds resources: those of the Config
// and those made for a chunk size (Config.chunked), once each.
func (r *runner) close() {
	for _, s := range r.ss {
		if c, ok := s.(io.Closer); ok {
			c.Close()
		}
	}
	made := map[string]bool{}
	for _, c := range r.cases {
		id := c.Strategy.Name() + "/chunk=" + strconv.Itoa(c.Chunk)
		if cl, ok := c.Strategy.(io.Closer); ok && c.Chunk != 0 && !made[id] {
			made[id] = true
			cl.Close()
		}
	}
}

// step reports the step about to start, unless ctx is done.
func (r *runner) step(ctx context.Context, phase string, c Case) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.progress(Progress{Phase: phase, Case: c, Done: r.done, Total: r.total, BudgetLeft: r.budgetLeft()})
	r.done++
	return nil
}

// budgetLeft is Progress.BudgetLeft: the budget, before the samples start;
// while they are taken, what is left of it until the last round need
// plans (see need), or none without a precision target.
func (r *runner) budgetLeft() time.Duration {
	budget := r.cfg.budget(len(r.cases))
	switch {
	case r.cfg.precision() <= 0 || r.finished:
		return 0
	case r.sampling.IsZero():
		return budget
	}
	return max(0, budget-time.Since(r.sampling))
}

// check runs every case once and compares its result with sequential's
// (see workload.check).
func (r *runner) check(ctx context.Context) error {
	for _, c := range r.cases {
		if err := r.step(ctx, "check", c); err != nil {
			return err
		}
		runtime.GOMAXPROCS(c.Procs)
		if err := r.work.check(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// calibrate finds every case's iterations per sample.
func (r *runner) calibrate(ctx context.Context) error {
	for i, c := range r.cases {
		if err := r.step(ctx, "calibrate", c); err != nil {
			return err
		}
		runtime.GOMAXPROCS(c.Procs)
		n, err := calibrate(ctx, r.cfg.sampleTime(), func(n int) (time.Duration, error) {
			m, err := r.sample(ctx, i, n)
			return m.Elapsed, err
		})
		if err != nil {
			return fmt.Errorf("harness: calibrate %s: %w", c.Name(), err)
		}
		r.iters[i] = n
	}
	return nil
}

// parker is a strategy whose workers may outlive a call, spinning for the
// next one (strategies.PersistentPool, strategies.Limit): Park parks them.
type parker interface{ Park() }

// sample measures case i for iters calls. A strategy whose workers spin
// after a call is parked after its sample, so that they do not compete
// with the next case's sample for a core.
func (r *runner) sample(ctx context.Context, i, iters int) (Measurement, error) {
	call := r.ops[i]
	if p, ok := r.cases[i].Strategy.(parker); ok {
		defer p.Park()
	}
	m, err := r.meter(r.cases[i], iters, func() error { return call(ctx) })
	if err != nil && ctx.Err() != nil {
		return m, ctx.Err() // an abandoned sample, not a failing strategy
	}
	return m, err
}

// measure takes the warm-up round, then rounds of samples of the cases in
// need (see need), writing each sample to bw, with labels as its
// configuration, as it is taken.
func (r *runner) measure(ctx context.Context, bw *benchfmt.Writer, labels []benchfmt.Config) error {
	r.tot.Config = labels
	all := make([]int, len(r.cases))
	for i := range all {
		all[i] = i
	}
	if err := r.round(ctx, "warm-up", all, nil, labels); err != nil {
		return err
	}
	r.sampling = time.Now()
	for rounds := 0; ; {
		todo := r.need(time.Since(r.sampling))
		if len(todo) == 0 {
			break
		}
		if err := r.round(ctx, "sample", rotate(r.cases, todo, rounds), bw, labels); err != nil {
			return err
		}
		rounds++
	}
	for i, c := range r.cases {
		if !r.precise(i) {
			r.tot.Missed = append(r.tot.Missed, c)
		}
	}
	r.progress(Progress{Phase: "done", Done: r.done, Total: r.done})
	return nil
}

// round takes one sample of each case in todo, in order, and writes it to
// bw (nil: discard, for the warm-up).
func (r *runner) round(ctx context.Context, phase string, todo []int, bw *benchfmt.Writer, labels []benchfmt.Config) error {
	if r.loads.tick() && r.nw != nil {
		r.nw.queue(r.cfg.override(r.loads.notes()))
	}
	for _, i := range todo {
		c := r.cases[i]
		if err := r.step(ctx, phase, c); err != nil {
			return err
		}
		runtime.GOMAXPROCS(c.Procs)
		t0 := time.Now()
		m, err := r.sample(ctx, i, r.iters[i])
		r.spent[i] += time.Since(t0)
		if err != nil {
			if err == ctx.Err() {
				return err // interrupted: the caller says so
			}
			return fmt.Errorf("harness: measure %s: %w", c.Name(), err)
		}
		if bw == nil {
			continue
		}
		res := result(c, r.iters[i], m, labels)
		if err := bw.Write(res); err != nil {
			return fmt.Errorf("harness: write %s: %w", c.Name(), err)
		}
		r.samples[i] = append(r.samples[i], float64(m.Elapsed.Nanoseconds())/float64(r.iters[i]*c.N))
		r.tot.Samples++
	}
	return nil
}

// need returns the cases the next round samples, in Cases order: every
// case until it has Count samples; after that, while the budget lasts, the
// groups (see point) with a case whose median is not yet known to within
// Precision. A group goes as a whole, not just its wide case, so that the
// cases a report divides by one another (a strategy by sequential at the
// same n) keep sharing their rounds: were the wide case sampled alone, its
// extra samples would come from later minutes than its baseline's, and a
// machine that drifts in between would move its speedup. Only the cases
// that have spent less than their share of the budget (the budget over the
// cases) and have fewer than MaxCount samples go, as long as any group has
// such a wide case: a case whose samples are slow (a naive shape at large
// n takes 50-1500 ms a sample) drops out once it has had its share, and
// the quick cases of its group go on together. When no group has one, the
// wide cases that spent their share get their turn, with their groups. It
// also grows the planned steps by the round's length, for progress bars.
func (r *runner) need(elapsed time.Duration) []int {
	var todo []int
	for i := range r.cases {
		if len(r.samples[i]) < r.cfg.count() {
			todo = append(todo, i)
		}
	}
	budget := r.cfg.budget(len(r.cases))
	if len(todo) == 0 && elapsed < budget {
		share := budget / time.Duration(len(r.cases))
		open := func(i int) bool { return len(r.samples[i]) < r.cfg.maxCount() }
		fair := func(i int) bool { return open(i) && r.spent[i] < share }
		todo = r.groupsOf(fair)
		if len(todo) == 0 {
			todo = r.groupsOf(open)
		}
	}
	if planned := r.done + len(todo); planned > r.total {
		r.total = planned
	}
	r.finished = len(todo) == 0
	return todo
}

// groupsOf returns, in Cases order, the cases for which ok holds in the
// groups where ok holds for a case that is not yet precise.
func (r *runner) groupsOf(ok func(i int) bool) []int {
	needy := map[point]bool{}
	for i, c := range r.cases {
		if ok(i) && !r.precise(i) {
			needy[pointOf(c)] = true
		}
	}
	var todo []int
	for i, c := range r.cases {
		if needy[pointOf(c)] && ok(i) {
			todo = append(todo, i)
		}
	}
	return todo
}

// point is a group of cases that a report compares with one another: one
// n, work, skew, wait and procs, every strategy, workers value, output
// and chunk.
type point struct {
	n, work, procs int
	workTime, wait time.Duration
	skew           casekey.Skew
}

func pointOf(c Case) point {
	return point{n: c.N, work: c.Work, workTime: c.WorkTime, procs: c.Procs, wait: c.Wait, skew: c.Skew}
}

// rotate returns todo with each group's run of cases (see point; Cases
// order keeps a group together) rotated left by k, so that over the rounds
// every case of a group takes every place in it in turn. A case that always
// came first after another group's (often much heavier) cases, and always
// in the same place, would carry whatever that place costs (caches, the
// collector, the frequency the core is at) into every sample: in one full
// run, sequential, always first, measured 12% slower than the very same
// loop in static-partition on one core.
func rotate(cases []Case, todo []int, k int) []int {
	out := make([]int, 0, len(todo))
	for lo := 0; lo < len(todo); {
		hi := lo + 1
		for hi < len(todo) && pointOf(cases[todo[hi]]) == pointOf(cases[todo[lo]]) {
			hi++
		}
		run := todo[lo:hi]
		j := k % len(run)
		out = append(append(out, run[j:]...), run[:j]...)
		lo = hi
	}
	return out
}

// precise reports whether case i's median is known to within Precision:
// the half-width of its 95% confidence interval, the larger side, as a
// fraction of the median, as benchstat prints it after ±.
func (r *runner) precise(i int) bool {
	p := r.cfg.precision()
	return p <= 0 || report.HalfWidth(r.samples[i]) <= p
}

// calibrate returns how many iterations make one sample last about target,
// growing the count as testing.B does: predict from the last run, aim 20%
// over, grow at most 100x and at least by one, stop at 1e9. run measures n
// iterations. ctx is checked between runs.
func calibrate(ctx context.Context, target time.Duration, run func(n int) (time.Duration, error)) (int, error) {
	n := 1
	d, err := run(n)
	if err != nil {
		return 0, err
	}
	for d < target && n < 1e9 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		last := int64(n)
		prev := max(d.Nanoseconds(), 1)
		next := target.Nanoseconds() * last / prev
		next += next / 5
		next = min(next, 100*last)
		next = max(next, last+1)
		next = min(next, 1e9)
		n = int(next)
		if d, err = run(n); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// wallMeter is the default Meter: it collects garbage first, as testing.B
// does before each run, so that every sample starts from a settled heap;
// then, when the sample spans several calls, it makes one call untimed, so
// that the sample starts as the calls after it do, with the case's data in
// the caches (the case before it may have worked on another n) and a
// persistent pool's workers awake; then it times the calls by the wall
// clock and by the process's CPU time. Without the untimed call, the first
// case of each n paid for refilling the caches: sequential, first in every
// round, came out 19% slower than the same loop run right after it at
// n = 100000, work = 0.
func wallMeter(_ Case, iters int, op func() error) (Measurement, error) {
	runtime.GC()
	if iters > 1 {
		if err := op(); err != nil {
			return Measurement{}, err
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	start := time.Now()
	for range iters {
		if err := op(); err != nil {
			return Measurement{}, err
		}
	}
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&after)
	return Measurement{
		Elapsed: elapsed,
		CPU:     cpu,
		Bytes:   after.TotalAlloc - before.TotalAlloc,
		Allocs:  after.Mallocs - before.Mallocs,
	}, nil
}

// result turns one sample into a benchfmt result with the units ns/op,
// ns/item, cpu-ns/item (when the platform reports CPU time), B/op and
// allocs/op. Times keep 5 significant digits, as many as testing prints and
// more than any clock here resolves; B/op and allocs/op are whole numbers,
// as testing reports them.
func result(c Case, iters int, m Measurement, labels []benchfmt.Config) *benchfmt.Result {
	nsPerOp := float64(m.Elapsed.Nanoseconds()) / float64(iters)
	values := []benchfmt.Value{
		{Value: significant(nsPerOp, 5), Unit: "ns/op"},
		{Value: significant(nsPerOp/float64(c.N), 5), Unit: "ns/item"},
	}
	if m.CPU > 0 {
		cpu := float64(m.CPU.Nanoseconds()) / float64(iters) / float64(c.N)
		values = append(values, benchfmt.Value{Value: significant(cpu, 5), Unit: "cpu-ns/item"})
	}
	values = append(values,
		benchfmt.Value{Value: float64(m.Bytes / uint64(iters)), Unit: "B/op"},
		benchfmt.Value{Value: float64(m.Allocs / uint64(iters)), Unit: "allocs/op"},
	)
	return &benchfmt.Result{
		Config: labels,
		Name:   benchfmt.Name(c.Name()),
		Iters:  iters,
		Values: values,
	}
}

// significant rounds x to the given number of significant digits.
func significant(x float64, digits int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', digits, 64), 64)
	return r
}
