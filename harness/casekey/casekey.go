// Package casekey is the one name of a benchmark case: a typed Case (the
// strategy, n, work, wait, procs, workers, output, skew and chunk) with one
// Name and one Parse, which the harness, the Python peer, the strategies'
// benchmarks, the report and the charts all go through. A name is a Go
// benchmark name with key=value parts, so benchstat and benchproc read it
// unchanged:
//
//	Map/strategy=S/n=N/work=W[/workers=K][/wait=D][/out=fresh][/skew=X][/chunk=C]-P
//
// A part that has its default value (workers equal to procs, no wait,
// reused output, uniform skew, automatic chunks) is left out, so the names
// of committed results files read as they always did.
//
// Traits looks up a strategy's role (baseline, reference, ...) by name,
// for results read back from a file, where only names are left.
package casekey

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness/python/pyseed"
	"github.com/concbench/concbench/strategies"
)

// Case identifies one benchmark case. Its zero fields are the defaults a
// name leaves out; Parse returns them so, and Name(Parse(s)) parses back
// to the same Case.
type Case struct {
	// Strategy is the strategy's name, as strategies.Strategy.Name gives
	// it ("errgroup") or the Python peer's ("python-partial").
	Strategy string
	// N is the number of items per call.
	N int
	// Work is the kernel's extra LCG rounds per item; WorkTime is the
	// work as a duration per item instead, for a run given one (then
	// Work is 0 and the name says work=2µs).
	Work     int
	WorkTime time.Duration
	// Wait is each item's wait after its work, as if for I/O.
	Wait time.Duration
	// Procs is GOMAXPROCS, the name's -P suffix: 1 when a name has none,
	// as go test leaves it out at GOMAXPROCS=1.
	Procs int
	// Workers is the workers argument when it differs from Procs; 0
	// means Procs.
	Workers int
	// Output is where each call's results go.
	Output Output
	// Skew is how the work is spread over the items.
	Skew Skew
	// Chunk is the items handed out at once by a chunked shape; 0 means
	// the shape's own choice ("auto").
	Chunk int
}

// Output says where the results of a case's calls go.
type Output int

const (
	// Reuse writes every call's results into one slice per n, allocated
	// once: what a Map costs when its caller owns the destination.
	Reuse Output = iota
	// Fresh allocates a new result slice on every call, as strategies.Map
	// does: the cost of make([]int64, n), its page faults and the garbage
	// collections it brings, on top of the strategy.
	Fresh
)

// Skew says how a case's work is spread over its items, the same total
// work at every skew.
type Skew int

const (
	// Uniform gives every item the same work.
	Uniform Skew = iota
	// Increasing gives item i work in proportion to i: sorted input.
	Increasing
	// HeavyTail gives a few items 100 times the median's work.
	HeavyTail
	// Straggler gives one item most of the work.
	Straggler
)

var (
	outputNames = []string{"reuse", "fresh"}
	skewNames   = []string{"uniform", "increasing", "heavy-tail", "straggler"}
)

// String returns "reuse" or "fresh", as in the out= key of a name.
func (o Output) String() string { return enumName(outputNames, int(o)) }

// String returns "uniform", "increasing", "heavy-tail" or "straggler", as
// in the skew= key of a name.
func (s Skew) String() string { return enumName(skewNames, int(s)) }

func enumName(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return strconv.Itoa(i)
	}
	return names[i]
}

// ParseOutput returns the Output named s: "reuse" or "fresh".
func ParseOutput(s string) (Output, error) {
	i := slices.Index(outputNames, s)
	if i < 0 {
		return 0, fmt.Errorf("casekey: output %q is not reuse or fresh", s)
	}
	return Output(i), nil
}

// Skews returns every Skew, Uniform first.
func Skews() []Skew { return []Skew{Uniform, Increasing, HeavyTail, Straggler} }

// ParseSkew returns the Skew named s.
func ParseSkew(s string) (Skew, error) {
	i := slices.Index(skewNames, s)
	if i < 0 {
		return 0, fmt.Errorf("casekey: skew %q is not one of %s", s, strings.Join(skewNames, ", "))
	}
	return Skew(i), nil
}

// Keys are the name keys a Case has, in the order Name writes them; the
// -P suffix is benchproc's /gomaxprocs.
func Keys() []string {
	return []string{"strategy", "n", "work", "workers", "wait", "out", "skew", "chunk"}
}

// Name returns the case's benchmark name without the "Benchmark" prefix:
// "Map/" + Sub() + "-P".
func (c Case) Name() string {
	return "Map/" + c.Sub() + "-" + strconv.Itoa(c.Procs)
}

// Sub returns the case's key=value parts, the name without its base and
// -P suffix: strategy=S/n=N/work=W, then workers, wait, out, skew and chunk
// when they are not their defaults. It is the name of a sub-benchmark of
// BenchmarkMap, to which go test adds -P.
func (c Case) Sub() string {
	var b strings.Builder
	b.WriteString("strategy=" + c.Strategy + "/n=" + strconv.Itoa(c.N))
	if c.WorkTime != 0 {
		b.WriteString("/work=" + c.WorkTime.String())
	} else {
		b.WriteString("/work=" + strconv.Itoa(c.Work))
	}
	b.WriteString(c.variant(true))
	return b.String()
}

// Variant returns the strategy with the parts that make a variant of it
// (workers, out, chunk) rather than another group of cases (wait, skew:
// a speedup at a skew is over sequential at the same skew):
// "errgroup/workers=4/out=fresh". It is a row's name in a report.
func (c Case) Variant() string { return c.Strategy + c.variant(false) }

