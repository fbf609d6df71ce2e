package outfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.html")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("failing-write-keeps-old", func(t *testing.T) {
		boom := errors.New("boom")
		err := Write(path, func(f *os.File) error {
			f.WriteString("half of the new")
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Write = %v, want write's error", err)
		}
		if got, _ := os.ReadFile(path); string(got) != "old" {
			t.Errorf("file now %q, want old", got)
		}
		assertNoTemp(t, dir)
	})
	t.Run("replaces-keeping-mode", func(t *testing.T) {
		if err := WriteBytes(path, []byte("new")); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if got, _ := os.ReadFile(path); err != nil || string(got) != "new" || fi.Mode().Perm() != 0o600 {
			t.Errorf("file now %q, mode %v, %v; want new with mode 0600", got, fi.Mode(), err)
		}
		assertNoTemp(t, dir)
	})
	t.Run("new-file-0644", func(t *testing.T) {
		p := filepath.Join(dir, "new.txt")
		if err := WriteBytes(p, []byte("x")); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, %v; want 0644", fi.Mode(), err)
		}
	})
	t.Run("missing-dir", func(t *testing.T) {
		p := filepath.Join(dir, "no", "x.txt")
		err := WriteBytes(p, nil)
		if err == nil || err.Error() != "write "+p+": no such file or directory" {
			t.Errorf("Write = %v, want it to name %s and the reason", err, p)
		}
	})
	// The longest name a file system takes: the temporary file's name is
	// cut to fit, and CheckWritable agrees.
	t.Run("name-max", func(t *testing.T) {
		p := filepath.Join(dir, strings.Repeat("é", 120)+".txt") // 244 bytes
		if err := CheckWritable("-o", p); err != nil {
			t.Errorf("CheckWritable: %v", err)
		}
		if err := WriteBytes(p, []byte("x")); err != nil {
			t.Errorf("Write: %v", err)
		}
		assertNoTemp(t, dir)
	})
}

func TestSplitNumbered(t *testing.T) {
	tests := []struct{ path, dir, base, second string }{
		{"out.txt", ".", "out.txt", "out-2.txt"},
		{"../dir/./sub/../x.txt", "../dir/./sub/../", "x.txt", "../dir/./sub/../x-2.txt"},
		{"/abs/file", "/abs/", "file", "/abs/file-2"},
		{"a.d/noext", "a.d/", "noext", "a.d/noext-2"},
	}
	for _, tt := range tests {
		dir, base := Split(tt.path)
		if dir != tt.dir || base != tt.base || Numbered(tt.path, 2) != tt.second || Numbered(tt.path, 1) != tt.path {
			t.Errorf("%s: split %q %q, numbered %q; want %q %q %q", tt.path, dir, base, Numbered(tt.path, 2), tt.dir, tt.base, tt.second)
		}
	}
}

const samples = "goos: linux\nBenchmarkMap/strategy=sequential/n=100/work=0-2 10 500 ns/op 5 ns/item\n" +
	"BenchmarkMap/strategy=sequential/n=100/work=0-2 10 510 ns/op 5.1 ns/item\nBenchmarkMap/strategy=seq"

