package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean returns s with every character that could act on a terminal or
// break a document escaped, Go-style (\x1b, \u202e): control characters
// (ESC, NUL, backspace, newlines), the bidirectional overrides and
// isolates that reorder a line, the line and paragraph separators,
// U+FFFE and U+FFFF, which XML forbids, and bytes that are not UTF-8. Load
// cleans every name, note and file name it reads, so that no format (text
// or Markdown on a terminal, an SVG chart, HTML, CSV, JSON) carries them
// raw. Other text is returned as it is.
func Clean(s string) string {
	if !strings.ContainsFunc(s, unsafe) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafe(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// unsafe reports whether Clean escapes r.
func unsafe(r rune) bool {
	switch {
	case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F, r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
