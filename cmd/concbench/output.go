package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Every file concbench writes goes through writeAtomic, so that a reader
// (or a crash) never sees half of it, and every path the user names is
// checked before anything is measured or rendered. Paths are used as the
// user wrote them: the kernel resolves "../dir/./sub/../x.txt" through
// sub, which filepath.Clean would skip, so nothing here cleans a path.

// tempInfix marks concbench's temporary files: path's is
// .BASE.tmp-concbench-RANDOM in path's directory, so that cleanStale finds
// those a killed process left and nobody else's.
const tempInfix = ".tmp-concbench-"

// writeAtomic writes the file at path through a temporary file in the same
// directory, so that path only ever holds a whole file: write fills the
// temporary file, which is then given path's permissions (0644 for a new
// file), synced and renamed onto path. If write or any later step fails,
// the temporary file is removed, path is as it was, and the error is
// returned (write's as it is). The temporary file is locked while it is
// written, so that cleanStale can tell it from one a killed process left.
func writeAtomic(path string, write func(f *os.File) error) (err error) {
	dir, base := splitPath(path)
	mode := fs.FileMode(0o644)
	if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+base+tempInfix+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, pathErr(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := lockFile(f); err != nil {
		return fmt.Errorf("write %s: lock: %w", path, err)
	}
	if err := write(f); err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return f.Chmod(mode) },
		f.Sync,
		f.Close,
		func() error { return os.Rename(f.Name(), path) },
	} {
		if err := step(); err != nil {
			return fmt.Errorf("write %s: %w", path, pathErr(err))
		}
	}
	return nil
}

// writeBytes is a write function for writeAtomic that writes data, with
// errors that name path rather than the temporary file.
func writeBytes(path string, data []byte) func(f *os.File) error {
	return func(f *os.File) error {
		if _, err := f.Write(data); err != nil {
			return fmt.Errorf("write %s: %w", path, pathErr(err))
		}
		return nil
	}
}

// splitPath splits path after its last separator, without cleaning it:
// the directory keeps its separator ("" becomes "."), so the kernel
// resolves it exactly as it resolves path.
func splitPath(path string) (dir, base string) {
	i := len(path) - 1
	for i >= 0 && !os.IsPathSeparator(path[i]) {
		i--
	}
	dir, base = path[:i+1], path[i+1:]
	if dir == "" {
		dir = "."
	}
	return dir, base
}

// showDir is dir as messages show it, without a trailing separator.
func showDir(dir string) string {
	if len(dir) > 1 && os.IsPathSeparator(dir[len(dir)-1]) {
		return dir[:len(dir)-1]
	}
	return dir
}

// inDir returns name in dir, as splitPath returned dir.
func inDir(dir, name string) string {
	switch {
	case dir == ".":
		return name
	case os.IsPathSeparator(dir[len(dir)-1]):
		return dir + name
	}
	return dir + string(os.PathSeparator) + name
}

