package outfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// staleEmpty is how long an empty temporary file must have been left
// before Recover takes it for a killed writer's.
const staleEmpty = time.Minute

// Recover deals with the temporary files that killed concbench processes
// left in dir (killed with SIGKILL, or by a power cut: any other way out
// removes them), and returns the files it recovered samples into. A
// temporary file is stale when nobody holds its lock; Recover holds that
// lock while it acts, so that a live writer's file is never touched. One
// that holds benchmark results is renamed onto its results file if that
// file is missing or is an empty file nobody holds (a run claimed it and
// never filled it), and reported otherwise, so no sample is lost; one
// without results (from report or plot, or a run killed before its first
// sample) is removed, if empty only once it has been for a minute (a live
// writer's file is empty and unlocked between its creation and its lock). It says what it did on log, one line a file.
func Recover(dir string, log io.Writer) (recovered []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if _, _, ok := tempTarget(e.Name()); !ok || !e.Type().IsRegular() {
			continue
		}
		if target := recoverOne(dir, e.Name(), entries, log); target != "" {
			recovered = append(recovered, target)
		}
	}
	return recovered
}

// recoverOne deals with the temporary file name in dir, whose entries
// are given, and returns the file it recovered samples into, or "".
func recoverOne(dir, name string, entries []os.DirEntry, log io.Writer) string {
	tmp := Join(dir, name)
	f, err := os.Open(tmp)
	if err != nil {
		return ""
	}
	defer f.Close()
	if lock(f, false) != nil || !same(f, tmp) {
		return "" // a live writer's, or gone since
	}
	// Write creates its file and then locks it: an empty, unlocked file
	// may be a live writer's between the two, for microseconds. Only one
	// that has stayed empty for a minute is a killed writer's.
	if fi, err := f.Stat(); err != nil || fi.Size() == 0 && time.Since(fi.ModTime()) < staleEmpty {
		return ""
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return ""
	}
	data = data[:bytes.LastIndexByte(data, '\n')+1] // a killed write may leave half a line
	samples := 0
	for line := range bytes.Lines(data) {
		if isResultLine(line) {
			samples++
		}
	}
	if samples == 0 {
		if os.Remove(tmp) == nil {
			fmt.Fprintf(log, "concbench: removed %s, a temporary file left by a killed concbench\n", tmp)
		}
		return ""
	}
	target := targetOf(dir, name, entries)
	if target != "" {
		if t, ok := takeEmpty(target); ok {
			defer t.Close()
			if recoverTemp(tmp, target, len(data)) == nil {
				fmt.Fprintf(log, "concbench: recovered %d samples of a killed run into %s\n", samples, target)
				return target
			}
		}
	}
	fmt.Fprintf(log, "concbench: warning: %s holds %d samples of a killed run; rename it to keep them, or remove it\n", tmp, samples)
	return ""
}

// targetOf returns the path of the file the temporary file name in dir
// was for. When its name was cut, that is the only file of entries whose
// name starts with the cut name and is empty (the run claimed it), or ""
// when there is not exactly one.
func targetOf(dir, name string, entries []os.DirEntry) string {
	base, whole, _ := tempTarget(name)
	if whole {
		return Join(dir, base)
	}
	found := ""
	for _, e := range entries {
		n := e.Name()
		if _, _, temp := tempTarget(n); temp || !strings.HasPrefix(n, base) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err != nil || fi.Size() != 0 {
			continue
		}
		if found != "" {
			return ""
		}
		found = Join(dir, n)
	}
	return found
}

// takeEmpty returns path, open and locked, when it is missing (then nil,
// true) or an empty regular file that no process holds: a name that a
// killed run claimed and never filled.
func takeEmpty(path string) (*os.File, bool) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, !Exists(path)
	}
	if err != nil {
		return nil, false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != 0 || lock(f, false) != nil || !same(f, path) {
		f.Close()
		return nil, false
	}
	if fi, err := f.Stat(); err != nil || fi.Size() != 0 {
		f.Close()
		return nil, false
	}
	return f, true
}

// recoverTemp cuts the temporary file tmp to size bytes (whole lines) and
// renames it onto target with a results file's permissions.
func recoverTemp(tmp, target string, size int) error {
	if err := os.Truncate(tmp, int64(size)); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, target)
}
