package python

import (
	"fmt"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// TestNeedMore: Python's cases chase the same precision target as Go's: a
// size's cases get more samples while one of them is wider than the
// target, until a case has MaxCount samples; no target, no more.
func TestNeedMore(t *testing.T) {
	samples := func(spread float64, k int) []*benchfmt.Result {
		var rs []*benchfmt.Result
		for _, v := range []string{"sequential", "partial"} {
			for i := range k {
				x := 100 * (1 + spread*float64(i%5-2)/2)
				if v == "sequential" {
					x = 100 * (1 + 0.001*float64(i%3))
				}
				rs = append(rs, &benchfmt.Result{Name: benchfmt.Name(fmt.Sprintf("Map/strategy=python-%s/n=100/work=0-2", v)), Iters: 1,
					Values: []benchfmt.Value{{Value: x, Unit: "ns/item"}}})
			}
		}
		return rs
	}
	for _, tt := range []struct {
		name      string
		rs        []*benchfmt.Result
		precision float64
		maxCount  int
		want      bool
	}{
		{"tight", samples(0.01, 10), 0.03, 160, false},
		{"one case wide", samples(1, 10), 0.03, 160, true},
		{"wide at the most samples", samples(1, 160), 0.03, 160, false},
		{"too few for an interval", samples(0.01, 3), 0.03, 160, true},
		{"no target", samples(1, 10), 0, 160, false},
		{"target off", samples(1, 10), -1, 160, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := needMore(tt.rs, tt.precision, tt.maxCount); got != tt.want {
				t.Errorf("needMore = %v, want %v", got, tt.want)
			}
		})
	}
}
