package report_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness/plot"
	"github.com/concbench/concbench/harness/report"
)

// zeros reads as an endless stream of NUL bytes, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestReadUnusable: input that is no benchmark file is one clear
// *InputError with its line, found as soon as it shows: before, /dev/zero
// was read until the runtime ran out of memory, and a long line said
// "file:0: bufio.Scanner: token too long".
func TestReadUnusable(t *testing.T) {
	const ok = "BenchmarkMap/strategy=sequential/n=5/work=0-2 1 3 ns/item\n"
	tests := []struct {
		name string
		in   io.Reader
		want string
	}{
		{"dev-zero", zeros{}, "f.txt:1: NUL byte; a benchmark file is text"},
		{"long-line", strings.NewReader(ok + "# note: " + strings.Repeat("x", 5<<20) + "\n" + ok), "f.txt:2: line longer than 64 KiB"},
		{"utf16", strings.NewReader("\xff\xfeB\x00e\x00"), "f.txt: is UTF-16 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := report.Read(tt.in, "f.txt")
			if !errors.Is(err, report.ErrInput) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Read = %v, want an input error starting %q", err, tt.want)
			}
		})
	}
}

// FuzzReadLines: Read accepts exactly the lines benchfmt can read, and
// names the line it refuses.
func FuzzReadLines(f *testing.F) {
	f.Add(1, 65535, "BenchmarkMap/strategy=sequential/n=5/work=0-2 1 3 ns/item\n")
	f.Add(2, 65536, "BenchmarkMap/strategy=sequential/n=5/work=0-2 1 3 ns/item\r\n")
	f.Fuzz(func(t *testing.T, at, long int, rest string) {
		if at < 0 || at > 3 || long < 0 || long > 1<<17 || strings.ContainsRune(rest, 0) {
			return
		}
		lines := strings.SplitAfter(strings.Repeat(rest, 3), "\n")
		lines = append(lines[:min(at, len(lines))], append([]string{"#" + strings.Repeat("x", long) + "\n"}, lines[min(at, len(lines)):]...)...)
		in := strings.Join(lines, "")
		_, err := report.Read(strings.NewReader(in), "f.txt")
		if strings.HasPrefix(in, "\xff\xfe") || strings.HasPrefix(in, "\xfe\xff") {
			// A UTF-16 byte order mark is refused before any line is read.
			if err == nil || !strings.Contains(err.Error(), "UTF-16") {
				t.Errorf("Read of UTF-16 = %v, want the UTF-16 error", err)
			}
			return
		}
		br := benchfmt.NewReader(strings.NewReader(in), "f.txt")
		for br.Scan() {
		}
		tooLong := br.Err() != nil
		if got := err != nil && strings.Contains(err.Error(), "line longer than"); got != tooLong {
			t.Errorf("Read = %v; benchfmt: %v", err, br.Err())
		}
	})
}

// hostile is a results file whose names, notes and file name carry
// characters that act on a terminal or break XML.
const hostile = "goos: linux\n# note: \x1b]0;pwned\x07 \u202egnp.exe\x08\x00\n" +
	"BenchmarkMap/strategy=sequential/n=5/work=0-2 10 3 ns/item\n" +
	"BenchmarkMap/strategy=sequential/n=50/work=0-2 10 3 ns/item\n" +
	"BenchmarkMap/strategy=evil\x1b[2J\u202e\x01/n=5/work=0-2 10 2 ns/item\n" +
	"BenchmarkMap/strategy=evil\x1b[2J\u202e\x01/n=50/work=0-2 10 1 ns/item\n"

// TestCleanEverywhere: no control character, bidirectional override or
// NUL from a file reaches text or Markdown output, and every SVG chart
// stays valid XML.
func TestCleanEverywhere(t *testing.T) {
	in := strings.ReplaceAll(strings.Repeat(hostile, 1), "\x00", "")
	d, err := report.Read(strings.NewReader(in), "runs\x1b[31m\u202e.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []report.Format{report.Text, report.Markdown, report.CSV, report.JSON} {
		var b bytes.Buffer
		if err := report.Write(&b, d, report.Options{Format: f}); err != nil {
			t.Fatal(err)
		}
		if i := strings.IndexFunc(b.String(), func(r rune) bool {
			return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == 0x202e || r == utf8.RuneError
		}); i >= 0 {
			t.Errorf("%v output has %q at %d: %q", f, b.String()[i], i, b.String()[max(0, i-40):min(b.Len(), i+40)])
		}
		if f == report.Text && !strings.Contains(b.String(), `evil\x1b[2J\u202e\x01`) {
			t.Errorf("%v output does not show the escaped name", f)
		}
	}
	charts, err := plot.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		dec := xml.NewDecoder(bytes.NewReader(c.SVG))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s.svg is not valid XML: %v", c.Name, err)
				break
			}
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"errgroup", "errgroup"},
		{"naïve 日本", "naïve 日本"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"\x00\x08\n\r\t\x7f", `\x00\x08\x0a\x0d\x09\x7f`},
		{"\u202egnp\u2066\u200f", `\u202egnp\u2066\u200f`},
		{"\xff\xfe", `\xff\xfe`},
		{"\u0085\uffff", `\u0085\uffff`},
	}
	for _, tt := range tests {
		if got := report.Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzClean: Clean's output is valid UTF-8 without a control character,
// and Clean leaves such text as it is.
func FuzzClean(f *testing.F) {
	f.Add("a\x1b[2J\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		c := report.Clean(s)
		if !utf8.ValidString(c) || strings.ContainsFunc(c, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0x202e }) {
			t.Errorf("Clean(%q) = %q", s, c)
		}
		if report.Clean(c) != c {
			t.Errorf("Clean(Clean(%q)) changed it", s)
		}
	})
}
