package plot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/concbench/concbench/harness/report"
)

// style is one strategy's look, the same in every chart: a colour, a dash
// pattern and a glyph, so that colour is never the only cue.
type style struct {
	color  color.Color
	dashes []vg.Length
	glyph  draw.GlyphStyle
}

// Colours. Contenders cycle through six of Okabe and Ito's colour-blind-safe
// colours (their yellow is left out: it vanishes on white), so any six
// consecutive strategies, and so any panel, differ in colour. Baselines are
// black (Go's sequential) and grey (another language's, such as
// python-sequential); references and
// context are greys that no strategy uses.
var (
	okabeIto = []color.Color{
		color.RGBA{0xe6, 0x9f, 0x00, 0xff}, // orange
		color.RGBA{0x00, 0x72, 0xb2, 0xff}, // blue
		color.RGBA{0x00, 0x9e, 0x73, 0xff}, // bluish green
		color.RGBA{0xd5, 0x5e, 0x00, 0xff}, // vermillion
		color.RGBA{0x56, 0xb4, 0xe9, 0xff}, // sky blue
		color.RGBA{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	}
	black     = color.RGBA{0x00, 0x00, 0x00, 0xff}
	darkGrey  = color.RGBA{0x55, 0x55, 0x55, 0xff}
	refGrey   = color.RGBA{0x33, 0x33, 0x33, 0xff}
	lightGrey = color.RGBA{0xd4, 0xd4, 0xd4, 0xff}
	textGrey  = color.RGBA{0x44, 0x44, 0x44, 0xff}
)

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

// styles gives every strategy of d its style, in d.Strategies order.
func styles(d *report.Data) map[string]style {
	out := map[string]style{}
	contender := 0
	for i, s := range d.Strategies {
		var c color.Color
		switch {
		case s == report.Baseline:
			c = black
		case report.IsBaseline(s):
			c = darkGrey
		default:
			c = okabeIto[contender%len(okabeIto)]
			contender++
		}
		out[s] = style{
			color:  c,
			dashes: dashes[i%len(dashes)],
			glyph:  draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: glyphs[i%len(glyphs)]},
		}
	}
	return out
}

func (st style) line(l *plotter.Line) {
	l.Color = st.color
	l.Dashes = st.dashes
	l.Width = vg.Points(1.5)
}

// sans sets every text of p in Liberation Sans, which reads better than
// the default serif at small sizes.
func sans(p *plot.Plot) {
	for _, s := range []*plot.Axis{&p.X, &p.Y} {
		s.Label.TextStyle.Font.Variant = "Sans"
		s.Label.TextStyle.Font.Size = vg.Points(11)
		s.Tick.Label.Font.Variant = "Sans"
	}
	p.Title.TextStyle.Font.Variant = "Sans"
}
