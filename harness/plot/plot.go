// Package plot draws concbench's charts from report data with gonum/plot:
//
//   - nsitem-workW: time per item vs n (log-log), with 95% confidence
//     intervals as error bars, one chart per work value;
//   - scaling-workW: speedup over the baseline vs procs at the largest n, with
//     the ideal line y = procs (drawn when the data has two or more procs);
//   - overhead-work0: per-item cost at work=0 and the largest n as bars with
//     CIs, sequential's median as the reference line (drawn when the data
//     has work=0);
//   - speedup-workW: speedup over the baseline vs n, with each strategy's
//     break-even n ringed, and the lines y = 1 (no gain) and y = procs (the
//     most procs cores can give).
//
// Cases with a wait per item (the io preset) get their own charts, named
// with the wait after the work: nsitem-work0-wait1ms and so on; the
// overhead chart is of the kernel without a wait, and a speedup chart at a
// wait has no y = procs line, since waiting items use no core. All but the
// scaling charts show the largest procs value in the data.
// Speedups are over the strategy's own baseline (report.BaselineOf): Go's
// strategies over sequential, Python's pools over python-sequential; their
// axes are log2, ticked 0.25×, 0.5×, 1×, 2×, … . Error bars on speedups are
// the ratios of the intervals' ends, and baselines are left out.
//
// A chart that would hold more than five lines is drawn as small multiples:
// side-by-side panels with a shared y axis (on time-per-item charts, shared
// within a family: Python's times would squash Go's), one family of
// strategies (Go's, Python's) at a time, at most four contenders a panel in
// data order, so that every chart groups them alike; the family's other strategies are
// drawn in light grey behind, for context. Reference lines (no speedup,
// ideal scaling, the limit of procs×) are drawn over the data.
//
// Every chart has a title, axis labels with units, a legend under each
// panel, and a caption with the machine, the run and what the marks mean.
// Strategies keep one colour (Okabe and Ito's colour-blind-safe palette),
// dash pattern and glyph across all charts, so colour is never the only
// cue. Each chart is rendered as SVG, with a <title> and a <desc> that says
// in words what it shows, and as PNG at twice the usual resolution.
package plot

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/concbench/concbench/harness/report"
)

// Size of every chart, and the resolution of its PNG: 192 dots per inch,
// twice the usual 96, so that the PNGs stay sharp on high-density screens
// and when zoomed.
const (
	Width  = 12 * vg.Inch
	Height = 6.5 * vg.Inch
	DPI    = 192
)

// maxPerPanel is the most strategies a panel draws in colour, besides its
// loop: five lines are about as many as a reader tells apart at a glance.
const maxPerPanel = 4

// Chart is one rendered chart.
type Chart struct {
	// Name is the file name without extension, e.g. "nsitem-work100".
	Name string
	// Title is the chart's title.
	Title string
	// Desc says in words what the chart shows: its text alternative, also
	// the SVG's <desc>.
	Desc string
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
		c := Chart{Name: s.name, Title: s.title, Desc: s.desc}
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
		f := report.Figure{Name: s.name, Title: s.title, SVG: svg, Caption: s.caption, Key: isKey(s.name)}
		for i := range s.panels {
			p, err := s.panelSVG(i)
			if err != nil {
				return nil, fmt.Errorf("plot: %s panel %d: %w", s.name, i+1, err)
			}
			f.Panels = append(f.Panels, p)
		}
		figs = append(figs, f)
	}
	return figs, nil
}

// isKey reports whether the chart named name is one the HTML report shows
// first: the speedup charts, one per work level (four in the full run).
func isKey(name string) bool {
	return strings.HasPrefix(name, "speedup-")
}

// spec is one chart before rendering: its title, panels side by side, and
// the caption under them.
type spec struct {
	name    string
	title   string
	desc    string
	panels  []panel
	caption string
}

// panel is one plot of a chart with the legend drawn under it.
type panel struct {
	plot   *plot.Plot
	legend plot.Legend
}

// add names thumbs in the panel's legend.
func (p *panel) add(name string, thumbs ...plot.Thumbnailer) {
	p.legend.Add(name, thumbs...)
}

type format int

const (
	svgFormat format = iota
	pngFormat
)

// Layout: the title on top, the panels, a band for their legends, the
// caption at the bottom.
const (
	pad         = 8
	titleSize   = 14
	captionSize = 9.5
	legendSize  = 10
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
		return withTextAlternative(buf.Bytes(), s.title, s.desc), nil
	case pngFormat:
		c := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI))
		s.draw(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// withTextAlternative gives an SVG file the role of an image, a <title>
// and a <desc> as the first children of its root, which screen readers
// announce and browsers show as a tooltip. gonum's SVG canvas has no way to
// add them, so they are inserted after its root element's start tag.
func withTextAlternative(svg []byte, title, desc string) []byte {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return svg
	}
	end := bytes.IndexByte(svg[i:], '>')
	if end < 0 {
		return svg
	}
	end += i
	var b bytes.Buffer
	b.Write(svg[:i])
	b.WriteString(`<svg role="img"`)
	b.Write(svg[i+len("<svg") : end+1])
	b.WriteString("\n<title>")
	xml.EscapeText(&b, []byte(title))
	b.WriteString("</title>\n<desc>")
	xml.EscapeText(&b, []byte(desc))
	b.WriteString("</desc>")
	b.Write(svg[end+1:])
	return b.Bytes()
}

