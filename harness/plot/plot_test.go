package plot_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func load(t *testing.T) *report.Data {
	t.Helper()
	d, err := report.Load(filepath.Join("testdata", "sweep.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRender(t *testing.T) {
	d := load(t)
	charts, err := plot.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	names := chartNames(charts)
	want := []string{"nsitem-work0", "nsitem-work100", "scaling-work0", "scaling-work100",
		"overhead-work0", "speedup-work0", "speedup-work100"}
	if !slices.Equal(names, want) {
		t.Fatalf("charts = %v, want %v", names, want)
	}
	for _, c := range charts {
		t.Run(c.Name, func(t *testing.T) {
			img, err := png.Decode(bytes.NewReader(c.PNG))
			if err != nil {
				t.Fatalf("decode PNG: %v", err)
			}
			// Twice the pixels of the SVG's size at the usual 96 dpi.
			wantW, wantH := int(2*plot.Width/vg.Inch*96), int(2*plot.Height/vg.Inch*96)
			if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
				t.Errorf("PNG is %dx%d, want %dx%d (2x resolution)", b.Dx(), b.Dy(), wantW, wantH)
			}
			if f := inkFraction(img); f < 0.02 {
				t.Errorf("PNG is nearly blank: %.3f of pixels are not white", f)
			}
			svg := string(c.SVG)
			if !strings.Contains(svg, "<svg") {
				t.Fatalf("SVG has no <svg> element")
			}
			for _, s := range d.Strategies {
				if s == report.Baseline && !strings.HasPrefix(c.Name, "nsitem") && !strings.HasPrefix(c.Name, "overhead") {
					continue // speedup charts draw sequential as the y=1 reference
				}
				if !strings.Contains(svg, ">"+s+"<") {
					t.Errorf("SVG does not name strategy %q", s)
				}
			}
			for _, text := range []string{c.Title, "cpu: Intel(R) Xeon(R) CPU @ 2.20GHz", "95% confidence intervals"} {
				if !strings.Contains(svg, xmlEscape(text)) {
					t.Errorf("SVG lacks %q", text)
				}
			}
			// The text alternative: a <title> and a <desc> that give the
			// numbers in words, first in the root element.
			alt := "<title>" + xmlEscape(c.Title) + "</title>\n<desc>" + xmlEscape(c.Desc) + "</desc>"
			if _, after, _ := strings.Cut(svg, "<svg role=\"img\""); !strings.HasPrefix(after[strings.Index(after, ">")+1:], "\n"+alt) {
				t.Errorf("SVG does not start with role=img, <title> and <desc>:\n%.600s", svg)
			}
			for _, s := range d.Strategies {
				if !strings.Contains(c.Desc, s+" ") && !report.IsBaseline(s) {
					t.Errorf("desc %q does not name %s", c.Desc, s)
				}
			}
			// One notation per axis: 10, 100, 1k, …, 1M and 1 ns, 10 ns,
			// never 100000 beside 1e+06.
			if m := regexp.MustCompile(`>[0-9.]+e[+-]?[0-9]+<|>[0-9]{5,}<`).FindString(svg); m != "" {
				t.Errorf("SVG has a tick label %s; want 1k, 10k, 1M", m)
			}
		})
	}
	// One chart is compared as SVG text, so unintended changes show up in
	// review; regenerate with go test -update.
	for _, c := range charts {
		if c.Name == "speedup-work100" {
			golden(t, c.Name+".svg", c.SVG)
		}
	}
}

// TestFiguresPanels: each figure for the HTML report carries its panels
// as standalone SVGs, one per panel of the chart, each with role=img, a
// <title> naming the chart and the panel and a <desc>, and every strategy
// of the chart named in some panel's legend; and its caption, which the
// page shows under them.
func TestFiguresPanels(t *testing.T) {
	d, err := report.Load(filepath.Join("testdata", "sweep.txt"))
	if err != nil {
		t.Fatal(err)
	}
	figs, err := plot.Figures(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		t.Run(f.Name, func(t *testing.T) {
			if len(f.Panels) == 0 {
				t.Fatal("no panels")
			}
			if !strings.Contains(f.Caption, "95% confidence intervals") {
				t.Errorf("caption %q lacks the error bars' meaning", f.Caption)
			}
			all := ""
			for i, p := range f.Panels {
				svg := string(p)
				if !strings.Contains(svg, `<svg role="img"`) || !strings.Contains(svg, "<title>"+xmlEscape(f.Title)) || !strings.Contains(svg, "<desc>") {
					t.Errorf("panel %d has no role=img, <title> with the chart's title, or <desc>:\n%.400s", i+1, svg)
				}
				if strings.Count(svg, "<svg") != 1 {
					t.Errorf("panel %d is not one SVG document", i+1)
				}
				all += svg
			}
			if n := strings.Count(string(f.SVG), ">n (items)<") + strings.Count(string(f.SVG), ">procs<"); n > 0 && n != len(f.Panels) {
				t.Errorf("%d panels, the chart has %d x axes", len(f.Panels), n)
			}
			for _, s := range d.Strategies {
				if strings.Contains(string(f.SVG), ">"+s+"<") && !strings.Contains(all, ">"+s+"<") {
					t.Errorf("the chart names %s, its panels do not", s)
				}
			}
		})
	}
}

func TestRenderNoBaseline(t *testing.T) {
	in := "BenchmarkMap/strategy=errgroup/n=100/work=0-2 1 500 ns/op\n" +
		"BenchmarkMap/strategy=errgroup/n=1000/work=0-2 1 3000 ns/op\n"
	d, err := report.Read(strings.NewReader(in), "nobase.txt")
	if err != nil {
		t.Fatal(err)
	}
	figs, err := plot.Figures(d) // the same charts as Render, as SVG only
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	// Without sequential there is no speedup to draw; with one procs value
	// there is no scaling to draw.
	if want := []string{"nsitem-work0", "overhead-work0"}; !slices.Equal(names, want) {
		t.Errorf("charts = %v, want %v", names, want)
	}
}

// TestRenderWaits: each wait gets charts of its own, named after it, and
// the per-item overhead chart is drawn for the kernel without a wait only.
func TestRenderWaits(t *testing.T) {
	d, err := report.Load(filepath.Join("..", "report", "testdata", "waits.txt"))
	if err != nil {
		t.Fatal(err)
	}
	charts, err := plot.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"nsitem-work0", "nsitem-work0-wait1ms", "overhead-work0", "speedup-work0", "speedup-work0-wait1ms"}
	if names := chartNames(charts); !slices.Equal(names, want) {
		t.Fatalf("charts = %v, want %v", names, want)
	}
	for _, c := range charts {
		waits := strings.Contains(c.Name, "wait1ms")
		if strings.Contains(c.Title, "wait=1ms") != waits || strings.Contains(string(c.SVG), "wait=1ms") != waits {
			t.Errorf("%s: title %q; want wait=1ms in title and caption exactly when the chart is of the waits", c.Name, c.Title)
		}
	}
}

