package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// PathError is a path the user gave that concbench will not or cannot
// write: a directory, a symbolic link, a device, a missing or read-only
// directory, an input file, a results file. Commands report it as bad
// usage (exit 2), found before anything is measured or rendered.
type PathError struct {
	// Flag names where the path came from: "-o", or "chart directory
	// results/x:".
	Flag string
	// Path is the path as the user gave it.
	Path string
	// Err says why, in words for the user.
	Err error
}

// Error returns "flag path: why".
func (e *PathError) Error() string { return e.Flag + " " + e.Path + ": " + e.Err.Error() }

// Unwrap returns why.
func (e *PathError) Unwrap() error { return e.Err }

func pathError(flag, path, format string, args ...any) error {
	return &PathError{Flag: flag, Path: path, Err: fmt.Errorf(format, args...)}
}

// Split splits path after its last separator, without cleaning it: the
// directory keeps its separator ("" becomes "."), so the kernel resolves it
// exactly as it resolves path.
func Split(path string) (dir, base string) {
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

// Join returns name in dir, as Split returned dir.
func Join(dir, name string) string {
	switch {
	case dir == ".":
		return name
	case os.IsPathSeparator(dir[len(dir)-1]):
		return dir + name
	}
	return dir + string(os.PathSeparator) + name
}

// showDir is dir as messages show it, without a trailing separator.
func showDir(dir string) string {
	if len(dir) > 1 && os.IsPathSeparator(dir[len(dir)-1]) {
		return dir[:len(dir)-1]
	}
	return dir
}

// Numbered returns path with "-k" before its extension, or path for k = 1:
// out.txt, out-2.txt, out-3.txt.
func Numbered(path string, k int) string {
	if k == 1 {
		return path
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "-" + strconv.Itoa(k) + ext
}

// Exists reports whether anything is at path.
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// Reason returns the reason inside a *fs.PathError or *os.LinkError
// (ENOSPC, EACCES, ...), whose own text would name a temporary file, for
// an error message that names the file the user gave instead.
func Reason(err error) error {
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

// Check checks that path, given with flag, can be written as a regular
// file: it is one, or it is absent from an existing directory. Every
// problem is a *PathError that says why. It reports whether path exists.
func Check(flag, path string) (exists bool, err error) {
	if path == "" {
		return false, &PathError{Flag: flag, Path: "''", Err: errors.New("empty file name (want a path)")}
	}
	fi, err := os.Lstat(path)
	switch {
	case err == nil:
		if why := notRegular(fi); why != "" {
			return true, pathError(flag, path, "%s", why)
		}
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		dir, _ := Split(path)
		di, err := os.Stat(dir)
		if err == nil && !di.IsDir() {
			err = errors.New("not a directory")
		}
		if err != nil {
			return false, cannotWrite(flag, path, err)
		}
		return false, nil
	}
	return false, pathError(flag, path, "%v", Reason(err))
}

// cannotWrite is the *PathError of a path whose directory cannot take it.
func cannotWrite(flag, path string, err error) error {
	dir, _ := Split(path)
	return pathError(flag, path, "cannot write in %s: %v (want a path in an existing, writable directory)", showDir(dir), Reason(err))
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

// CheckWritable checks that a file can be created beside path, by
// creating and removing a temporary file as Write would: a missing
// permission, a read-only file system or a name too long is a *PathError,
// found before anything is rendered.
func CheckWritable(flag, path string) error {
	dir, base := Split(path)
	f, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return cannotWrite(flag, path, err)
	}
	os.Remove(f.Name())
	f.Close()
	return nil
}

// CheckNotInput refuses an output path that is one of the inputs, by any
// name (os.SameFile), so that report and plot never write over what they
// read.
func CheckNotInput(flag, out string, inputs []string) error {
	oi, err := os.Stat(out)
	if err != nil {
		return nil
	}
	for _, in := range inputs {
		if ii, err := os.Stat(in); err == nil && os.SameFile(oi, ii) {
			return pathError(flag, out, "is the input file %s; concbench does not write over its input (give another name)", in)
		}
	}
	return nil
}