func (s spec) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())

	title := textStyle(titleSize, black)
	title.XAlign, title.YAlign = draw.XCenter, draw.YTop
	c.FillText(title, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - pad}, s.title)

	capt := textStyle(captionSize, textGrey)
	capt.XAlign, capt.YAlign = draw.XLeft, draw.YTop
	captionHt := capt.Height(s.caption) + pad
	c.FillText(capt, vg.Point{X: c.Min.X + pad, Y: c.Min.Y + captionHt}, s.caption)

	var legendHt vg.Length
	for i := range s.panels {
		legendHt = max(legendHt, s.panels[i].legendHeight(c))
	}
	legendHt += 2 * pad
	top := title.Height(s.title) + 2*pad
	area := draw.Crop(c, pad, -2*pad, captionHt+legendHt, -top)
	plots := make([]*plot.Plot, len(s.panels))
	for i, p := range s.panels {
		plots[i] = p.plot
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: 0.35 * vg.Inch}
	canvases := plot.Align([][]*plot.Plot{plots}, tiles, area)
	for i, p := range s.panels {
		pc := canvases[0][i]
		p.plot.Draw(pc)
		dc := p.plot.DataCanvas(pc)
		p.legend.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: dc.Min.X, Y: c.Min.Y + captionHt},
			Max: vg.Point{X: dc.Max.X, Y: c.Min.Y + captionHt + legendHt - pad/2},
		}})
	}
}

// PanelWidth and PanelHeight are the size of one panel drawn on its own
// (see Figures), without its legend: about a third of a chart's width, so
// that three or four sit side by side on a wide screen and one fills a
// phone's.
const (
	PanelWidth  = 4.2 * vg.Inch
	PanelHeight = 4.2 * vg.Inch
)

// legendHeight styles the panel's legend, which sits under it with its
// top left corner first, and returns its height on c.
func (p *panel) legendHeight(c draw.Canvas) vg.Length {
	leg := &p.legend
	leg.Top, leg.Left = true, true
	leg.TextStyle = textStyle(legendSize, black)
	leg.Padding = vg.Points(2.5)
	leg.ThumbnailWidth = 0.45 * vg.Inch
	r := leg.Rectangle(c)
	return r.Max.Y - r.Min.Y
}

// panelSVG draws panel i alone, its legend under it, as an SVG document
// whose <title> is the chart's title and the panel's, for pages that lay
// the panels out themselves: side by side where they fit, stacked where
// they do not. The chart's title and caption are left to the page.
func (s spec) panelSVG(i int) ([]byte, error) {
	// Every panel of a chart gets the tallest legend's height, so that
	// panels side by side have their axes level.
	var legendHt vg.Length
	for j := range s.panels {
		legendHt = max(legendHt, s.panels[j].legendHeight(draw.New(vgsvg.New(PanelWidth, PanelHeight))))
	}
	legendHt += 2 * pad
	p := s.panels[i]
	c := vgsvg.New(PanelWidth, PanelHeight+legendHt)
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	pc := draw.Crop(dc, pad, -pad, legendHt, -pad)
	p.plot.Draw(pc)
	data := p.plot.DataCanvas(pc)
	p.legend.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: data.Min.X, Y: dc.Min.Y + pad},
		Max: vg.Point{X: data.Max.X, Y: dc.Min.Y + legendHt - pad/2},
	}})
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	title := s.title
	if t := p.plot.Title.Text; t != "" {
		title += ": " + t
	}
	return withTextAlternative(buf.Bytes(), title, s.desc), nil
}

// textStyle is Liberation Sans at size points in colour col.
func textStyle(size vg.Length, col color.Color) draw.TextStyle {
	return text.Style{
		Color:   col,
		Font:    font.From(font.Font{Typeface: plot.DefaultFont.Typeface, Variant: "Sans"}, size),
		Handler: plot.DefaultTextHandler,
	}
}

// caption is the metadata under every chart: machine, run, and what the
// marks mean, in lines short enough for the chart's width.
func caption(d *report.Data, extra string, notes ...string) string {
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
	lines := []string{
		line("cpu", "goos", "goarch", "go", "commit"),
		strings.TrimLeft(line("host", "date")+"   "+extra, " "),
		fmt.Sprintf("medians of %s; error bars: %.0f%% confidence intervals; files: %s",
			samplesText(d), report.Confidence*100, strings.Join(baseNames(d.Files), ", ")),
	}
	return strings.Join(append(lines, notes...), "\n")
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