// chartNames lists the charts' names in order.
func chartNames(charts []plot.Chart) []string {
	var names []string
	for _, c := range charts {
		names = append(names, c.Name)
	}
	return names
}

// inkFraction returns the fraction of pixels, sampled on a 3-pixel grid,
// that are not white.
func inkFraction(img image.Image) float64 {
	b := img.Bounds()
	ink, all := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
			all++
		}
	}
	return float64(ink) / float64(all)
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; run go test -update after checking the chart", name, path)
	}
}

// Render draws the charts in memory, as SVG and PNG files' contents.
func ExampleRender() {
	d, err := report.Load("testdata/gotest.txt")
	if err != nil {
		panic(err)
	}
	charts, err := plot.Render(d)
	if err != nil {
		panic(err)
	}
	for _, c := range charts {
		fmt.Printf("%s: %q, SVG %v, PNG %v\n", c.Name, c.Title,
			bytes.HasPrefix(c.SVG, []byte("<?xml")), bytes.HasPrefix(c.PNG, []byte("\x89PNG")))
	}
	// Output:
	// nsitem-work100: "Time per item vs n, work=100, procs=2 (log-log; lower is faster)", SVG true, PNG true
	// speedup-work100: "Speedup vs n, work=100, procs=2 (above 1× pays off; rings: break-even n)", SVG true, PNG true
}

// TestRenderTinyAndSingle: a log axis with one value at or below 1 (a
// median under 1 ns/item, or n = 1), or with no value at all, panicked in
// gonum; every such chart must now draw.
func TestRenderTinyAndSingle(t *testing.T) {
	tests := []struct{ name, in string }{
		{"one-value-below-1ns", "BenchmarkMap/strategy=sequential/n=100/work=0-2 1 0.5 ns/item\n"},
		{"one-value-1ns", "BenchmarkMap/strategy=sequential/n=100/work=0-2 1 1 ns/item\n"},
		{"smallest-float", "BenchmarkMap/strategy=sequential/n=100/work=0-2 1 5e-324 ns/item\n" +
			"BenchmarkMap/strategy=errgroup/n=100/work=0-2 1 5e-324 ns/item\n"},
		{"largest-float", "BenchmarkMap/strategy=sequential/n=100/work=0-2 1 1.7976931348623157e308 ns/item\n" +
			"BenchmarkMap/strategy=errgroup/n=100/work=0-2 1 1e-300 ns/item\n"},
		{"n-1", "BenchmarkMap/strategy=sequential/n=1/work=0-2 1 3 ns/item\n"},
		// work=5 has no case at the largest procs, so its ns/item chart
		// has no data.
		{"empty-chart", "BenchmarkMap/strategy=sequential/n=10/work=0-2 1 3 ns/item\n" +
			"BenchmarkMap/strategy=sequential/n=10/work=5-1 1 3 ns/item\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := report.Read(strings.NewReader(tt.in), tt.name+".txt")
			if err != nil {
				t.Fatal(err)
			}
			charts, err := plot.Render(d)
			if err != nil {
				t.Fatal(err)
			}
			if len(charts) == 0 {
				t.Fatal("no charts")
			}
			for _, c := range charts {
				if _, err := png.Decode(bytes.NewReader(c.PNG)); err != nil {
					t.Errorf("%s: %v", c.Name, err)
				}
			}
			if _, err := plot.Figures(d); err != nil {
				t.Errorf("Figures: %v", err)
			}
		})
	}
}
