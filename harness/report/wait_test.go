package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/report"
)

// TestWaitsApart: a wait is part of a case's key and group, so results at
// different waits are never pooled, and a speedup at a wait is over
// sequential at that wait.
func TestWaitsApart(t *testing.T) {
	d := load(t, "waits.txt")
	if !slices.Equal(d.Waits, []time.Duration{0, time.Millisecond}) {
		t.Errorf("Waits = %v, want [0 1ms]", d.Waits)
	}
	want := []report.Group{{Work: 0, Procs: 2}, {Work: 0, Wait: time.Millisecond, Procs: 2}}
	if got := d.Groups(); !slices.Equal(got, want) {
		t.Errorf("Groups() = %v, want %v", got, want)
	}
	for _, g := range want {
		c := d.Case(g.Key("sequential", 1000))
		if c == nil || len(c.Sample.Values) != 6 {
			t.Fatalf("sequential at %v: %v, want 6 samples of its own", g, c)
		}
	}
	tests := []struct {
		g        report.Group
		strategy string
		lo, hi   float64 // the ratio, roughly
		eff      bool    // has an efficiency
	}{
		{want[0], "errgroup", 0.5, 0.6, true},
		{want[1], "errgroup", 1.9, 2.1, false},
		{want[1], "errgroup/workers=16", 14, 16, false},
		{want[1], "goroutine-per-item", 700, 800, false},
	}
	for _, tt := range tests {
		s, ok := d.Speedup(tt.g.Key(tt.strategy, 1000))
		if !ok || s.Ratio < tt.lo || s.Ratio > tt.hi {
			t.Errorf("%s at %v: speedup %v, %v; want %v to %v (against sequential at the same wait)", tt.strategy, tt.g, s.Ratio, ok, tt.lo, tt.hi)
		}
		if got := !math.IsNaN(s.Efficiency); got != tt.eff || s.Suspect {
			t.Errorf("%s at %v: efficiency %v, suspect %v; want an efficiency: %v, never suspect", tt.strategy, tt.g, s.Efficiency, s.Suspect, tt.eff)
		}
	}
	if n, ok := d.BreakEven("goroutine-per-item", want[1]); !ok || n != 100 {
		t.Errorf("BreakEven(goroutine-per-item, %v) = %d, %v; want 100", want[1], n, ok)
	}
	if n, ok := d.BreakEven("goroutine-per-item", want[0]); ok {
		t.Errorf("BreakEven(goroutine-per-item, %v) = %d: the CPU kernel's break-even must not see the waits", want[0], n)
	}
	if f := d.Fastest(1000, want[1]); f != "goroutine-per-item" {
		t.Errorf("Fastest(1000, %v) = %q, want goroutine-per-item", want[1], f)
	}
}

func TestWaitNames(t *testing.T) {
	k := report.Key{Strategy: "errgroup", N: 10, Work: 5, Wait: 100 * time.Microsecond, Procs: 2}
	if got, want := k.String(), "strategy=errgroup/n=10/work=5/wait=100µs procs=2"; got != want {
		t.Errorf("Key.String() = %q, want %q", got, want)
	}
	k.Wait = 0
	if got, want := k.String(), "strategy=errgroup/n=10/work=5 procs=2"; got != want {
		t.Errorf("Key.String() = %q, want %q", got, want)
	}
	if got, want := (report.Group{Work: 0, Wait: time.Millisecond, Procs: 2}).String(), "work=0 wait=1ms procs=2"; got != want {
		t.Errorf("Group.String() = %q, want %q", got, want)
	}
	if got, want := report.WaitID(100*time.Microsecond), "100us"; got != want {
		t.Errorf("WaitID = %q, want %q", got, want)
	}
}

func TestWaitBadKey(t *testing.T) {
	for _, w := range []string{"soon", "-1ms", "5"} {
		in := "BenchmarkMap/strategy=sequential/n=10/work=0/wait=" + w + "-2 1 5 ns/item\n"
		_, err := report.Read(strings.NewReader(in), "bad.txt")
		if !errors.Is(err, report.ErrInput) || !strings.Contains(err.Error(), `bad.txt:1: casekey: wait="`+w+`"`) {
			t.Errorf("wait=%s: %v, want an input error at bad.txt:1 naming wait=", w, err)
		}
	}
}

// TestWaitReports: every format names the wait: headings and verdict in
// the documents, a wait_ns field in JSON, and no efficiency at a wait.
func TestWaitReports(t *testing.T) {
	d := load(t, "waits.txt")
	var txt, md, js bytes.Buffer
	for _, w := range []struct {
		buf *bytes.Buffer
		f   report.Format
	}{{&txt, report.Text}, {&md, report.Markdown}, {&js, report.JSON}} {
		if err := report.Write(w.buf, d, report.Options{Format: w.f}); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"\nspeedup over sequential (efficiency), work=0 wait=1ms procs=2\n", "- work=0, wait=1ms, 2 procs", "wait=D: every item waited D"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if !strings.Contains(md.String(), "\n## work=0 wait=1ms procs=2\n") {
		t.Errorf("markdown report lacks the heading ## work=0 wait=1ms procs=2")
	}
	var v struct {
		Groups []struct {
			WaitNs *int64 `json:"wait_ns"`
			Cases  []struct {
				Strategy string `json:"strategy"`
				Speedup  *struct {
					Efficiency *float64 `json:"efficiency"`
				} `json:"speedup"`
			} `json:"cases"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(js.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Groups) != 2 || v.Groups[0].WaitNs == nil || *v.Groups[0].WaitNs != 0 || v.Groups[1].WaitNs == nil || *v.Groups[1].WaitNs != 1e6 {
		t.Fatalf("JSON groups %+v, want wait_ns 0 and 1000000", v.Groups)
	}
	for _, c := range v.Groups[1].Cases {
		if c.Speedup != nil && c.Speedup.Efficiency != nil {
			t.Errorf("JSON: %s at a wait has efficiency %v, want null", c.Strategy, *c.Speedup.Efficiency)
		}
	}
}

// TestWaitVerdictNoLimit: at a wait, the verdict names no "machine's
// limit": limit is a pool of workers like the others there, not the
// ceiling of the cores.
func TestWaitVerdictNoLimit(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		for _, wait := range []string{"", "/wait=1ms"} {
			base := 1e6
			if wait == "" {
				base = 100
			}
			for s, f := range map[string]float64{"sequential": 1, "errgroup": 0.5, "limit": 0.5} {
				fmt.Fprintf(&b, "BenchmarkMap/strategy=%s/n=1000/work=100%s-2 1 1 ns/op %g ns/item\n", s, wait, base*f*(1+0.01*float64(i)))
			}
		}
	}
	d, err := report.Read(strings.NewReader(b.String()), "limit.txt")
	if err != nil {
		t.Fatal(err)
	}
	v := d.Verdict()
	if len(v) != 2 || !strings.Contains(v[0], "the machine's limit there") || strings.Contains(v[1], "limit") {
		t.Errorf("verdict %q: want the machine's limit without a wait only", v)
	}
}
