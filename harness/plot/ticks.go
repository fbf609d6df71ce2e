package plot

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
)

// powerTicks marks every power of base between an axis's ends and labels
// it with label; for base 10 it adds unlabelled minor ticks at 2…9 times
// each power. Every chart's log axis uses it, so that no axis mixes
// 100000 with 1e+06.
type powerTicks struct {
	base  float64
	label func(float64) string
	// marks are values that get a tick whether or not they are a power,
	// labelled with their own label followed by the usual one: they name
	// the reference lines drawn there ("no speedup 1×").
	marks map[float64]string
}

func (t powerTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil
	}
	const eps = 1e-9
	var ticks []plot.Tick
	in := func(v float64) bool { return v >= lo*(1-eps) && v <= hi*(1+eps) }
	for _, v := range slices.Sorted(maps.Keys(t.marks)) {
		if in(v) {
			ticks = append(ticks, plot.Tick{Value: v, Label: t.marks[v] + " " + t.label(v)})
		}
	}
	marked := func(v float64) bool {
		return slices.ContainsFunc(ticks, func(m plot.Tick) bool { return math.Abs(m.Value-v) <= eps*v })
	}
	for e := math.Floor(logb(lo, t.base) + eps); e <= math.Ceil(logb(hi, t.base)-eps); e++ {
		v := math.Pow(t.base, e)
		if in(v) && !marked(v) {
			ticks = append(ticks, plot.Tick{Value: v, Label: t.label(v)})
		}
		if t.base == 10 {
			for m := 2.0; m < 10; m++ {
				if in(v * m) {
					ticks = append(ticks, plot.Tick{Value: v * m})
				}
			}
		}
	}
	// An axis across less than two decades also labels 2 and 5 times
	// each power, so that it has more than two labelled ticks.
	if t.base == 10 && math.Floor(logb(hi, 10)+eps)-math.Ceil(logb(lo, 10)-eps) < 2 {
		for i, tk := range ticks {
			if m := tk.Value / math.Pow(10, math.Floor(logb(tk.Value, 10)+eps)); tk.Label == "" && (math.Abs(m-2) < 1e-6 || math.Abs(m-5) < 1e-6) {
				ticks[i].Label = t.label(tk.Value)
			}
		}
	}
	return ticks
}

func logb(x, base float64) float64 { return math.Log(x) / math.Log(base) }

// powerRange widens [lo, hi] a little, so that no mark sits on the frame,
// and further to the powers of base around it when too few labelled ticks
// would fall inside: fewer than two powers, or for base 10, whose ticker
// also labels 2 and 5 times a power on short axes, no power. Non-positive or infinite ends are
// left out; with nothing left it returns 1, base.
func powerRange(lo, hi, base float64) (float64, float64) {
	if !(lo > 0) || math.IsInf(lo, 0) {
		lo = hi
	}
	if !(hi > 0) || math.IsInf(hi, 0) {
		hi = lo
	}
	if !(lo > 0) || math.IsInf(lo, 0) {
		return 1, base
	}
	const eps = 1e-9
	lo, hi = finiteRange(lo/1.15, hi*1.15)
	first, last := math.Ceil(logb(lo, base)-eps), math.Floor(logb(hi, base)+eps)
	if last-first >= 1 || (base == 10 && last >= first) {
		return lo, hi // base 10 labels 2 and 5 times a power too
	}
	lo = math.Pow(base, math.Floor(logb(lo, base)+eps))
	hi = math.Pow(base, math.Ceil(logb(hi, base)-eps))
	if hi <= lo*base*(1-eps) {
		hi = lo * base
	}
	return finiteRange(lo, hi)
}

// finiteRange keeps an axis' ends finite and above zero, as gonum's log
// scale needs, however extreme the data (5e-324 ns, 1e308 ns).
func finiteRange(lo, hi float64) (float64, float64) {
	lo = min(max(lo, math.SmallestNonzeroFloat64), math.MaxFloat64)
	hi = min(max(hi, lo), math.MaxFloat64)
	if hi == lo {
		hi = math.Nextafter(lo, math.Inf(1))
	}
	return lo, hi
}

// unit is a scale and the symbol written after a value of that size.
type unit struct {
	scale  float64
	symbol string
}

// scaled writes v with three significant digits in the largest unit it
// fills, else bare followed by base.
func scaled(v float64, units []unit, base string) string {
	for _, u := range units {
		if v >= u.scale {
			return strconv.FormatFloat(v/u.scale, 'g', 3, 64) + u.symbol
		}
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + base
}

var (
	countUnits = []unit{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}}
	timeUnits  = []unit{{1e9, " s"}, {1e6, " ms"}, {1e3, " µs"}}
)

// countLabel writes a count as 10, 100, 1k, 10k, 100k, 1M, 10M, 1G.
func countLabel(v float64) string { return scaled(v, countUnits, "") }

// timeLabel writes a duration in nanoseconds as 0.1 ns, 1 ns, 10 ns,
// 100 ns, 1 µs, … 1 s.
func timeLabel(ns float64) string { return scaled(ns, timeUnits, " ns") }

// speedupLabel writes a power-of-two speedup as 2×, 1×, 0.5×, 0.25×,
// 0.125×, and below that as a fraction, 1/16×, which reads better than
// 0.0625×.
func speedupLabel(v float64) string {
	if v >= 0.125 {
		return strconv.FormatFloat(v, 'g', 4, 64) + "×"
	}
	return fmt.Sprintf("1/%.0f×", 1/v)
}
