package casekey_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/strategies"
)

// TestRoundTrip: Name writes what Parse reads, defaults left out, so
// today's names are unchanged.
func TestRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		c    casekey.Case
		name string
	}{
		{casekey.Case{Strategy: "sequential", N: 100, Procs: 1}, "Map/strategy=sequential/n=100/work=0-1"},
		{casekey.Case{Strategy: "errgroup", N: 10000, Work: 100, Procs: 2, Workers: 16, Wait: time.Millisecond},
			"Map/strategy=errgroup/n=10000/work=100/workers=16/wait=1ms-2"},
		{casekey.Case{Strategy: "goroutine-per-item", N: 10, Procs: 2, Output: casekey.Fresh},
			"Map/strategy=goroutine-per-item/n=10/work=0/out=fresh-2"},
		{casekey.Case{Strategy: "python-threads", N: 100, Procs: 2, Wait: 100 * time.Microsecond},
			"Map/strategy=python-threads/n=100/work=0/wait=100µs-2"},
		{casekey.Case{Strategy: "persistent-pool", N: 100000, WorkTime: 2 * time.Microsecond, Procs: 2, Skew: casekey.HeavyTail, Chunk: 64},
			"Map/strategy=persistent-pool/n=100000/work=2µs/skew=heavy-tail/chunk=64-2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Name(); got != tt.name {
				t.Errorf("Name() = %q, want %q", got, tt.name)
			}
			got, err := casekey.Parse("Benchmark" + tt.name)
			if err != nil || got != tt.c {
				t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.name, got, err, tt.c)
			}
		})
	}
}

// TestParseDefaults: the spelled-out defaults, a missing -P and unknown
// keys read as Name would leave them.
func TestParseDefaults(t *testing.T) {
	for name, want := range map[string]casekey.Case{
		"Map/strategy=s/n=5/work=0/workers=2/out=reuse/skew=uniform/chunk=auto-2": {Strategy: "s", N: 5, Procs: 2},
		"X/strategy=s/n=5":                      {Strategy: "s", N: 5, Procs: 1},
		"X/strategy=s/n=5/batch=4/positional-3": {Strategy: "s", N: 5, Procs: 3},
		"X/strategy=s/n=5/work=0s/wait=0s-2":    {Strategy: "s", N: 5, Procs: 2},
	} {
		if got, err := casekey.Parse(name); err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", name, got, err, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"Map/n=5/work=0-2", "not a case"},
		{"Map/strategy=s/work=0-2", "not a case"},
		{"Map/strategy=s/n=0-2", `n="0" is not an integer >= 1`},
		{"Map/strategy=s/n=5/work=-1-2", `work="-1"`},
		{"Map/strategy=s/n=5/work=1ms/work=2-2", "appears twice"},
		{"Map/strategy=s/n=5/wait=5-2", `wait="5" is not a duration`},
		{"Map/strategy=s/n=5/out=new-2", `output "new" is not reuse or fresh`},
		{"Map/strategy=s/n=5/skew=odd-2", `skew "odd" is not one of`},
		{"Map/strategy=s/n=5/chunk=0-2", `chunk="0" is not auto`},
		{"Map/strategy=/n=5-2", "strategy= is empty"},
		{"Map/strategy=s/n=5-0", `procs "0"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casekey.Parse(tt.name)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tt.name, err, tt.want)
			}
			if notCase := strings.Contains(tt.want, "not a case"); errors.Is(err, casekey.ErrNotCase) != notCase {
				t.Errorf("errors.Is(%v, ErrNotCase) = %v, want %v", err, !notCase, notCase)
			}
		})
	}
}

// TestCommittedNames: every result name in the committed results files
// and test data parses, and Name gives it back unchanged.
func TestCommittedNames(t *testing.T) {
	var files []string
	for _, g := range []string{"../../results/*.txt", "../*/testdata/*.txt", "../../cmd/concbench/testdata/report/*.txt"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d results files: %v", len(files), files)
	}
	cases := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for line := 1; sc.Scan(); line++ {
			name, _, _ := strings.Cut(sc.Text(), " ")
			name, ok := strings.CutPrefix(strings.TrimSpace(name), "Benchmark")
			if !ok || !strings.Contains(name, "strategy=") || !strings.Contains(name, "/n=") {
				continue
			}
			c, err := casekey.Parse(name)
			if err != nil {
				continue // a malformed name kept as test data for the report's errors
			}
			cases++
			if !strings.HasPrefix(name, "Map/") || strings.Count(name, "-") == 0 {
				continue // another base, or no -P: Name writes its own
			}
			if got := c.Name(); got != name {
				t.Errorf("%s:%d: Name(Parse(%q)) = %q", f, line, name, got)
			}
		}
		fh.Close()
	}
	if cases < 1000 {
		t.Errorf("parsed only %d case names", cases)
	}
}

// TestTraits: the Go strategies' roles come from strategies, the Python
// peer's from pyseed, and an unknown name is a contender.
func TestTraits(t *testing.T) {
	for _, s := range append(strategies.All(), strategies.Limits()...) {
		if got := casekey.Traits(s.Name()); got != strategies.TraitsOf(s) {
			t.Errorf("Traits(%s) = %+v, want %+v", s.Name(), got, strategies.TraitsOf(s))
		}
	}
	if got := casekey.Traits("python-sequential"); !got.Baseline || got.Family != "Python" {
		t.Errorf("Traits(python-sequential) = %+v, want Python's baseline", got)
	}
	if got := casekey.Traits("mine"); got != (strategies.Traits{}) {
		t.Errorf("Traits(mine) = %+v, want the zero Traits", got)
	}
}

// FuzzParse: whatever parses comes back from its Name as the same Case.
func FuzzParse(f *testing.F) {
	f.Add("Map/strategy=errgroup/n=10000/work=100/workers=16/wait=1ms/out=fresh-2")
	f.Add("Map/strategy=s/n=5/work=2us/skew=straggler/chunk=auto-3")
	f.Add("X/strategy=a-1/n=1/workers=1")
	f.Fuzz(func(t *testing.T, name string) {
		c, err := casekey.Parse(name)
		if err != nil {
			return
		}
		back, err := casekey.Parse(c.Name())
		if err != nil || back != c {
			t.Errorf("Parse(%q) = %+v, but Parse(Name()) = Parse(%q) = %+v, %v", name, c, c.Name(), back, err)
		}
	})
}

// TestVariantLeavesOutGroups: wait and skew make another group of cases,
// compared with sequential at the same wait and skew, not another row of
// the same group; workers, out and chunk make a row.
func TestVariantLeavesOutGroups(t *testing.T) {
	c := casekey.Case{Strategy: "errgroup", N: 10, Procs: 2, Workers: 4, Wait: time.Millisecond,
		Output: casekey.Fresh, Skew: casekey.Increasing, Chunk: 8}
	if got, want := c.Variant(), "errgroup/workers=4/out=fresh/chunk=8"; got != want {
		t.Errorf("Variant() = %q, want %q", got, want)
	}
	v, err := casekey.ParseVariant(c.Variant())
	if want := (casekey.Case{Strategy: "errgroup", Workers: 4, Output: casekey.Fresh, Chunk: 8}); err != nil || v != want {
		t.Errorf("ParseVariant(%q) = %+v, %v; want %+v", c.Variant(), v, err, want)
	}
	if _, err := casekey.ParseVariant("errgroup/skew=increasing"); err == nil {
		t.Error("ParseVariant took skew=, a group's part, as a variant's")
	}
}