// TestRecover plays the files a killed concbench leaves: a temporary
// results file beside its empty claimed file is recovered into it, one
// beside a file with content or a claimed file still held is reported, one
// without results (a report's) is removed, and one still locked by a live
// writer is left alone.
func TestRecover(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 250) + ".txt"
	cut := "." + cutName(long, nameMax-1-len(TempInfix)-len(cutMark)-randMax) + TempInfix + cutMark + "6"
	files := map[string]string{
		"a.txt":                       "", // claimed, never filled
		".a.txt" + TempInfix + "1":    samples,
		"b.txt":                       "someone's\n",
		".b.txt" + TempInfix + "2":    samples,
		".r.html" + TempInfix + "3":   "<html>half a report",
		".live.txt" + TempInfix + "4": samples,
		".other.tmp-5":                samples, // not concbench's
		long:                          "",
		cut:                           samples,
		"held.txt":                    "", // claimed by a live run
		".held.txt" + TempInfix + "7": samples,
		".new.md" + TempInfix + "8":   "", // just created, not yet locked
		".old.md" + TempInfix + "9":   "", // left empty for long
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleEmpty)
	if err := os.Chtimes(filepath.Join(dir, ".old.md"+TempInfix+"9"), old, old); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".live.txt" + TempInfix + "4", "held.txt"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := lock(f, false); err != nil {
			t.Fatal(err)
		}
	}
	var log bytes.Buffer
	got := Recover(dir+"/", &log)
	want := "concbench: recovered 2 samples of a killed run into " + dir + "/a.txt\n" +
		"concbench: warning: " + dir + "/.b.txt" + TempInfix + "2 holds 2 samples of a killed run; rename it to keep them, or remove it\n" +
		"concbench: warning: " + dir + "/.held.txt" + TempInfix + "7 holds 2 samples of a killed run; rename it to keep them, or remove it\n" +
		"concbench: removed " + dir + "/.old.md" + TempInfix + "9, a temporary file left by a killed concbench\n" +
		"concbench: removed " + dir + "/.r.html" + TempInfix + "3, a temporary file left by a killed concbench\n" +
		"concbench: recovered 2 samples of a killed run into " + dir + "/" + long + "\n"
	if log.String() != want {
		t.Errorf("Recover said\n%s\nwant\n%s", log.String(), want)
	}
	if len(got) != 2 {
		t.Errorf("Recover returned %q, want the two recovered files", got)
	}
	for _, name := range []string{"a.txt", long} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || strings.Count(string(data), "\nBenchmark") != 2 || !strings.HasSuffix(string(data), "\n") {
			t.Errorf("%s holds %q, %v; want the two whole samples", name, data, err)
		}
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v, %v; want 0644", name, fi.Mode(), err)
		}
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got := strings.Join(left, " "); got != ".b.txt"+TempInfix+"2 .held.txt"+TempInfix+"7 .live.txt"+TempInfix+"4 .new.md"+TempInfix+"8 .other.tmp-5 a.txt b.txt held.txt "+long {
		t.Errorf("left %s", got)
	}
}

// TestRecoverWhileWriting runs writers and Recover in one directory at
// once, many times: Recover never removes or takes a live writer's file
// (before, it removed one between its creation and its lock, or between
// its close and its rename), so every write succeeds, and it never says
// it removed one.
func TestRecoverWhileWriting(t *testing.T) {
	dir := t.TempDir()
	for round := range 200 {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 4 {
			wg.Go(func() {
				p := filepath.Join(dir, fmt.Sprintf("r%d.txt", i))
				errs <- Write(p, func(f *os.File) error {
					_, err := io.WriteString(f, samples[:len(samples)-len("BenchmarkMap/strategy=seq")])
					return err
				})
			})
			wg.Go(func() {
				var log bytes.Buffer
				Recover(dir, &log)
				if log.Len() > 0 {
					errs <- errors.New(log.String())
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
	assertNoTemp(t, dir)
}

// TestClaim: a name is claimed once; an empty file a killed run claimed
// is taken over; -force claims a numbered name and, once complete,
// replaces the old file with its mode, unless a live run holds it; the
// samples Recover has just put into -o are not replaced, even with -force.
func TestClaim(t *testing.T) {
	t.Run("once", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "r.txt")
		a, err := Claim(Spec{Path: p}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Claim(Spec{Path: p}, io.Discard); !errors.As(err, new(*PathError)) {
			t.Errorf("second claim = %v, want a *PathError", err)
		}
		if got, err := a.Settle(false, false); got != p || Exists(p) || err != nil {
			t.Errorf("Settle(nothing kept) = %q, %v, exists %v; want the name given back", got, err, Exists(p))
		}
	})
	t.Run("empty-left-by-killed-run", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "r.txt")
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Claim(Spec{Path: p}, io.Discard)
		if err != nil || r.Path != p {
			t.Fatalf("Claim = %+v, %v; want the empty file taken over", r, err)
		}
		r.Settle(false, false)
	})
	t.Run("force-keeps-mode", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "r.txt")
		if err := os.WriteFile(p, []byte(samples), 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Claim(Spec{Path: p, Force: true}, io.Discard)
		if err != nil || r.Replace != p {
			t.Fatalf("Claim = %+v, %v", r, err)
		}
		if err := r.Write(func(f *os.File) error { _, err := f.WriteString("new\n"); return err }); err != nil {
			t.Fatal(err)
		}
		if got, err := r.Settle(true, true); got != p || err != nil {
			t.Fatalf("Settle = %q, %v", got, err)
		}
		fi, err := os.Stat(p)
		if data, _ := os.ReadFile(p); err != nil || string(data) != "new\n" || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s holds %q, mode %v; want new with mode 0600", p, data, fi.Mode())
		}
	})
	t.Run("force-over-live-run", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "r.txt")
		live, err := Claim(Spec{Path: p}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		defer live.Settle(false, false)
		r, err := Claim(Spec{Path: p, Force: true}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		r.Write(func(f *os.File) error { _, err := f.WriteString("new\n"); return err })
		got, err := r.Settle(true, true)
		if err == nil || !strings.Contains(err.Error(), "another concbench run is writing it") {
			t.Errorf("Settle = %q, %v; want a refusal", got, err)
		}
		if data, _ := os.ReadFile(r.Path); string(data) != "new\n" {
			t.Errorf("the new results: %q", data)
		}
	})
	t.Run("force-over-recovered", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "r.txt")
		os.WriteFile(p, nil, 0o644)
		os.WriteFile(filepath.Join(dir, ".r.txt"+TempInfix+"1"), []byte(samples), 0o644)
		var log bytes.Buffer
		_, err := Claim(Spec{Path: p, Force: true}, &log)
		if !errors.As(err, new(*PathError)) || !strings.Contains(err.Error(), "samples of a killed run, just recovered") {
			t.Errorf("Claim = %v, want a refusal", err)
		}
		if data, _ := os.ReadFile(p); strings.Count(string(data), "\nBenchmark") != 2 {
			t.Errorf("%s holds %q, want the recovered samples", p, data)
		}
	})
}

