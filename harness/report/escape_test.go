package report

import (
	"strings"
	"testing"
)

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"errgroup", "errgroup"},
		{"goroutine-per-item", "goroutine-per-item"}, // a - inside is harmless
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+cmd", "'+cmd"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-0x1p3", "'-0x1p3"}, // strconv reads it; no spreadsheet does
		{"-Infinity", "'-Infinity"},
		// Numbers stay numbers, whatever their sign.
		{"-1.5", "-1.5"},
		{"+2", "+2"},
		{"-1.5e+06", "-1.5e+06"},
		{"-Inf", "-Inf"},
		{"+Inf", "+Inf"},
		{"NaN", "NaN"},
		{"12", "12"},
	}
	for _, tt := range tests {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCells checks the escaping rules on any string: a CSV cell never
// starts a formula unless it is a number, and a Markdown cell never holds
// a line break or a | without its backslash; both keep the text.
func FuzzCells(f *testing.F) {
	for _, s := range []string{"=1+1", "-1.5", "a|b", `a\|b`, "\t=x", "+Inf", "x\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := csvCell(s)
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !isNumber(c) {
			t.Errorf("csvCell(%q) = %q starts a formula", s, c)
		}
		if c != s && c != "'"+s {
			t.Errorf("csvCell(%q) = %q changed the text", s, c)
		}
		m := mdCell(s)
		if strings.ContainsAny(m, "\n\r") {
			t.Errorf("mdCell(%q) = %q holds a line break", s, m)
		}
		// Every | must follow an odd run of backslashes.
		for i := range len(m) {
			if m[i] != '|' {
				continue
			}
			n := 0
			for j := i - 1; j >= 0 && m[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				t.Errorf("mdCell(%q) = %q has a bare | at %d", s, m, i)
			}
		}
	})
}