// pathErr returns the reason inside a *fs.PathError or *os.LinkError
// (ENOSPC, EACCES, ...), whose own text would name a temporary file.
func pathErr(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// checkFile checks that path, given with flag, can be written as a regular
// file: it is one, or it is absent from an existing directory. Every
// problem is a usage error that says why. It reports whether path exists.
func checkFile(flag, path string) (exists bool, err error) {
	fi, err := os.Lstat(path)
	switch {
	case err == nil:
		if why := notRegular(fi); why != "" {
			return true, usageError("%s %s: %s", flag, path, why)
		}
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		dir, _ := splitPath(path)
		di, err := os.Stat(dir)
		if err == nil && !di.IsDir() {
			err = errors.New("not a directory")
		}
		if err != nil {
			return false, usageError("%s %s: cannot write in %s: %v (want a path in an existing, writable directory)", flag, path, showDir(dir), pathErr(err))
		}
		return false, nil
	}
	return false, usageError("%s %s: %v", flag, path, pathErr(err))
}

// notRegular says why concbench will not write over fi, or "" for a
// regular file. Writing "through" a symbolic link would replace the link,
// and a device or pipe would be replaced by a file (as root, /dev/full).
func notRegular(fi fs.FileInfo) string {
	m := fi.Mode()
	kind := "not a regular file"
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "is a directory (want a file path)"
	case m&fs.ModeSymlink != 0:
		return "is a symbolic link; concbench writes only regular files (give the path of the file it points to)"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a block device"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return "is " + kind + "; concbench writes only regular files"
}

// checkWritable checks that a file can be created beside path, by creating
// and removing one: a missing permission or a read-only file system is a
// usage error, found before anything is rendered.
func checkWritable(flag, path string) error {
	dir, base := splitPath(path)
	f, err := os.CreateTemp(dir, "."+base+tempInfix+"*")
	if err != nil {
		return usageError("%s %s: cannot write in %s: %v (want a path in an existing, writable directory)", flag, path, showDir(dir), pathErr(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// checkNotInput refuses an output path that is one of the inputs, by any
// name (os.SameFile), so that report and plot never write over what they
// read.
func checkNotInput(flag, out string, inputs []string) error {
	oi, err := os.Stat(out)
	if err != nil {
		return nil
	}
	for _, in := range inputs {
		if ii, err := os.Stat(in); err == nil && os.SameFile(oi, ii) {
			return usageError("%s %s: is the input file %s; concbench does not write over its input (give another name)", flag, out, in)
		}
	}
	return nil
}

// holdsResults reports whether the file at path holds a benchmark result
// line: a results file, which concbench never replaces with a report.
func holdsResults(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if isResultLine(sc.Bytes()) {
			return true
		}
	}
	return false
}

// isResultLine reports whether line is a benchmark result line, as
// benchfmt reads one: "Benchmark" then a name character.
func isResultLine(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("Benchmark"))
	return ok && len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t'
}

// claim creates path exclusively, empty, so that no other run can take the
// name while this one measures: two runs onto one path cannot both claim
// it. writeAtomic later replaces the empty file with the results.
func claim(path string) (fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

// numbered returns path with "-k" before its extension, or path for k = 1:
// out.txt, out-2.txt, out-3.txt.
func numbered(path string, k int) string {
	if k == 1 {
		return path
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "-" + strconv.Itoa(k) + ext
}

// cleanStale deals with the temporary files that killed concbench
// processes left in dir (killed with SIGKILL, or by a power cut: any other
// way out removes them). One that holds benchmark results is renamed onto
// its results file if that file is missing or empty (the run claimed it
// and never filled it), and reported otherwise, so no sample is lost; one
// without results (from report or plot) is removed. It says what it did on
// w, one line a file. Files still being written are locked and left alone.
func cleanStale(dir string, w io.Writer) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		i := strings.LastIndex(name, tempInfix)
		if i < 1 || name[0] != '.' || !e.Type().IsRegular() {
			continue
		}
		tmp, target := inDir(dir, name), inDir(dir, name[1:i])
		if !unlocked(tmp) {
			continue
		}
		data, err := os.ReadFile(tmp)
		if err != nil {
			continue
		}
		data = data[:bytes.LastIndexByte(data, '\n')+1] // a killed write may leave half a line
		samples := 0
		for _, line := range bytes.Split(data, []byte("\n")) {
			if isResultLine(line) {
				samples++
			}
		}
		switch {
		case samples == 0:
			if os.Remove(tmp) == nil {
				fmt.Fprintf(w, "concbench: removed %s, a temporary file left by a killed concbench\n", tmp)
			}
		case emptyOrMissing(target) && recoverTemp(tmp, target, len(data)) == nil:
			fmt.Fprintf(w, "concbench: recovered %d samples of a killed run into %s\n", samples, target)
		default:
			fmt.Fprintf(w, "concbench: warning: %s holds %d samples of a killed run; rename it to keep them, or remove it\n", tmp, samples)
		}
	}
}

// exists reports whether anything is at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// emptyOrMissing reports whether path is absent or an empty regular file.
func emptyOrMissing(path string) bool {
	fi, err := os.Lstat(path)
	return errors.Is(err, fs.ErrNotExist) || err == nil && fi.Mode().IsRegular() && fi.Size() == 0
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
