package main

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	// Flags may follow the files, as in the manual: plot FILE... -o DIR.
	code, stdout, stderr := runCLI(t, context.Background(), "plot", reportFile("sweep.txt"), "-o", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	paths := strings.Fields(stdout)
	if len(paths) != 14 {
		t.Fatalf("printed %d paths, want 14 (7 charts, SVG and PNG):\n%s", len(paths), stdout)
	}
	for _, p := range paths {
		if filepath.Dir(p) != dir {
			t.Errorf("%s is not in %s", p, dir)
		}
		if strings.HasSuffix(p, ".png") {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			_, err = png.DecodeConfig(f)
			f.Close()
			if err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	}
}

func TestPlotBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no-files", []string{"plot", "-o", t.TempDir()}, "at least one benchmark file"},
		{"missing", []string{"plot", reportFile("nope.txt"), "-o", t.TempDir()}, "no such file"},
		{"syntax", []string{"plot", reportFile("syntax.txt"), "-o", t.TempDir()}, "syntax.txt:2: "},
		{"unknown-flag", []string{"plot", "-x"}, "concbench: plot: unknown flag -x (valid: -o)\n"},
		{"o-file", []string{"plot", reportFile("sweep.txt"), "-o", reportFile("sweep.txt")}, "-o testdata/report/sweep.txt: is a file, not a directory (want a directory for the charts)"},
		{"o-below-file", []string{"plot", reportFile("sweep.txt"), "-o", reportFile("sweep.txt") + "/sub"}, "-o testdata/report/sweep.txt/sub: cannot create the directory: mkdir testdata/report/sweep.txt: not a directory"},
		{"no-extension", []string{"plot", reportFile("noext")}, "plot: testdata/report/noext has no extension to drop for the chart directory's name (give the directory with -o DIR)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want %d and one line with %q", code, stderr, exitUsage, tt.want)
			}
			// The input is read by package report, but the user ran plot.
			if strings.Contains(stderr, "report:") {
				t.Errorf("stderr %q names report; the command was plot", stderr)
			}
		})
	}
}

func TestPlotHelp(t *testing.T) {
	code, stdout, stderr := runCLI(t, context.Background(), "plot", "-h")
	if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, "usage: concbench plot") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and the usage on stdout, as run -h", code, stdout, stderr)
	}
}

// TestPlotTinyValues: medians under 1 ns/item made gonum's log axis panic
// in plot and in report -format html.
func TestPlotTinyValues(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	if code, _, stderr := runCLI(t, context.Background(), "plot", "-o", dir, reportFile("tiny.txt")); code != exitOK {
		t.Errorf("plot: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, context.Background(), "report", "-format", "html", reportFile("tiny.txt")); code != exitOK {
		t.Errorf("report -format html: exit %d: %s", code, stderr)
	}
}
