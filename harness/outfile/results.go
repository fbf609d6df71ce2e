package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Spec says where a run's results go, as the command line says it.
type Spec struct {
	// Path is the results file: the -o flag's value, or the default name.
	Path string
	// Numbered: Path is the default name, and a taken name gets the next
	// number (Numbered); its directory is created if needed.
	Numbered bool
	// Force: a complete run replaces an existing file at Path (-force).
	Force bool
	// Taken, if set, reports whether a numbered name that is free must
	// be skipped all the same: its chart directory exists.
	Taken func(path string) bool
}

// Results is a results file a run has claimed: created empty and
// exclusively (or, empty and left by a killed run, taken over), and locked
// until Settle, so that no other run takes its name and no -force run
// replaces it while it is being measured.
type Results struct {
	// Path is the claimed file, which the run writes through Write.
	Path string
	// Replace is, with Spec.Force, the existing file a complete run
	// replaces; Path is then a free numbered name beside it.
	Replace string
	claim   *os.File // open and locked until Settle
}

// Claim claims the results file s names, after Recover has dealt with
// what killed runs left in its directory (saying so on log):
//
//   - the default name: the first of NAME.txt, NAME-2.txt, ... that is free
//     (or empty, left by a killed run) and not Taken;
//   - -o FILE: FILE if it is free (or empty, left by a killed run); if it
//     holds anything, an error, or with Force a free FILE-2.txt, ... that a
//     complete run is renamed onto FILE from (see Settle).
//
// Every problem is a *PathError: a path that is not a regular file, a
// directory that is missing or not writable, an existing file without
// Force, or one that Recover has just filled with a killed run's samples,
// which even Force does not replace unseen.
func Claim(s Spec, log io.Writer) (*Results, error) {
	dir, _ := Split(s.Path)
	if s.Numbered {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, pathError("-o", s.Path, "cannot create %s: %v", showDir(dir), Reason(err))
		}
	} else if _, err := Check("-o", s.Path); err != nil {
		return nil, err
	}
	recovered := Recover(dir, log)
	if s.Numbered {
		return claimFree(s.Path, 1, s.Taken)
	}
	if f, err := claim(s.Path); err == nil {
		return &Results{Path: s.Path, claim: f}, nil
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, cannotWrite("-o", s.Path, err)
	}
	for _, p := range recovered {
		if sameName(p, s.Path) {
			return nil, pathError("-o", s.Path, "now holds the samples of a killed run, just recovered; concbench does not replace them unseen, even with -force (look at them, then run again)")
		}
	}
	if !s.Force {
		return nil, pathError("-o", s.Path, "exists; concbench does not replace results (give a new name, or -force to replace it once the run completes)")
	}
	r, err := claimFree(s.Path, 2, nil)
	if err != nil {
		return nil, err
	}
	r.Replace = s.Path
	return r, nil
}

// claimFree claims the first free name Numbered(path, k) from k = from on
// that is not taken.
func claimFree(path string, from int, taken func(string) bool) (*Results, error) {
	for k := from; k < from+1000; k++ {
		p := Numbered(path, k)
		if taken != nil && taken(p) {
			continue
		}
		f, err := claim(p)
		switch {
		case err == nil:
			return &Results{Path: p, claim: f}, nil
		case !errors.Is(err, fs.ErrExist):
			return nil, cannotWrite("-o", p, err)
		}
	}
	return nil, pathError("-o", path, "no free name from %s on; remove some old runs", Numbered(path, from))
}

// claim creates path exclusively, empty, and locks it; an existing empty
// file that no process holds, which a killed run claimed, is taken over.
func claim(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	switch {
	case errors.Is(err, fs.ErrExist):
		if f, ok := takeEmpty(path); ok && f != nil {
			return f, nil
		}
		return nil, err
	case err != nil:
		return nil, err
	}
	if err := lock(f, false); err != nil && err != errNoLock {
		f.Close()
		return nil, err
	}
	return f, nil
}

// sameName reports whether a and b name one file.
func sameName(a, b string) bool {
	ai, err1 := os.Stat(a)
	bi, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ai, bi)
}

// Write writes the results through the package's Write, onto Path.
func (r *Results) Write(write func(f *os.File) error) error {
	return Write(r.Path, write)
}

// Settle ends the claim once measuring is over, and returns where the
// samples are. When nothing was kept, the claimed file is removed, so the
// name is free again. With Replace, the file of a run that is complete
// replaces the old file, with the old file's permissions, unless another
// run holds the old file: then the samples stay at Path, and the error
// says so.
func (r *Results) Settle(kept, complete bool) (string, error) {
	defer r.claim.Close()
	if !kept {
		if same(r.claim, r.Path) {
			if fi, err := r.claim.Stat(); err == nil && fi.Size() == 0 {
				os.Remove(r.Path)
			}
		}
		return r.Path, nil
	}
	if r.Replace == "" || !complete {
		return r.Path, nil
	}
	if err := replace(r.Path, r.Replace); err != nil {
		return "", fmt.Errorf("replace %s: %w (the new results are in %s)", r.Replace, err, r.Path)
	}
	return r.Replace, nil
}

// replace renames from onto to, with to's permissions, while holding to's
// lock: a file another run has claimed and is measuring into is refused.
func replace(from, to string) error {
	old, err := os.Open(to)
	if err == nil {
		defer old.Close()
		if err := lock(old, false); err == errLocked {
			return errors.New("another concbench run is writing it")
		}
		if fi, err := old.Stat(); err == nil {
			if err := os.Chmod(from, fi.Mode().Perm()); err != nil {
				return Reason(err)
			}
		}
	}
	return Reason(os.Rename(from, to))
}
