package report_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/harness/report"
)

func TestHalfWidth(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, math.Inf(1)},
		{[]float64{1, 2, 3, 4, 5}, math.Inf(1)}, // too few for a 95% interval
		{[]float64{10, 10, 10, 10, 10, 10}, 0},
		{[]float64{9, 10, 10, 10, 10, 11}, 0.1}, // the extremes bound the median at n=6
	}
	for _, tt := range tests {
		if got := report.HalfWidth(tt.xs); math.Abs(got-tt.want) > 1e-12 && got != tt.want {
			t.Errorf("HalfWidth(%v) = %v, want %v", tt.xs, got, tt.want)
		}
	}
	xs := []float64{3, 1, 2, 5, 4, 6}
	report.HalfWidth(xs)
	if !slices.Equal(xs, []float64{3, 1, 2, 5, 4, 6}) {
		t.Errorf("HalfWidth reordered its argument: %v", xs)
	}
}

// TestPrecisionOff: a run that chased no target (-precision 0 writes
// "precision: off") has no case that missed one, and its noise line says
// so instead of naming the default ±3%.
func TestPrecisionOff(t *testing.T) {
	var in strings.Builder
	for _, p := range []string{"off", "±3%"} {
		in.Reset()
		in.WriteString("precision: " + p + "\n")
		for i := range 6 {
			// A spread of ±50%: far wider than any target.
			in.WriteString("BenchmarkMap/strategy=sequential/n=10/work=0-2 1 " + []string{"5", "10", "10", "10", "10", "15"}[i] + " ns/item\n")
		}
		d, err := report.Read(strings.NewReader(in.String()), "p.txt")
		if err != nil {
			t.Fatal(err)
		}
		noise := d.Noise()
		off := p == "off"
		if got := len(noise.Missed) == 0; got != off {
			t.Errorf("precision %s: Missed = %v", p, noise.Missed)
		}
		if got := strings.Contains(noise.String(), "wider than the"); got == off {
			t.Errorf("precision %s: noise line %q", p, noise.String())
		}
		for _, g := range d.Rows() {
			for _, n := range g.Ns {
				if r := g.Row("sequential", n); r != nil && r.Missed == off {
					t.Errorf("precision %s: row at n=%d has Missed = %v", p, n, r.Missed)
				}
			}
		}
	}
	if got := report.FormatPrecision(0); got != "off" {
		t.Errorf("FormatPrecision(0) = %q, want off", got)
	}
}
