package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

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
	c := chartData{Data: d, styles: styles(d), groups: groups(d)}
	var specs []spec
	maxProcs := d.Procs[len(d.Procs)-1]
	lvs := levels(d)
	for _, lv := range lvs {
		s, err := c.nsPerItemChart(lv.at(maxProcs))
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	if d.HasBaseline() && len(d.Procs) > 1 {
		for _, lv := range lvs {
			s, ok, err := c.scalingChart(lv)
			if err != nil {
				return nil, err
			}
			if ok {
				specs = append(specs, s)
			}
		}
	}
	if slices.Contains(lvs, level{}) {
		s, ok, err := c.overheadChart(maxProcs)
		if err != nil {
			return nil, err
		}
		if ok {
			specs = append(specs, s)
		}
	}
	if d.HasBaseline() {
		for _, lv := range lvs {
			s, ok, err := c.speedupChart(lv.at(maxProcs))
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

// chartData is the data with what every chart shares: the strategies'
// styles and their grouping into panels.
type chartData struct {
	*report.Data
	styles map[string]style
	groups []group
}

// group is the strategies of one panel: at most maxPerPanel contenders of
// one family, the strategies compared with the same loop.
type group struct {
	family      string   // "Go", "Python"
	baseline    string   // the family's loop (report.BaselineOf)
	part, parts int      // this panel's number within the family, and how many
	members     []string // drawn in colour
	others      []string // the family's other contenders, drawn grey
}

// groups splits the contenders into panels, family by family in order of
// appearance, each family into the fewest panels of at most maxPerPanel,
// filled evenly in data order. Without contenders it returns one group of
// every strategy.
func groups(d *report.Data) []group {
	var fams []group
	for _, s := range d.Strategies {
		if report.IsBaseline(s) {
			continue
		}
		b := d.BaselineOf(s)
		i := slices.IndexFunc(fams, func(g group) bool { return g.baseline == b })
		if i < 0 {
			i = len(fams)
			fams = append(fams, group{family: familyName(b), baseline: b})
		}
		fams[i].members = append(fams[i].members, s)
	}
	if len(fams) == 0 {
		return []group{{members: d.Strategies, part: 1, parts: 1}}
	}
	var out []group
	for _, f := range fams {
		parts := (len(f.members) + maxPerPanel - 1) / maxPerPanel
		size := (len(f.members) + parts - 1) / parts
		part := 0
		for chunk := range slices.Chunk(f.members, size) {
			part++
			g := f
			g.part, g.parts = part, parts
			g.members = chunk
			for _, s := range f.members {
				if !slices.Contains(chunk, s) {
					g.others = append(g.others, s)
				}
			}
			out = append(out, g)
		}
	}
	return out
}

// familyName is the family of a baseline, as its Traits declare it:
// "Python" for python-sequential, "Go" for Go's (whose Family is "").
func familyName(baseline string) string {
	return cmp.Or(report.Traits(baseline).Family, "Go")
}

// title names the panel: its family, what it is compared with (against),
// and its number when the family has several panels.
func (g group) title(against bool) string {
	t := g.family
	if against {
		t += ", speedup over " + g.baseline
	}
	if g.parts > 1 {
		t += fmt.Sprintf(" (%d of %d)", g.part, g.parts)
	}
	return t
}

// familyNote is the caption line saying what the speedups of the drawn
// groups are measured against, when a family other than Go's is drawn.
func familyNote(drawn []group) []string {
	var parts []string
	for _, g := range drawn {
		p := fmt.Sprintf("%s's pools over %s, not over Go", g.family, g.baseline)
		if g.baseline != "" && g.baseline != report.Baseline && !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{"speedups are over each language's own sequential: Go's strategies over sequential; " + strings.Join(parts, "; ")}
}

// level is one kernel the data measured: a work, a wait and a skew, a
// report.Group at no procs in particular. Each gets its own charts; cases
// of different levels are never drawn together.
type level struct{ g report.Group }

// levels returns the data's levels, in the data's order of cases (by
// work, then skew, then wait).
func levels(d *report.Data) []level {
	var lvs []level
	for _, c := range d.Cases {
		if lv := levelOf(c.Group()); !slices.Contains(lvs, lv) {
			lvs = append(lvs, lv)
		}
	}
	return lvs
}

// levelOf is the level of group g.
func levelOf(g report.Group) level {
	g.Procs = 0
	return level{g}
}

// at is the level's group at procs.
func (lv level) at(procs int) report.Group {
	g := lv.g
	g.Procs = procs
	return g
}

// title is the level as chart titles show it: "work=W", "work=W, wait=D",
// "work=W, skew=S".
func (lv level) title() string { return strings.Join(lv.g.KernelParts(), ", ") }

// name is the level as chart file names show it: "work0", "work0-wait1ms".
func (lv level) name() string { return report.KernelID(lv.g) }

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

// bounds is the range of y values (with their error bars) drawn so far, so
// that the panels of a chart share one y axis.
type bounds struct{ lo, hi float64 }

func newBounds() bounds { return bounds{math.Inf(1), math.Inf(-1)} }

func (b *bounds) add(el errorLine) {
	for i, p := range el.XYs {
		b.lo = min(b.lo, p.Y-el.YErrors[i].Low)
		b.hi = max(b.hi, p.Y+el.YErrors[i].High)
	}
}

// newPanel is an empty panel with a grid, sans-serif text and a log x axis
// of n (or of procs, with xTicks).
func newPanel(title, x, y string) panel {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 11
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = lightGrey, lightGrey
	p.Add(grid)
	sans(p)
	return panel{plot: p, legend: plot.NewLegend()}
}

// countAxis makes a an axis of n from lo to hi, ticked 10, 100, 1k, …
func countAxis(a *plot.Axis, lo, hi float64) {
	a.Tick.Marker = powerTicks{base: 10, label: countLabel}
	a.Min, a.Max = lo/1.3, hi*1.3
}

// setY gives every panel the same y axis from b, ticked at powers of base
// and at marks (see powerTicks).
func setY(panels []panel, b bounds, base float64, label func(float64) string, marks map[float64]string) {
	lo, hi := powerRange(b.lo, b.hi, base)
	for _, p := range panels {
		p.plot.Y.Min, p.plot.Y.Max = lo, hi
		p.plot.Y.Tick.Marker = powerTicks{base: base, label: label, marks: marks}
	}
}

// speedupMarks names the speedup axis' reference lines on their ticks:
// 1×, no speedup (the baseline's speed), and procs×, the most procs cores
// can give.
func speedupMarks(procs int) map[float64]string {
	return map[float64]string{1: noSpeedup, float64(procs): "procs"}
}

// noSpeedup labels the 1× line: the baseline's own speed. (Not "loop",
// which is a strategy of its own, the serial reference.)
const noSpeedup = "no speedup"

// errorLine is a line with glyphs and vertical error bars, for one strategy.
type errorLine struct {
	plotter.XYs
	plotter.YErrors
}

// point adds (x, y) with the interval [lo, hi] to el. An unbounded
// interval (too few samples) draws no bar; the bar's lower end stays above
// half of y, so that it stays on a log axis.
func (el *errorLine) point(x, y, lo, hi float64) {
	e := struct{ Low, High float64 }{}
	if !math.IsInf(lo, 0) && !math.IsInf(hi, 0) && !math.IsNaN(lo) && !math.IsNaN(hi) {
		e.Low, e.High = min(y-lo, y/2), max(hi-y, 0)
	}
	el.XYs = append(el.XYs, plotter.XY{X: x, Y: y})
	el.YErrors = append(el.YErrors, e)
}

// addSeries adds one strategy's line, glyphs and error bars to the panel,
// and its name to the legend.
func (p *panel) addSeries(name string, st style, el errorLine) error {
	if len(el.XYs) == 0 {
		return nil
	}
	l, sc, err := plotter.NewLinePoints(el.XYs)
	if err != nil {
		return err
	}
	st.line(l)
	sc.GlyphStyle = st.glyph
	eb, err := plotter.NewYErrorBars(el)
	if err != nil {
		return err
	}
	eb.Color = st.color
	eb.Width = vg.Points(1)
	p.plot.Add(l, sc, eb)
	p.add(name, l, sc)
	return nil
}

// addContext draws lines thin and light grey behind the panel's own, for
// the rest of the family; one legend entry names them all.
func (p *panel) addContext(family string, els []errorLine) error {
	drawn := false
	var thumb *plotter.Line
	for _, el := range els {
		if len(el.XYs) == 0 {
			continue
		}
		l, err := plotter.NewLine(el.XYs)
		if err != nil {
			return err
		}
		l.Color, l.Width = lightGrey, vg.Points(1.2)
		p.plot.Add(l)
		drawn, thumb = true, l
	}
	if drawn {
		p.add(fmt.Sprintf("other %s strategies", family), thumb)
	}
	return nil
}

// addReference draws a straight dashed line through pts, such as ideal
// scaling or sequential's speed, over what the panel holds so far, and names
// it in the legend unless label is empty.
func (p *panel) addReference(label string, pts plotter.XYs, c color.Color, dashes ...vg.Length) error {
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(1.3), dashes
	p.plot.Add(l)
	if label != "" {
		p.add(label, l)
	}
	return nil
}

// speedupPanel draws the speedups of g's members, one series each (series
// turns a strategy into its points), over the family's others in grey, and
// widens b to them. It reports whether any member had a point to draw.
func (c chartData) speedupPanel(g group, x string, b *bounds, series func(s string) errorLine) (panel, bool, error) {
	p := newPanel(g.title(true), x, "speedup")
	var ctx []errorLine
	for _, s := range g.others {
		ctx = append(ctx, series(s))
	}
	if err := p.addContext(g.family, ctx); err != nil {
		return p, false, err
	}
	drawn := false
	for _, s := range g.members {
		if report.IsBaseline(s) {
			continue
		}
		el := series(s)
		b.add(el)
		drawn = drawn || len(el.XYs) > 0
		if err := p.addSeries(s, c.styles[s], el); err != nil {
			return p, false, err
		}
	}
	return p, drawn, nil
}

// nsSeries is strategy s's median time per item at each n in group g, with
// intervals.
func (c chartData) nsSeries(s string, g report.Group) errorLine {
	var el errorLine
	for _, n := range c.Ns {
		cs := c.Case(g.Key(s, n))
		if cs == nil || !(cs.Summary.Center > 0) {
			continue
		}
		el.point(float64(n), cs.Summary.Center, cs.Summary.Lo, cs.Summary.Hi)
	}
	return el
}

// speedupSeries is one strategy's speedup over its loop at each x (a procs
// or an n value, turned into the case's key by key), with confidence
// intervals as error bars; cases without a finite speedup are left out.
func (c chartData) speedupSeries(xs []int, key func(x int) report.Key) errorLine {
	var el errorLine
	for _, x := range xs {
		su, ok := c.Speedup(key(x))
		if !ok || !finiteRatio(su) {
			continue
		}
		el.point(float64(x), su.Ratio, su.Lo, su.Hi)
	}
	return el
}

// finiteRatio reports whether a speedup can be drawn: a median of 0 ns/item
// gives an infinite or undefined ratio.
func finiteRatio(s report.Speedup) bool {
	return s.Ratio > 0 && !math.IsInf(s.Ratio, 0) && !math.IsNaN(s.Ratio)
}

// nsPerItemChart draws time per item. Panels of one family share a y
// axis; another language's panel gets its own, since its times can be a
// hundred times Go's and would squash Go's panels (Go's loop is drawn
// there for scale).
func (c chartData) nsPerItemChart(at report.Group) (spec, error) {
	var panels []panel
	var families []string
	bs := map[string]*bounds{}
	for _, g := range c.groups {
		if bs[g.family] == nil {
			b := newBounds()
			bs[g.family] = &b
		}
		families = append(families, g.family)
		b := bs[g.family]
		title := g.title(false)
		if len(c.groups) == 1 {
			title = "" // the chart's title says it all
		}
		if g.baseline != report.Baseline && g.baseline != "" && c.HasBaseline() {
			title += " (with Go's sequential for scale)"
		}
		p := newPanel(title, "n (items)", "time per item")
		var ctx []errorLine
		for _, s := range g.others {
			ctx = append(ctx, c.nsSeries(s, at))
		}
		if err := p.addContext(g.family, ctx); err != nil {
			return spec{}, fmt.Errorf("plot: time-per-item chart: %w", err)
		}
		// The loops first: Go's, for scale, and the family's own.
		var names []string
		for _, s := range append([]string{report.Baseline, g.baseline}, g.members...) {
			if s != "" && slices.Contains(c.Strategies, s) && !slices.Contains(names, s) {
				names = append(names, s)
			}
		}
		for _, s := range names {
			el := c.nsSeries(s, at)
			b.add(el)
			if err := p.addSeries(s, c.styles[s], el); err != nil {
				return spec{}, fmt.Errorf("plot: time-per-item chart: %w", err)
			}
		}
		countAxis(&p.plot.X, float64(c.Ns[0]), float64(c.Ns[len(c.Ns)-1]))
		panels = append(panels, p)
	}
	for i, p := range panels {
		setY([]panel{p}, *bs[families[i]], 10, timeLabel, nil)
	}
	n := c.Ns[len(c.Ns)-1]
	title := fmt.Sprintf("Time per item vs n, %s, procs=%d (log-log; lower is faster)", levelOf(at).title(), at.Procs)
	desc := fmt.Sprintf("%s. Median time per item at n=%s: %s.", title, countLabel(float64(n)),
		c.listValues(func(s string) (string, bool) {
			cs := c.Case(at.Key(s, n))
			if cs == nil {
				return "", false
			}
			return timeLabel(cs.Summary.Center), true
		}))
	return spec{name: "nsitem-" + levelOf(at).name(), title: title, desc: desc, panels: panels,
		caption: caption(c.Data, at.String())}, nil
}

func (c chartData) scalingChart(lv level) (spec, bool, error) {
	n := largestN(c.Data, lv.at(c.Procs[len(c.Procs)-1]))
	lo, hi := float64(c.Procs[0]), float64(c.Procs[len(c.Procs)-1])
	var panels []panel
	var drawnGroups []group
	b := bounds{lo: 1, hi: hi}
	for _, g := range c.groups {
		p, drawn, err := c.speedupPanel(g, "procs (GOMAXPROCS)", &b, func(s string) errorLine {
			return c.speedupSeries(c.Procs, func(pr int) report.Key {
				return lv.at(pr).Key(s, n)
			})
		})
		if err != nil {
			return spec{}, false, fmt.Errorf("plot: scaling chart: %w", err)
		}
		if !drawn {
			continue
		}
		if err := p.addReference("ideal: y = procs", plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}}, refGrey, vg.Points(2), vg.Points(2)); err != nil {
			return spec{}, false, err
		}
		if err := p.addReference("", plotter.XYs{{X: lo, Y: 1}, {X: hi, Y: 1}}, black, vg.Points(6), vg.Points(3)); err != nil {
			return spec{}, false, err
		}
		p.plot.X.Tick.Marker = integerTicks(c.Procs)
		p.plot.X.Min, p.plot.X.Max = lo/1.15, hi*1.15
		panels = append(panels, p)
		drawnGroups = append(drawnGroups, g)
	}
	if len(panels) == 0 {
		return spec{}, false, nil
	}
	setY(panels, b, 2, speedupLabel, map[float64]string{1: noSpeedup})
	title := fmt.Sprintf("Speedup vs procs, %s, n=%s (higher is better; ideal: y = procs)", lv.title(), countLabel(float64(n)))
	desc := fmt.Sprintf("%s. Speedup at procs=%d: %s.", title, int(hi), c.listValues(func(s string) (string, bool) {
		su, ok := c.Speedup(lv.at(int(hi)).Key(s, n))
		if !ok || report.IsBaseline(s) || !finiteRatio(su) {
			return "", false
		}
		return fmt.Sprintf("%.2f×", su.Ratio), true
	}))
	where := fmt.Sprintf("%s n=%d", strings.Join(lv.g.KernelParts(), " "), n)
	return spec{name: "scaling-" + lv.name(), title: title, desc: desc, panels: panels,
		caption: caption(c.Data, where, familyNote(drawnGroups)...)}, true, nil
}

func (c chartData) overheadChart(procs int) (spec, bool, error) {
	at := report.Group{Procs: procs} // work=0, no wait
	n := largestN(c.Data, at)
	p := newPanel("", "", "time per item")
	var cases []*report.Case
	b := newBounds()
	for _, s := range c.Strategies {
		if cs := c.Case(at.Key(s, n)); cs != nil && cs.Summary.Center > 0 {
			cases = append(cases, cs)
			var el errorLine
			el.point(0, cs.Summary.Center, cs.Summary.Lo, cs.Summary.Hi)
			b.add(el)
		}
	}
	if len(cases) == 0 {
		return spec{}, false, nil
	}
	floor, _ := powerRange(b.lo, b.hi, 10)
	// Bars are drawn as polygons from the axis' floor: plotter.BarChart
	// starts at 0, which a log axis cannot show, and the costs span orders
	// of magnitude, which a linear axis cannot show. The strategy's name
	// under each bar says which is which, so there is no legend.
	var names []string
	var baseline float64
	for i, cs := range cases {
		x := float64(i)
		names = append(names, cs.Strategy)
		bar, err := plotter.NewPolygon(plotter.XYs{
			{X: x - 0.35, Y: floor}, {X: x + 0.35, Y: floor},
			{X: x + 0.35, Y: cs.Summary.Center}, {X: x - 0.35, Y: cs.Summary.Center}})
		if err != nil {
			return spec{}, false, fmt.Errorf("plot: overhead chart: %w", err)
		}
		bar.Color = c.styles[cs.Strategy].color
		bar.LineStyle.Width = 0
		var el errorLine
		el.point(x, cs.Summary.Center, cs.Summary.Lo, cs.Summary.Hi)
		eb, err := plotter.NewYErrorBars(el)
		if err != nil {
			return spec{}, false, fmt.Errorf("plot: overhead chart: %w", err)
		}
		eb.Color = darkGrey
		eb.Width = vg.Points(1.2)
		p.plot.Add(bar, eb)
		if cs.Strategy == report.Baseline {
			baseline = cs.Summary.Center
		}
	}
	if baseline > 0 {
		if err := p.addReference("sequential's median", plotter.XYs{{X: -0.5, Y: baseline},
			{X: float64(len(names)) - 0.5, Y: baseline}}, black, vg.Points(6), vg.Points(3)); err != nil {
			return spec{}, false, err
		}
	}
	p.plot.X.Scale = plot.LinearScale{}
	p.plot.NominalX(names...)
	p.plot.X.Tick.Label.Rotation = math.Pi / 8
	p.plot.X.Tick.Label.XAlign = draw.XRight
	p.plot.X.Tick.Label.YAlign = draw.YTop
	panels := []panel{p}
	setY(panels, b, 10, timeLabel, nil)
	title := fmt.Sprintf("Per-item overhead at work=0, n=%s, procs=%d (lower is cheaper)", countLabel(float64(n)), procs)
	var vals []string
	for _, cs := range cases {
		vals = append(vals, cs.Strategy+" "+timeLabel(cs.Summary.Center))
	}
	desc := fmt.Sprintf("%s. Median time per item: %s.", title, strings.Join(vals, ", "))
	return spec{name: "overhead-work0", title: title, desc: desc, panels: panels,
		caption: caption(c.Data, fmt.Sprintf("work=0 n=%d procs=%d", n, procs))}, true, nil
}

// speedupChart draws speedup vs n. Without a wait it marks y = procs, the
// most the cores can give; at a wait there is no such line, since waiting
// items use no core.
func (c chartData) speedupChart(at report.Group) (spec, bool, error) {
	procs := at.Procs
	lo, hi := float64(c.Ns[0]), float64(c.Ns[len(c.Ns)-1])
	var panels []panel
	var drawnGroups []group
	b := bounds{lo: 1, hi: float64(procs)}
	marks := speedupMarks(procs)
	if at.Wait != 0 {
		b.hi = 1
		marks = map[float64]string{1: noSpeedup}
	}
	for _, g := range c.groups {
		p, drawn, err := c.speedupPanel(g, "n (items)", &b, func(s string) errorLine {
			return c.speedupSeries(c.Ns, func(n int) report.Key {
				return at.Key(s, n)
			})
		})
		if err != nil {
			return spec{}, false, fmt.Errorf("plot: speedup chart: %w", err)
		}
		if !drawn {
			continue
		}
		// Each strategy's break-even n is ringed in its colour, each of a
		// panel's rings a size larger than the last, so that rings at the
		// same point nest instead of hiding each other.
		for k, s := range g.members {
			be, ok := c.BreakEven(s, at)
			if !ok || report.IsBaseline(s) {
				continue
			}
			if su, _ := c.Speedup(at.Key(s, be)); finiteRatio(su) {
				ring, err := plotter.NewScatter(plotter.XYs{{X: float64(be), Y: su.Ratio}})
				if err != nil {
					return spec{}, false, err
				}
				ring.GlyphStyle = draw.GlyphStyle{Color: c.styles[s].color, Radius: vg.Points(6 + 2.5*float64(k)), Shape: draw.RingGlyph{}}
				p.plot.Add(ring)
			}
		}
		// The y axis names these lines on their ticks (marks).
		if at.Wait == 0 {
			if err := p.addReference("", plotter.XYs{{X: lo, Y: float64(procs)}, {X: hi, Y: float64(procs)}}, refGrey, vg.Points(2), vg.Points(2)); err != nil {
				return spec{}, false, err
			}
		}
		if err := p.addReference("", plotter.XYs{{X: lo, Y: 1}, {X: hi, Y: 1}}, black, vg.Points(6), vg.Points(3)); err != nil {
			return spec{}, false, err
		}
		countAxis(&p.plot.X, lo, hi)
		panels = append(panels, p)
		drawnGroups = append(drawnGroups, g)
	}
	if len(panels) == 0 {
		return spec{}, false, nil
	}
	setY(panels, b, 2, speedupLabel, marks)
	title := fmt.Sprintf("Speedup vs n, %s, procs=%d (above 1× pays off; rings: break-even n)", levelOf(at).title(), procs)
	n := int(hi)
	desc := fmt.Sprintf("%s. Speedup at n=%s: %s. Break-even n, the smallest n with a significant speedup: %s.", title, countLabel(hi),
		c.listValues(func(s string) (string, bool) {
			su, ok := c.Speedup(at.Key(s, n))
			if !ok || report.IsBaseline(s) || !finiteRatio(su) {
				return "", false
			}
			return fmt.Sprintf("%.2f×", su.Ratio), true
		}),
		c.listValues(func(s string) (string, bool) {
			if report.IsBaseline(s) {
				return "", false
			}
			if be, ok := c.BreakEven(s, at); ok {
				return countLabel(float64(be)), true
			}
			return "none", true
		}))
	return spec{name: "speedup-" + levelOf(at).name(), title: title, desc: desc, panels: panels,
		caption: caption(c.Data, at.String(), familyNote(drawnGroups)...)}, true, nil
}

// listValues lists "strategy value" for every strategy that value gives
// one for, comma-separated, for a chart's text alternative.
func (c chartData) listValues(value func(s string) (string, bool)) string {
	var parts []string
	for _, s := range c.Strategies {
		if v, ok := value(s); ok {
			parts = append(parts, s+" "+v)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// integerTicks marks exactly the procs values that were measured.
func integerTicks(vs []int) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for _, v := range vs {
		ts = append(ts, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
	}
	return ts
}