// variant writes the non-default workers, (wait, when withGroup), out,
// (skew, when withGroup) and chunk parts, in Name's order.
func (c Case) variant(withGroup bool) string {
	var b strings.Builder
	if c.Workers != 0 && c.Workers != c.Procs {
		b.WriteString("/workers=" + strconv.Itoa(c.Workers))
	}
	if withGroup && c.Wait != 0 {
		b.WriteString("/wait=" + c.Wait.String())
	}
	if c.Output != Reuse {
		b.WriteString("/out=" + c.Output.String())
	}
	if withGroup && c.Skew != Uniform {
		b.WriteString("/skew=" + c.Skew.String())
	}
	if c.Chunk != 0 {
		b.WriteString("/chunk=" + strconv.Itoa(c.Chunk))
	}
	return b.String()
}

// ParseVariant returns the Case that Variant wrote s from: its Strategy,
// Workers, Output and Chunk ("errgroup/workers=4/out=fresh"), the other
// fields zero. Parts that are not a variant's are an error.
func ParseVariant(s string) (Case, error) {
	strategy, rest, _ := strings.Cut(s, "/")
	c := Case{Strategy: strategy}
	if strategy == "" {
		return Case{}, fmt.Errorf("casekey: variant %q has no strategy", s)
	}
	for p := range strings.SplitSeq(rest, "/") {
		k, v, _ := strings.Cut(p, "=")
		if rest == "" {
			break
		}
		if !slices.Contains([]string{"workers", "out", "chunk"}, k) {
			return Case{}, fmt.Errorf("casekey: variant %q: %q is not workers=, out= or chunk=", s, p)
		}
		if err := c.set(k, v); err != nil {
			return Case{}, err
		}
	}
	return c, nil
}

// ErrNotCase is wrapped by the error Parse returns for a name without a
// strategy or an n key: another benchmark, not a case.
var ErrNotCase = errors.New("casekey: not a case (no strategy= or n= key)")

// Parse returns the Case a benchmark name names, with or without its
// "Benchmark" prefix; its base name (Map) is not part of the Case. Keys
// that are not a Case's and positional parts are ignored. A name without
// strategy= or n= is an error wrapping ErrNotCase; a key with a value
// out of its range is an error naming it. Workers equal to Procs parse as
// 0, as Name writes them.
func Parse(name string) (Case, error) {
	_, parts := benchfmt.Name(name).Parts()
	c := Case{Procs: 1}
	seen := map[string]bool{}
	for _, p := range parts {
		if p[0] == '-' {
			v, err := strconv.Atoi(string(p[1:]))
			if err != nil || v < 1 {
				return Case{}, fmt.Errorf("casekey: procs %q is not an integer >= 1", p[1:])
			}
			c.Procs = v
			continue
		}
		k, v, ok := strings.Cut(string(p[1:]), "=")
		if !ok || !slices.Contains(Keys(), k) {
			continue
		}
		if seen[k] {
			return Case{}, fmt.Errorf("casekey: key %s= appears twice", k)
		}
		seen[k] = true
		if err := c.set(k, v); err != nil {
			return Case{}, err
		}
	}
	if !seen["strategy"] || !seen["n"] {
		return Case{}, ErrNotCase
	}
	if c.Workers == c.Procs {
		c.Workers = 0
	}
	return c, nil
}

// set sets the field of key k from its value v.
func (c *Case) set(k, v string) error {
	var err error
	switch k {
	case "strategy":
		if v == "" {
			return errors.New("casekey: strategy= is empty")
		}
		c.Strategy = v
	case "n":
		c.N, err = atLeast(k, v, 1)
	case "work":
		if c.Work, err = atLeast(k, v, 0); err != nil {
			d, derr := time.ParseDuration(v)
			if derr != nil || d < 0 {
				return fmt.Errorf("casekey: work=%q is neither an integer >= 0 (LCG rounds) nor a duration >= 0 (such as 2us)", v)
			}
			c.Work, c.WorkTime, err = 0, d, nil
		}
	case "workers":
		c.Workers, err = atLeast(k, v, 0)
	case "wait":
		if c.Wait, err = time.ParseDuration(v); err != nil || c.Wait < 0 {
			return fmt.Errorf("casekey: wait=%q is not a duration >= 0 (such as 1ms)", v)
		}
	case "out":
		c.Output, err = ParseOutput(v)
	case "skew":
		c.Skew, err = ParseSkew(v)
	case "chunk":
		if v != "auto" {
			if c.Chunk, err = atLeast(k, v, 1); err != nil {
				return fmt.Errorf("casekey: chunk=%q is not auto or an integer >= 1", v)
			}
		}
	}
	return err
}

// atLeast parses v, the value of key k, as an integer >= min.
func atLeast(k, v string, min int) (int, error) {
	i, err := strconv.Atoi(v)
	if err != nil || i < min {
		return 0, fmt.Errorf("casekey: %s=%q is not an integer >= %d", k, v, min)
	}
	return i, nil
}

// Traits returns the role of the strategy named strategy: a Go strategy's
// or reference's (strategies.NamedTraits), the Python peer's
// (pyseed.NamedTraits), or the zero Traits of a contender for a name
// neither knows, such as a strategy of the user's own.
func Traits(strategy string) strategies.Traits {
	if t, ok := strategies.NamedTraits(strategy); ok {
		return t
	}
	t, _ := pyseed.NamedTraits(strategy)
	return t
}

// Traits returns the role of the case's strategy (see the function Traits).
func (c Case) Traits() strategies.Traits { return Traits(c.Strategy) }
