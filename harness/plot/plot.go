// Package plot draws concbench's charts from report data with gonum/plot:
//
//   - nsitem-workW: ns/item vs n (log-log), one line per strategy with 95%
//     confidence-interval error bars, one chart per work value;
//   - scaling-workW: speedup over sequential vs procs at the largest n, with
//     the ideal line y = procs (drawn when the data has two or more procs);
//   - overhead-work0: per-item cost at work=0 and the largest n as bars with
//     CIs, sequential's median as the reference line (drawn when the data
//     has work=0);
//   - speedup-workW: speedup over sequential vs n, break-even points ringed.
//
// Cases with a wait per item (the io preset) get their own charts, named
// with the wait after the work, nsitem-work0-wait1ms and so on; the
// overhead chart is of the kernel without a wait. All but the scaling
// charts show the largest procs value in the data. On
// speedup charts the error bars are the ratios of the intervals' ends, and
// baselines (see report.IsBaseline) are left out.
//
// Every chart has a title, axis labels with units, a legend outside the data
// area and a caption with the machine and run metadata. Strategies keep one
// colour, dash pattern and glyph across all charts. Each chart is rendered as
// SVG and PNG.
package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/concbench/concbench/harness/report"
)

// Size of every chart, and the resolution of its PNG.
const (
	Width  = 9 * vg.Inch
	Height = 5 * vg.Inch
	DPI    = 96
)

// Chart is one rendered chart.
type Chart struct {
	// Name is the file name without extension, e.g. "nsitem-work100".
	Name string
	// Title is the chart's title.
	Title string
	// SVG and PNG are the chart as complete files.
	SVG, PNG []byte
}

// Render draws every chart the data supports, in the order of the package
// doc, and returns them. Charts that need data the run lacks (a sequential
// baseline, two procs values, work=0) are left out rather than drawn empty.
func Render(d *report.Data) ([]Chart, error) {
	specs, err := build(d)
	if err != nil {
		return nil, err
	}
	var charts []Chart
	for _, s := range specs {
		c := Chart{Name: s.name, Title: s.plot.Title.Text}
		if c.SVG, err = s.render(svgFormat); err != nil {
			return nil, fmt.Errorf("plot: %s.svg: %w", s.name, err)
		}
		if c.PNG, err = s.render(pngFormat); err != nil {
			return nil, fmt.Errorf("plot: %s.png: %w", s.name, err)
		}
		charts = append(charts, c)
	}
	return charts, nil
}

// Figures renders the charts as SVG only, ready for report.Options.Figures.
func Figures(d *report.Data) ([]report.Figure, error) {
	specs, err := build(d)
	if err != nil {
		return nil, err
	}
	var figs []report.Figure
	for _, s := range specs {
		svg, err := s.render(svgFormat)
		if err != nil {
			return nil, fmt.Errorf("plot: %s.svg: %w", s.name, err)
		}
		figs = append(figs, report.Figure{Name: s.name, Title: s.plot.Title.Text, SVG: svg, Key: isKey(s.name)})
	}
	return figs, nil
}

// isKey reports whether the chart named name is one the HTML report shows
// first: the speedup charts, one per work level (four in the full run).
func isKey(name string) bool {
	return strings.HasPrefix(name, "speedup-")
}

// spec is one chart before rendering: the plot, its legend (drawn beside
// the data area, not over it) and its caption.
type spec struct {
	name    string
	plot    *plot.Plot
	legend  plot.Legend
	caption string
}

type format int

const (
	svgFormat format = iota
	pngFormat
)

// Layout of a chart: the legend column on the right, the caption below.
const (
	legendWidth   = 2 * vg.Inch
	captionHeight = 0.65 * vg.Inch
	pad           = 6
)

func (s spec) render(f format) ([]byte, error) {
	var buf bytes.Buffer
	switch f {
	case svgFormat:
		c := vgsvg.New(Width, Height)
		s.draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, err
		}
	case pngFormat:
		c := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI))
		s.draw(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

func (s spec) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	body := draw.Crop(c, pad, -legendWidth, captionHeight, -pad)
	fitLogAxis(&s.plot.X)
	fitLogAxis(&s.plot.Y)
	s.plot.Draw(body)

	leg := s.legend
	leg.Top, leg.Left = true, true
	leg.Padding = vg.Points(2)
	area := draw.Crop(c, c.Max.X-c.Min.X-legendWidth+pad, -pad, captionHeight, -s.plot.Title.TextStyle.Height(s.plot.Title.Text)-2*pad)
	leg.Draw(area)

	sty := s.plot.X.Label.TextStyle
	sty.Font.Size = vg.Points(9)
	sty.Rotation = 0
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	sty.Color = color.Gray{Y: 0x44}
	c.FillText(sty, vg.Point{X: c.Min.X + pad, Y: c.Min.Y + captionHeight - pad}, s.caption)
}

