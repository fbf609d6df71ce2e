package harness

import (
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// HalfWidth returns the half-width of the 95% confidence interval of the
// median of xs, the larger side, as a fraction of the median: the number
// benchstat prints after ± (benchmath's distribution-free interval from
// order statistics). It is +Inf when xs is too small for an interval
// (fewer than 6 values).
func HalfWidth(xs []float64) float64 {
	if len(xs) == 0 {
		return math.Inf(1)
	}
	th := benchmath.DefaultThresholds
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &th), 0.95)
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || s.Center <= 0 {
		return math.Inf(1)
	}
	return math.Max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
}
