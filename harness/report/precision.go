package report

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchmath"
)

// DefaultPrecision is the precision target of a run that does not set
// one (the harness's zero Config) and of a results file that does not state
// one, such as go test's: each case's median known to within ±3%, the
// half-width of its Confidence interval (see HalfWidth).
const DefaultPrecision = 0.03

// HalfWidth returns the half-width of the Confidence interval of the median
// of xs, the larger side, as a fraction of the median: the number benchstat
// prints after ± (benchmath's distribution-free interval from order
// statistics). It is +Inf when xs is too small for an interval (fewer than
// 6 values). The harness chases its precision target with it, and a report
// holds each case to the same number.
func HalfWidth(xs []float64) float64 {
	if len(xs) == 0 {
		return math.Inf(1)
	}
	return summaryHalfWidth(benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &thresholds), Confidence))
}

// halfWidth is HalfWidth of case c's samples, from its summary.
func halfWidth(c *Case) float64 { return summaryHalfWidth(c.Summary) }

// summaryHalfWidth is s's interval half-width as a fraction of its median.
func summaryHalfWidth(s benchmath.Summary) float64 {
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || s.Center <= 0 {
		return math.Inf(1)
	}
	return math.Max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
}

// FormatPrecision formats a precision target as a results file's precision
// line holds it: "±3%", or "off" for p <= 0, a run that took a fixed count
// of samples and chased no target.
func FormatPrecision(p float64) string {
	if p <= 0 {
		return "off"
	}
	return "±" + strconv.FormatFloat(p*100, 'g', 3, 64) + "%"
}

// parsePrecision reads a precision line written by FormatPrecision: the
// target, 0 for "off", and false when v is neither.
func parsePrecision(v string) (float64, bool) {
	if v == "off" {
		return 0, true
	}
	num, ok := strings.CutSuffix(strings.TrimPrefix(v, "±"), "%")
	p, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || !(p > 0) || math.IsInf(p, 0) {
		return 0, false
	}
	return p / 100, true
}
