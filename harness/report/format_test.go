package report

import (
	"math"
	"testing"

	"golang.org/x/perf/benchmath"
)

// TestNumberFormats: no number in a table reads like an error. A shape
// hundreds of times slower than sequential keeps two significant digits
// (not 0.00x (0%)), and an interval beyond twice the median shows its ends
// rather than a percentage above 100 or one in exponent form.
func TestNumberFormats(t *testing.T) {
	t.Run("ratio", func(t *testing.T) {
		for _, tt := range []struct {
			v    float64
			want string
		}{
			{1.94, "1.94"}, {0.35, "0.35"}, {0.1, "0.10"}, {0.075, "0.075"}, {0.0036, "0.0036"}, {0.00072, "0.00072"},
			{0, "0.00"}, {math.Inf(1), "+Inf"},
		} {
			if got := formatRatio(tt.v); got != tt.want {
				t.Errorf("formatRatio(%v) = %q, want %q", tt.v, got, tt.want)
			}
		}
	})
	t.Run("percent", func(t *testing.T) {
		for _, tt := range []struct {
			f    float64
			want string
		}{
			{1.03, "103%"}, {0.05, "5%"}, {0.01, "1%"}, {0.0099, "1%"}, {0.0036, "0.4%"}, {0.00018, "0.02%"}, {0, "0%"},
		} {
			if got := formatPercent(tt.f); got != tt.want {
				t.Errorf("formatPercent(%v) = %q, want %q", tt.f, got, tt.want)
			}
		}
	})
	t.Run("pct", func(t *testing.T) {
		for _, tt := range []struct {
			f    float64
			want string
		}{
			{3.42, "342%"}, {0.053, "5.3%"}, {0.12, "12%"}, {math.Inf(1), "∞%"},
		} {
			if got := pct(tt.f); got != tt.want {
				t.Errorf("pct(%v) = %q, want %q", tt.f, got, tt.want)
			}
		}
	})
	t.Run("median", func(t *testing.T) {
		for _, tt := range []struct {
			s    benchmath.Summary
			want string
		}{
			{benchmath.Summary{Center: 1.71, Lo: 1.62, Hi: 1.80}, "1.71 ±5%"},
			{benchmath.Summary{Center: 16362, Lo: 8904, Hi: 72310}, "16362 (8904–72310)"},
			{benchmath.Summary{Center: 100, Lo: 99.6, Hi: 100.2}, "100 ±0.4%"},
			{benchmath.Summary{Center: 5, Lo: math.Inf(-1), Hi: math.Inf(1)}, "5.00 ±∞%"},
		} {
			if got := formatMedian(tt.s); got != tt.want {
				t.Errorf("formatMedian(%+v) = %q, want %q", tt.s, got, tt.want)
			}
		}
	})
}
