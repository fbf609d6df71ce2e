package report_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// FuzzRead checks that no input makes Read, Write or the charts panic: Read
// either fails with ErrInput or returns data that every format can write,
// the HTML page with its charts inline, and that plot draws as SVG and PNG.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"gotest.txt", "few.txt", "syntax.txt", "units.txt", "noname.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("BenchmarkMap/strategy=sequential/n=0/work=-1-0 1 0 ns/op\n")
	f.Add("BenchmarkMap/strategy=sequential/n=5/workers=x 1 1 ns/op\n")
	f.Add("BenchmarkMap/strategy=sequential/n=5 1 NaN ns/op\nBenchmarkMap/strategy=x/n=5 1 0 ns/item\n")
	f.Add("BenchmarkMap/strategy=sequential/n=5/work=0-2 1 0 ns/op\nBenchmarkMap/strategy=errgroup/n=5/work=0-2 1 0 ns/op\n")
	// Under 1 ns/item and n = 1: gonum's log axes panicked on both.
	f.Add("BenchmarkMap/strategy=sequential/n=1/work=0-2 1 0.5 ns/item\n")
	f.Add("BenchmarkMap/strategy==HYPERLINK(\"x\")/n=5/work=0-2 1 3 ns/item\nBenchmarkMap/strategy=a|b/n=5/work=0-2 1 3 ns/item\n")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := report.Read(strings.NewReader(in), "fuzz.txt")
		if err != nil {
			if !errors.Is(err, report.ErrInput) {
				t.Fatalf("Read: %v does not wrap ErrInput", err)
			}
			return
		}
		for _, f := range []report.Format{report.Text, report.Markdown, report.CSV, report.HTML} {
			if err := report.Write(io.Discard, d, report.Options{Format: f}); err != nil {
				t.Fatalf("Write %v: %v", f, err)
			}
		}
		if err := report.Write(io.Discard, d, report.Options{Base: d}); err != nil {
			t.Fatalf("Write A/B: %v", err)
		}
		// What report accepts, plot must draw (or refuse) without panicking,
		// as files and inline in the HTML page.
		if _, err := plot.Render(d); err != nil && !errors.Is(err, report.ErrInput) && !strings.HasPrefix(err.Error(), "plot: ") {
			t.Fatalf("Render: %v", err)
		}
		figs, err := plot.Figures(d)
		if err != nil {
			t.Fatalf("Figures: %v", err)
		}
		if err := report.Write(io.Discard, d, report.Options{Format: report.HTML, Figures: figs}); err != nil {
			t.Fatalf("Write HTML with charts: %v", err)
		}
	})
}
