package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/concbench/concbench/harness/report"
)

// build lays out every chart the data supports.
func build(d *report.Data) ([]spec, error) {
	if d == nil || len(d.Cases) == 0 {
		return nil, fmt.Errorf("plot: no benchmark cases to draw")
	}
	var specs []spec
	maxProcs := d.Procs[len(d.Procs)-1]
	lvs := levels(d)
	for _, lv := range lvs {
		s, err := nsPerItemChart(d, lv.at(maxProcs))
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	if d.HasBaseline() && len(d.Procs) > 1 {
		for _, lv := range lvs {
			s, ok, err := scalingChart(d, lv)
			if err != nil {
				return nil, err
			}
			if ok {
				specs = append(specs, s)
			}
		}
	}
	if slices.Contains(lvs, level{}) {
		s, ok, err := overheadChart(d, maxProcs)
		if err != nil {
			return nil, err
		}
		if ok {
			specs = append(specs, s)
		}
	}
	if d.HasBaseline() {
		for _, lv := range lvs {
			s, ok, err := speedupChart(d, lv.at(maxProcs))
			if err != nil {
				return nil, err
			}
			if ok {
				specs = append(specs, s)
			}
		}
	}
	return specs, nil
}

// level is one kernel the data measured: a work and a wait. Each gets its
// own charts; cases of different levels are never drawn together.
type level struct {
	work int
	wait time.Duration
}

// levels returns the data's levels, by work, then wait.
func levels(d *report.Data) []level {
	var lvs []level
	for _, c := range d.Cases { // sorted by work, then wait
		if lv := (level{c.Work, c.Wait}); !slices.Contains(lvs, lv) {
			lvs = append(lvs, lv)
		}
	}
	return lvs
}

// at is the level's group at procs.
func (lv level) at(procs int) report.Group {
	return report.Group{Work: lv.work, Wait: lv.wait, Procs: procs}
}

// title is the level as chart titles show it: "work=W" or "work=W, wait=D".
func (lv level) title() string {
	if lv.wait == 0 {
		return fmt.Sprintf("work=%d", lv.work)
	}
	return fmt.Sprintf("work=%d, wait=%v", lv.work, lv.wait)
}

// name is the level as chart file names show it: "work0", "work0-wait1ms".
func (lv level) name() string {
	if lv.wait == 0 {
		return fmt.Sprintf("work%d", lv.work)
	}
	return fmt.Sprintf("work%d-wait%s", lv.work, report.WaitID(lv.wait))
}

// levelOf is the level of group g.
func levelOf(g report.Group) level { return level{g.Work, g.Wait} }

// largestN returns the largest n with a case in group g.
func largestN(d *report.Data, g report.Group) int {
	n := 0
	for _, c := range d.Cases {
		if c.Group() == g {
			n = max(n, c.N)
		}
	}
	return n
}

func nsPerItemChart(d *report.Data, g report.Group) (spec, error) {
	lv := levelOf(g)
	p := newPlot(fmt.Sprintf("ns/item vs n, %s, procs=%d", lv.title(), g.Procs),
		"n (items, log scale)", "ns/item (median, log scale)")
	logAxis(&p.X)
	logAxis(&p.Y)
	leg := plot.NewLegend()
	for i, s := range d.Strategies {
		var el errorLine
		for _, n := range d.Ns {
			c := d.Case(g.Key(s, n))
			if c == nil || c.Summary.Center <= 0 {
				continue
			}
			e := finite(c.Summary.Center, c.Summary.Lo, c.Summary.Hi)
			e.Low = min(e.Low, c.Summary.Center/2) // keep the bar's end on the log axis
			el.XYs = append(el.XYs, plotter.XY{X: float64(n), Y: c.Summary.Center})
			el.YErrors = append(el.YErrors, e)
		}
		if err := addSeries(p, &leg, s, styleOf(i), el); err != nil {
			return spec{}, fmt.Errorf("plot: ns/item chart: %w", err)
		}
	}
	return spec{name: "nsitem-" + lv.name(), plot: p, legend: leg,
		caption: caption(d, g.String())}, nil
}

func scalingChart(d *report.Data, lv level) (spec, bool, error) {
	n := largestN(d, lv.at(d.Procs[len(d.Procs)-1]))
	p := newPlot(fmt.Sprintf("Speedup vs procs, %s, n=%d", lv.title(), n),
		"procs (GOMAXPROCS)", "speedup over sequential (x)")
	leg := plot.NewLegend()
	lo, hi := float64(d.Procs[0]), float64(d.Procs[len(d.Procs)-1])
	if err := addReference(p, &leg, "ideal (y = procs)", plotter.XY{X: lo, Y: lo}, plotter.XY{X: hi, Y: hi},
		palette[8], vg.Points(1.5), vg.Points(1), vg.Points(2)); err != nil {
		return spec{}, false, err
	}
	any := false
	for i, s := range d.Strategies {
		if report.IsBaseline(s) {
			continue
		}
		el := speedupSeries(d, d.Procs, func(pr int) report.Key {
			return lv.at(pr).Key(s, n)
		})
		any = any || len(el.XYs) > 0
		if err := addSeries(p, &leg, s, styleOf(i), el); err != nil {
			return spec{}, false, fmt.Errorf("plot: scaling chart: %w", err)
		}
	}
	p.X.Tick.Marker = integerTicks(d.Procs)
	p.X.Min, p.X.Max = lo-0.05*(hi-lo), hi+0.05*(hi-lo)
	p.Y.Min = 0
	where := fmt.Sprintf("work=%d n=%d", lv.work, n)
	if lv.wait != 0 {
		where = fmt.Sprintf("work=%d wait=%v n=%d", lv.work, lv.wait, n)
	}
	return spec{name: "scaling-" + lv.name(), plot: p, legend: leg,
		caption: caption(d, where)}, any, nil
}

func overheadChart(d *report.Data, procs int) (spec, bool, error) {
	g := report.Group{Procs: procs} // work=0, no wait
	n := largestN(d, g)
	p := newPlot(fmt.Sprintf("Per-item overhead at work=0, n=%d, procs=%d", n, procs),
		"strategy", "ns/item (median, log scale)")
	logAxis(&p.Y)
	leg := plot.NewLegend()
	var cases []*report.Case
	var styles []style
	floor := math.Inf(1)
	for i, s := range d.Strategies {
		if c := d.Case(g.Key(s, n)); c != nil && c.Summary.Center > 0 {
			cases = append(cases, c)
			styles = append(styles, styleOf(i))
			floor = min(floor, c.Summary.Center/2)
		}
	}
	if len(cases) == 0 {
		return spec{}, false, nil
	}
	// Half the smallest median is 0 for the smallest float; the log axis
	// needs the floor above 0.
	floor = max(floor, math.SmallestNonzeroFloat64)
	// Bars are drawn as polygons from a floor below the smallest median:
	// plotter.BarChart starts at 0, which a log axis cannot show, and the
	// costs span orders of magnitude, which a linear axis cannot show.
	var names []string
	var baseline float64
	for i, c := range cases {
		x := float64(i)
		names = append(names, c.Strategy)
		bar, err := plotter.NewPolygon(plotter.XYs{
			{X: x - 0.35, Y: floor}, {X: x + 0.35, Y: floor},
			{X: x + 0.35, Y: c.Summary.Center}, {X: x - 0.35, Y: c.Summary.Center}})
		if err != nil {
			return spec{}, false, fmt.Errorf("plot: overhead chart: %w", err)
		}
		bar.Color = styles[i].color
		bar.LineStyle.Width = 0
		e := finite(c.Summary.Center, c.Summary.Lo, c.Summary.Hi)
		e.Low = min(e.Low, c.Summary.Center-floor)
		eb, err := plotter.NewYErrorBars(errorLine{
			XYs:     plotter.XYs{{X: x, Y: c.Summary.Center}},
			YErrors: plotter.YErrors{e},
		})
		if err != nil {
			return spec{}, false, fmt.Errorf("plot: overhead chart: %w", err)
		}
		eb.Color = palette[8]
		eb.Width = vg.Points(1.2)
		p.Add(bar, eb)
		leg.Add(c.Strategy, bar)
		if c.Strategy == report.Baseline {
			baseline = c.Summary.Center
		}
	}
	if baseline > 0 {
		if err := addReference(p, &leg, "sequential (reference)", plotter.XY{X: -0.5, Y: baseline},
			plotter.XY{X: float64(len(names)) - 0.5, Y: baseline}, palette[0], vg.Points(1), vg.Points(4), vg.Points(2)); err != nil {
			return spec{}, false, err
		}
	}
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 8
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YTop
	p.Y.Min = floor
	return spec{name: "overhead-work0", plot: p, legend: leg,
		caption: caption(d, fmt.Sprintf("work=0 n=%d procs=%d", n, procs))}, true, nil
}

func speedupChart(d *report.Data, g report.Group) (spec, bool, error) {
	lv := levelOf(g)
	p := newPlot(fmt.Sprintf("Speedup vs n, %s, procs=%d (rings: break-even n)", lv.title(), g.Procs),
		"n (items, log scale)", "speedup over sequential (x)")
	logAxis(&p.X)
	leg := plot.NewLegend()
	lo, hi := float64(d.Ns[0]), float64(d.Ns[len(d.Ns)-1])
	if err := addReference(p, &leg, "sequential (y = 1)", plotter.XY{X: lo, Y: 1}, plotter.XY{X: hi, Y: 1},
		palette[0], vg.Points(1), vg.Points(4), vg.Points(2)); err != nil {
		return spec{}, false, err
	}
	var breaks plotter.XYs
	any := false
	for i, s := range d.Strategies {
		if report.IsBaseline(s) {
			continue
		}
		el := speedupSeries(d, d.Ns, func(n int) report.Key {
			return g.Key(s, n)
		})
		if be, ok := d.BreakEven(s, g); ok {
			if su, _ := d.Speedup(g.Key(s, be)); finiteRatio(su) {
				breaks = append(breaks, plotter.XY{X: float64(be), Y: su.Ratio})
			}
		}
		any = any || len(el.XYs) > 0
		if err := addSeries(p, &leg, s, styleOf(i), el); err != nil {
			return spec{}, false, fmt.Errorf("plot: speedup chart: %w", err)
		}
	}
	if len(breaks) > 0 {
		sc, err := plotter.NewScatter(breaks)
		if err != nil {
			return spec{}, false, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: palette[6], Radius: vg.Points(8), Shape: draw.RingGlyph{}}
		p.Add(sc)
		leg.Add("break-even n", sc)
	}
	p.Y.Min = 0
	return spec{name: "speedup-" + lv.name(), plot: p, legend: leg,
		caption: caption(d, g.String())}, any, nil
}

// speedupSeries is one strategy's speedup over its baseline at each x (a
// procs or an n value, turned into the case's key by key), with confidence
// intervals as error bars; cases without a finite speedup are left out.
func speedupSeries(d *report.Data, xs []int, key func(x int) report.Key) errorLine {
	var el errorLine
	for _, x := range xs {
		su, ok := d.Speedup(key(x))
		if !ok || !finiteRatio(su) {
			continue
		}
		el.XYs = append(el.XYs, plotter.XY{X: float64(x), Y: su.Ratio})
		el.YErrors = append(el.YErrors, finite(su.Ratio, su.Lo, su.Hi))
	}
	return el
}

// integerTicks marks exactly the procs values that were measured.
func integerTicks(vs []int) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for _, v := range vs {
		ts = append(ts, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
	}
	return ts
}

// finiteRatio reports whether a speedup can be drawn: a median of 0 ns/item
// gives an infinite or undefined ratio.
func finiteRatio(s report.Speedup) bool {
	return !math.IsInf(s.Ratio, 0) && !math.IsNaN(s.Ratio)
}

// addReference draws a dashed straight line from a to b, such as ideal
// scaling or the sequential baseline, and names it in the legend.
func addReference(p *plot.Plot, leg *plot.Legend, label string, a, b plotter.XY, c color.Color, width vg.Length, dashes ...vg.Length) error {
	l, err := plotter.NewLine(plotter.XYs{a, b})
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = c, width, dashes
	p.Add(l)
	leg.Add(label, l)
	return nil
}
