package harness

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/klauspost/cpuid/v2"
	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// goTestKeys are the configuration lines `go test -bench` writes. Run
// writes only these as configuration, with go test's values (the cpu line
// is the CPUID brand string, as go test has it), so benchstat reads a
// concbench file and a go test file, or two concbench runs, as one table:
// it splits its tables by configuration lines. Everything else that
// describes a run (the Go version, the machine, the kernel, the method, the
// date, the commit, the sweep's sample counts, the load) is a note, which
// benchstat ignores and concbench report reads back and checks before it
// pools results (see report.Volatile).
var goTestKeys = []string{"goos", "goarch", "pkg", "cpu"}

// labels returns what Run writes before the first sample, what a reader
// needs to trust and reproduce the numbers: the configuration lines, the
// ones `go test -bench` writes (goTestKeys), and the notes, everything
// else. cfg.Labels override or extend either.
//
// Notes are written as "# key: value" comment lines (see notesWriter),
// which the Go benchmark format says readers ignore and report.Load reads
// back.
func (c Config) labels() (config []benchfmt.Config, notes []Label) {
	version, commit := Version()
	host, _ := os.Hostname()
	std := []Label{
		{"goos", runtime.GOOS},
		{"goarch", runtime.GOARCH},
		{"pkg", "github.com/concbench/concbench/strategies"},
		{"cpu", cpuName()},
		{"numcpu", strconv.Itoa(runtime.NumCPU())},
		{"gomaxprocs", intRange(c.procs())},
		{"go", runtime.Version()},
		{"concbench", version},
		{"commit", commit},
		{"host", host},
		{"date", time.Now().UTC().Format(time.RFC3339)},
		{"kernel", "x = (a+b)*const, then work rounds of a 64-bit LCG; inputs (i, 100+i)"},
		{"const", strconv.Itoa(strategies.SeedConst)},
		{"count", strconv.Itoa(c.count())},
		{"maxcount", strconv.Itoa(c.maxCount())},
		{"precision", report.FormatPrecision(c.precision())},
		{"budget", c.budget(len(c.Cases())).String()},
		{"sampletime", c.sampleTime().String()},
		{"load", loadAverage()},
		{"steal", steal()},
		{"method", "calibrated iterations per case; GC before each sample; 1 warm-up round discarded; " +
			"one untimed call before each sample of several calls; rounds interleaved over cases, each group of compared cases in rotating order; extra rounds only for groups with a case whose median CI is wider than the precision"},
	}
	for _, l := range c.Labels {
		if i := slices.IndexFunc(std, func(s Label) bool { return s.Key == l.Key }); i >= 0 {
			std[i].Value = l.Value
		} else {
			std = append(std, l)
		}
	}
	for _, l := range std {
		v := strings.TrimSpace(l.Value)
		switch {
		case l.Key == "cpu" && v == "":
			// go test writes no cpu: line when it cannot name the CPU.
		case slices.Contains(goTestKeys, l.Key):
			config = append(config, benchfmt.Config{Key: l.Key, Value: []byte(cmp.Or(v, "unknown")), File: true})
		default:
			notes = append(notes, Label{l.Key, cmp.Or(v, "unknown")})
		}
	}
	return config, notes
}

// notesIntro heads the notes; it is not a key: value line, so no reader
// takes it for one.
const notesIntro = "# Lines starting with # describe this run. Benchmark tools such as benchstat ignore them; concbench report shows them.\n"

// notesWriter writes notes, one "# key: value" line each, in the same
// Write as the first bytes written through it: output without samples
// stays empty, and each Write still carries one benchfmt result (with its
// configuration lines), as callers that count Writes expect.
type notesWriter struct {
	w       io.Writer
	notes   []Label
	pending []Label // see queue
	done    bool
	written map[string]string // the last value written of each key
}

func (n *notesWriter) Write(p []byte) (int, error) {
	if n.done && len(n.pending) == 0 {
		return n.w.Write(p)
	}
	var b bytes.Buffer
	if !n.done {
		b.WriteString(notesIntro)
	}
	if n.written == nil {
		n.written = map[string]string{}
	}
	for _, l := range append(n.notes[:len(n.notes):len(n.notes)], n.pending...) {
		if v, ok := n.written[l.Key]; !ok || v != l.Value {
			fmt.Fprintf(&b, "# %s: %s\n", l.Key, l.Value)
			n.written[l.Key] = l.Value
		}
	}
	n.done, n.notes, n.pending = true, nil, nil
	head := b.Len()
	b.Write(p)
	m, err := n.w.Write(b.Bytes())
	return max(m-head, 0), err
}

// override returns notes with the values Config.Labels gives their keys.
func (c Config) override(notes []Label) []Label {
	out := slices.Clone(notes)
	for i, l := range out {
		if j := slices.IndexFunc(c.Labels, func(o Label) bool { return o.Key == l.Key }); j >= 0 {
			out[i].Value = c.Labels[j].Value
		}
	}
	return out
}

// queue sets notes to write before the next sample, in its Write, such
// as the machine's load so far (see loadSampler); a later queue replaces
// notes not yet written.
func (n *notesWriter) queue(notes []Label) { n.pending = notes }

// cpuName returns the processor's name as `go test -bench` writes it on
// its cpu: line, so that benchstat sees one machine in both tools' files.
// go test takes the CPUID brand string (internal/cpu.Name) where there is
// one and the OS's model name otherwise (internal/sysinfo); cpuid reads the
// same CPUID leaves, and the same sysctl on macOS. Elsewhere it falls back
// to Linux's /proc/cpuinfo, and to "" when nothing names the CPU, for which
// go test writes no cpu: line.
//
// One difference remains: go test keeps the trailing spaces some
// processors (AMD's Ryzen, for one) pad their brand string with, and cpuid
// trims them, so on those machines benchstat still sees two CPUs.
func cpuName() string {
	if name := cpuid.CPU.BrandName; name != "" && name != "unknown" {
		return name
	}
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(val)
		}
	}
	return ""
}

// intRange formats the smallest and largest of xs as "lo-hi", or "x" when
// they are equal.
func intRange(xs []int) string {
	if len(xs) == 0 {
		return ""
	}
	lo, hi := slices.Min(xs), slices.Max(xs)
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + "-" + strconv.Itoa(hi)
}

// validKey reports whether k can be a benchfmt configuration key: it starts
// with a lower-case letter and has no spaces, upper-case letters or colons.
func validKey(k string) bool {
	for i, r := range k {
		if (i == 0 && !unicode.IsLower(r)) || unicode.IsSpace(r) || unicode.IsUpper(r) || r == ':' {
			return false
		}
	}
	return k != ""
}

// validValue reports whether v fits on one configuration line.
func validValue(v string) bool {
	return !strings.ContainsAny(v, "\r\n")
}
