package report_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/harness/report"
)

// TestSkewAndWorkTimeGroups: a skew and a work given as a duration are
// groups of their own, like a wait: a speedup at a skew is over
// sequential at the same skew, and headings say which.
func TestSkewAndWorkTimeGroups(t *testing.T) {
	var b strings.Builder
	add := func(strategy string, skew casekey.Skew, work time.Duration, ns float64) {
		c := casekey.Case{Strategy: strategy, N: 1000, Work: 100, Skew: skew, Procs: 2}
		if work != 0 {
			c.Work, c.WorkTime = 0, work
		}
		for i := range 6 {
			fmt.Fprintf(&b, "Benchmark%s 100 %g ns/op %g ns/item\n", c.Name(), ns*1000+float64(i), ns+float64(i)/1000)
		}
	}
	add("sequential", casekey.Uniform, 0, 100)
	add("static-partition", casekey.Uniform, 0, 50)
	add("sequential", casekey.Increasing, 0, 100)
	add("static-partition", casekey.Increasing, 0, 75)
	add("sequential", casekey.Uniform, 2*time.Microsecond, 2000)
	add("static-partition", casekey.Uniform, 2*time.Microsecond, 1000)
	d, err := report.Read(strings.NewReader(b.String()), "skew.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"work=100 procs=2", "work=100 skew=increasing procs=2", "work=2µs procs=2"}
	var got []string
	for _, g := range d.Groups() {
		got = append(got, g.String())
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("groups %q, want %q", got, want)
	}
	for i, ratio := range []float64{2, 100.0 / 75, 2} {
		g := d.Groups()[i]
		su, ok := d.Speedup(g.Key("static-partition", 1000))
		if !ok || su.Ratio < ratio*0.99 || su.Ratio > ratio*1.01 {
			t.Errorf("%v: speedup %v (ok %v), want %.2f× over sequential at the same skew and work", g, su.Ratio, ok, ratio)
		}
	}
	verdict := strings.Join(d.Verdict(), "\n")
	for _, head := range []string{"work=100, skew=increasing, 2 procs", "work=2µs, 2 procs"} {
		if !strings.Contains(verdict, head) {
			t.Errorf("verdict has no %q:\n%s", head, verdict)
		}
	}
}
