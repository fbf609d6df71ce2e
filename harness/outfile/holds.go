package outfile

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
)

// HoldsResults reports whether the file at path holds a benchmark result
// line: a results file, which concbench never replaces with a report. It
// reads the whole file, however long its lines, and reads UTF-16 text (as
// PowerShell's > writes it, with a byte order mark) as well as UTF-8.
func HoldsResults(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	if bom, err := r.Peek(2); err == nil {
		switch {
		case bom[0] == 0xFF && bom[1] == 0xFE:
			r = bufio.NewReader(&utf16ASCII{r: r, little: true})
		case bom[0] == 0xFE && bom[1] == 0xFF:
			r = bufio.NewReader(&utf16ASCII{r: r})
		}
	}
	return hasResultLine(r)
}

// hasResultLine reports whether r has a result line, looking at the start
// of each line only, so that a line of any length is read in pieces.
func hasResultLine(r *bufio.Reader) bool {
	start := true
	for {
		chunk, err := r.ReadSlice('\n')
		if start && isResultLine(chunk) {
			return true
		}
		start = err == nil // a full buffer is the middle of a line
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			// A start shorter than "Benchmark" and a name character
			// cannot be split by a 64 KiB buffer.
		case err != nil:
			return false
		}
	}
}

// isResultLine reports whether line is a benchmark result line, as
// benchfmt reads one: "Benchmark" then a name character.
func isResultLine(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("Benchmark"))
	return ok && len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\n' && rest[0] != '\r'
}

// utf16ASCII reads UTF-16 text as ASCII: each code unit below 0x80 as its
// byte, every other as 0x80, which is enough to find result lines. It
// skips the byte order mark.
type utf16ASCII struct {
	r      io.Reader
	little bool
	buf    [4096]byte
	odd    []byte // a code unit's first byte, read without its second
}

func (u *utf16ASCII) Read(p []byte) (int, error) {
	in := u.buf[:copy(u.buf[:], u.odd)]
	m, err := u.r.Read(u.buf[len(in):min(len(u.buf), len(in)+2*len(p))])
	in = u.buf[:len(in)+m]
	n := 0
	for len(in) >= 2 {
		unit := uint16(in[0])<<8 | uint16(in[1])
		if u.little {
			unit = uint16(in[1])<<8 | uint16(in[0])
		}
		in = in[2:]
		switch {
		case unit == 0xFEFF:
			continue
		case unit < 0x80:
			p[n] = byte(unit)
		default:
			p[n] = 0x80
		}
		n++
	}
	u.odd = append(u.odd[:0], in...)
	if n == 0 && err == nil {
		return u.Read(p)
	}
	return n, err
}
