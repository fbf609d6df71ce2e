package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"
)

// TempInfix marks concbench's temporary files: the one for path is
// .BASE.tmp-concbench-RANDOM in path's directory, so that Recover finds
// those a killed process left and nobody else's. When that name would be
// longer than a file name may be, BASE is cut and RANDOM starts with
// "cut-".
const TempInfix = ".tmp-concbench-"

// cutMark starts RANDOM in the name of a temporary file whose BASE was cut.
const cutMark = "cut-"

// nameMax is the longest file name most file systems take (NAME_MAX), and
// randMax the longest RANDOM os.CreateTemp puts in one.
const (
	nameMax = 255
	randMax = 10
)

var (
	errLocked = errors.New("outfile: locked by another process")
	errNoLock = errors.New("outfile: file locks are not supported here")
)

// Write writes the file at path through a temporary file in the same
// directory, so that path only ever holds a whole file: write fills the
// temporary file, which is then given path's permissions (0644 for a new
// file), synced and renamed onto path. If write or any later step fails,
// the temporary file is removed, path is as it was, and the error is
// returned (write's as it is). The temporary file is locked from before it
// is filled until after it is renamed, so that Recover in another process
// never takes it for one a killed process left.
func Write(path string, write func(f *os.File) error) (err error) {
	dir, base := Split(path)
	mode := fs.FileMode(0o644)
	if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	f, err := createTemp(dir, base)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, Reason(err))
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name()) // still locked: no Recover touches it
			f.Close()
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return f.Chmod(mode) },
		f.Sync,
		func() error { return os.Rename(f.Name(), path) },
		f.Close,
	} {
		if err := step(); err != nil {
			return fmt.Errorf("write %s: %w", path, Reason(err))
		}
	}
	return nil
}

// WriteBytes writes data to the file at path through Write.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(f *os.File) error {
		if _, err := f.Write(data); err != nil {
			return fmt.Errorf("write %s: %w", path, Reason(err))
		}
		return nil
	})
}

// createTemp creates and locks a temporary file for base in dir. Another
// process's Recover may remove a file between its creation and its lock,
// when it is empty and unlocked: then the file is made again.
func createTemp(dir, base string) (*os.File, error) {
	for range 100 {
		f, err := os.CreateTemp(dir, tempPattern(base))
		if err != nil {
			return nil, err
		}
		if err := lock(f, true); err != nil && err != errNoLock {
			os.Remove(f.Name())
			f.Close()
			return nil, err
		}
		if same(f, f.Name()) {
			return f, nil
		}
		f.Close()
	}
	return nil, errors.New("temporary files removed as soon as made")
}

// tempPattern is os.CreateTemp's pattern for the temporary file of base,
// cut so that the name fits in nameMax bytes.
func tempPattern(base string) string {
	if 1+len(base)+len(TempInfix)+randMax <= nameMax {
		return "." + base + TempInfix + "*"
	}
	return "." + cutName(base, nameMax-1-len(TempInfix)-len(cutMark)-randMax) + TempInfix + cutMark + "*"
}

// cutName returns the longest start of s of at most n bytes that ends on a
// character boundary.
func cutName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// tempTarget returns the base name a temporary file is for, and whether it
// is whole: a cut base is only its start.
func tempTarget(name string) (base string, whole, ok bool) {
	i := strings.LastIndex(name, TempInfix)
	if i < 1 || name[0] != '.' {
		return "", false, false
	}
	rand := name[i+len(TempInfix):]
	whole = !strings.HasPrefix(rand, cutMark)
	return name[1:i], whole, true
}

// same reports whether path still names the file f has open.
func same(f *os.File, path string) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	pi, err := os.Lstat(path)
	return err == nil && os.SameFile(fi, pi)
}
