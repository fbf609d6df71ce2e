package harness

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/perf/benchfmt"
)

// labels returns the configuration lines Run writes before the first
// sample: what a reader needs to trust and reproduce the numbers. Keys are
// those of `go test -bench` (goos, goarch, pkg, cpu) plus the run's own;
// cfg.Labels override or extend them.
func (c Config) labels() []benchfmt.Config {
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
		{"maxcount", strconv.Itoa(c.maxCount())},
		{"precision", precisionLabel(c.precision())},
		{"budget", c.budget(len(c.Cases())).String()},
		{"sampletime", c.sampleTime().String()},
		{"load", loadAverage()},
		{"steal", steal()},
		{"method", "calibrated iterations per case; GC before each sample; 1 warm-up round discarded; " +
			"rounds interleaved over cases; extra rounds only for cases whose median CI is wider than the precision"},
	}
	for _, l := range c.Labels {
		if i := slices.IndexFunc(std, func(s Label) bool { return s.Key == l.Key }); i >= 0 {
			std[i].Value = l.Value
		} else {
			std = append(std, l)
		}
	}
	out := make([]benchfmt.Config, 0, len(std))
	for _, l := range std {
		v := strings.TrimSpace(l.Value)
		if v == "" {
			v = "unknown"
		}
		out = append(out, benchfmt.Config{Key: l.Key, Value: []byte(v), File: true})
	}
	return out
}

// precisionLabel formats the precision target: "±3%", or "off".
func precisionLabel(p float64) string {
	if p <= 0 {
		return "off"
	}
	return "±" + strconv.FormatFloat(p*100, 'g', 3, 64) + "%"
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

// cpuName returns the processor's model name where the OS tells it cheaply
// (Linux's /proc/cpuinfo), else GOARCH.
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(val)
		}
	}
	return runtime.GOARCH
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