func TestHoldsResults(t *testing.T) {
	line := "BenchmarkMap/strategy=sequential/n=100/work=0-2 10 500 ns/op\n"
	utf16le := func(s string) string {
		var b []byte
		b = append(b, 0xFF, 0xFE)
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	utf16be := func(s string) string {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return string(b)
	}
	huge := "# note: " + strings.Repeat("x", 5<<20) + "\n"
	tests := []struct {
		name, data string
		want       bool
	}{
		{"results", "goos: linux\n" + line, true},
		{"report", "<html>Benchmark\n", false},
		{"benchmark-word", "Benchmark \nBenchmark\n", false},
		{"huge-first-line", huge + line, true},
		{"huge-line-starting-with-benchmark-space", "Benchmark " + huge, false},
		{"utf16le", utf16le("goos: linux\r\n" + line), true},
		{"utf16be", utf16be("é\n" + line), true},
		{"utf16-report", utf16le("hello\n"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f")
			if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := HoldsResults(p); got != tt.want {
				t.Errorf("HoldsResults = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzHoldsResults: a file holds results exactly when one of its lines
// does, in UTF-8 and in UTF-16.
func FuzzHoldsResults(f *testing.F) {
	f.Add("goos: linux\nBenchmarkX 1 2 ns/op\n")
	f.Add("Benchmark\nBenchmark x\n")
	f.Fuzz(func(t *testing.T, s string) {
		want := false
		for line := range strings.Lines(s) {
			want = want || isResultLine([]byte(line))
		}
		dir := t.TempDir()
		p := filepath.Join(dir, "f")
		os.WriteFile(p, []byte(s), 0o644)
		if len(s) >= 2 && (s[:2] == "\xff\xfe" || s[:2] == "\xfe\xff") {
			return // read as UTF-16
		}
		if got := HoldsResults(p); got != want {
			t.Errorf("HoldsResults(%q) = %v, want %v", s, got, want)
		}
	})
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	if m, _ := filepath.Glob(filepath.Join(dir, ".*"+TempInfix+"*")); len(m) > 0 {
		t.Errorf("temporary files left behind: %v", m)
	}
}