// style is one strategy's look, shared by all charts.
type style struct {
	color  color.Color
	dashes []vg.Length
	glyph  draw.GlyphStyle
}

// palette is Okabe and Ito's colour-blind-safe palette, extended with
// Tableau's colours for more than eight strategies.
var palette = []color.Color{
	color.RGBA{0x00, 0x00, 0x00, 0xff}, // black: sequential, the reference
	color.RGBA{0xe6, 0x9f, 0x00, 0xff},
	color.RGBA{0x56, 0xb4, 0xe9, 0xff},
	color.RGBA{0x00, 0x9e, 0x73, 0xff},
	color.RGBA{0xcc, 0x79, 0xa7, 0xff},
	color.RGBA{0x00, 0x72, 0xb2, 0xff},
	color.RGBA{0xd5, 0x5e, 0x00, 0xff},
	color.RGBA{0x8c, 0x56, 0x4b, 0xff},
	color.RGBA{0x7f, 0x7f, 0x7f, 0xff},
	color.RGBA{0xbc, 0xbd, 0x22, 0xff},
	color.RGBA{0x9a, 0x4d, 0xc8, 0xff},
	color.RGBA{0x17, 0xbe, 0xcf, 0xff},
}

var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(2)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
	{vg.Points(12), vg.Points(3)},
	{vg.Points(4), vg.Points(4)},
	{vg.Points(10), vg.Points(2), vg.Points(2), vg.Points(2), vg.Points(2), vg.Points(2)},
}

var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{},
	draw.PlusGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{},
}

func styleOf(i int) style {
	c := palette[i%len(palette)]
	return style{
		color:  c,
		dashes: dashes[i%len(dashes)],
		glyph:  draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: glyphs[i%len(glyphs)]},
	}
}

func (st style) line(l *plotter.Line) {
	l.Color = st.color
	l.Dashes = st.dashes
	l.Width = vg.Points(1.5)
}

// caption is the metadata under every chart: machine, run, and what the
// marks mean, in three lines short enough for the chart's width.
func caption(d *report.Data, extra string) string {
	line := func(keys ...string) string {
		var parts []string
		for _, k := range keys {
			v := d.MetaValue(k)
			if k == "commit" && len(v) > 12 {
				v = v[:12]
			}
			if v != "" {
				parts = append(parts, k+": "+v)
			}
		}
		return strings.Join(parts, "   ")
	}
	return line("cpu", "goos", "goarch", "go", "commit") + "\n" +
		strings.TrimLeft(line("host", "date")+"   "+extra, " ") + "\n" +
		fmt.Sprintf("medians of %s; error bars: %.0f%% confidence intervals; files: %s",
			samplesText(d), report.Confidence*100, strings.Join(baseNames(d.Files), ", "))
}

func samplesText(d *report.Data) string {
	lo, hi := d.SampleCounts()
	if lo == hi {
		return fmt.Sprintf("%d samples per case", lo)
	}
	return fmt.Sprintf("%d-%d samples per case", lo, hi)
}

func baseNames(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, filepath.Base(p))
	}
	return out
}

// finite returns the error-bar half-widths for center in [lo, hi], or zero
// when the interval is unbounded (too few samples).
func finite(center, lo, hi float64) struct{ Low, High float64 } {
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		return struct{ Low, High float64 }{}
	}
	return struct{ Low, High float64 }{center - lo, hi - center}
}

// errorLine is a line with glyphs and vertical error bars, for one strategy.
type errorLine struct {
	plotter.XYs
	plotter.YErrors
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	return p
}

func logAxis(a *plot.Axis) {
	a.Scale = plot.LogScale{}
	a.Tick.Marker = plot.LogTicks{Prec: -1}
}

// fitLogAxis gives a log axis a range it can draw. gonum widens a range of
// one value v to v-1..v+1 and an empty one to -1..1, and its log scale
// panics on the values <= 0 that this reaches for v <= 1 (a median under
// 1 ns/item, or n = 1). A single value gets the decade around it instead,
// and no value at all 1..10; the ends stay finite and above zero.
func fitLogAxis(a *plot.Axis) {
	if _, ok := a.Scale.(plot.LogScale); !ok {
		return
	}
	if !(a.Min <= a.Max) { // no data: +Inf..-Inf
		a.Min, a.Max = 1, 10
	}
	a.Min = max(a.Min, math.SmallestNonzeroFloat64)
	a.Max = max(a.Max, a.Min)
	if a.Min == a.Max {
		a.Min, a.Max = a.Min/math.Sqrt(10), a.Max*math.Sqrt(10)
	}
	a.Min = max(a.Min, math.SmallestNonzeroFloat64)
	a.Max = min(a.Max, math.MaxFloat64)
}

// addSeries adds one strategy's line, glyphs and error bars to p and its
// legend entry to leg.
func addSeries(p *plot.Plot, leg *plot.Legend, name string, st style, el errorLine) error {
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
	p.Add(l, sc, eb)
	leg.Add(name, l, sc)
	return nil
}
