package harness

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/klauspost/cpuid/v2"
	"golang.org/x/perf/benchfmt"
)

// goTestKeys are the configuration keys `go test -bench` writes. Run writes
// exactly these as configuration lines, so that benchstat's default table
// projection (.config, every configuration key) puts two concbench runs,
// and a concbench run and `go test -bench` on the same machine, in one
// table. Everything else Run records about the run goes into notes.
var goTestKeys = []string{"goos", "goarch", "pkg", "cpu"}

// labels returns what Run writes before the first sample: the
// configuration lines, keyed as `go test -bench` keys them (goTestKeys), and
// the notes, what else a reader needs to trust and reproduce the numbers
// (the Go version, commit, date, sweep and method). cfg.Labels override or
// extend either; a label whose key is not in goTestKeys is a note.
//
// Notes are not configuration because configuration lines that differ
// between two files, such as date and commit, make benchstat split them
// into separate tables (unless told -ignore). They are written as comment
// lines (see writeNotes), which the Go benchmark format says readers
// ignore and which report.Load reads back.
func (c Config) labels() (config []benchfmt.Config, notes []Label) {
	version, commit := buildVersion()
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
		{"const", strconv.Itoa(kernelConst)},
		{"count", strconv.Itoa(c.count())},
		{"sampletime", c.sampleTime().String()},
		{"method", "calibrated iterations per case; 1 warm-up round discarded; samples interleaved round-robin over cases"},
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
		case slices.Contains(goTestKeys, l.Key) && v == "":
			// go test writes no cpu: line when it cannot name the CPU.
		case slices.Contains(goTestKeys, l.Key):
			config = append(config, benchfmt.Config{Key: l.Key, Value: []byte(v), File: true})
		default:
			notes = append(notes, Label{l.Key, cmp.Or(v, "unknown")})
		}
	}
	return config, notes
}

// notesIntro heads the notes; it is not a key: value line, so no reader
// takes it for one.
const notesIntro = "# Lines starting with # describe this run. Benchmark tools such as benchstat ignore them; concbench report shows them.\n"

// notesWriter writes notes, one "# key: value" line each, before the first
// bytes written through it, so that output without samples stays empty.
type notesWriter struct {
	w     io.Writer
	notes []Label
	done  bool
}

func (n *notesWriter) Write(p []byte) (int, error) {
	if !n.done {
		n.done = true
		var b bytes.Buffer
		b.WriteString(notesIntro)
		for _, l := range n.notes {
			fmt.Fprintf(&b, "# %s: %s\n", l.Key, l.Value)
		}
		if _, err := n.w.Write(b.Bytes()); err != nil {
			return 0, err
		}
	}
	return n.w.Write(p)
}

// buildVersion returns the module version and VCS revision concbench was
// built from, each "devel" when the build did not record it (go run, or a
// build outside a VCS checkout). A modified tree adds "+dirty" to commit.
func buildVersion() (version, commit string) {
	version, commit = "devel", "devel"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version, commit
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		version = v
	}
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && commit != "devel" {
		commit += "+dirty"
	}
	return version, commit
}

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
