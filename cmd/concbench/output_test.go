package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// notRegularFiles makes one of each kind of file concbench refuses to
// write over, in dir: a symbolic link, a directory, a named pipe and, as
// root, a character device like /dev/null.
func notRegularFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	target := filepath.Join(dir, "target.txt")
	if err := os.WriteFile(target, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"symlink": "is a symbolic link; concbench writes only regular files",
		"dir":     "is a directory (want a file path)",
		"fifo":    "is a named pipe; concbench writes only regular files",
	}
	if err := os.Symlink(target, filepath.Join(dir, "symlink")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	// 1, 3 is /dev/null's device number.
	if err := syscall.Mknod(filepath.Join(dir, "chardev"), syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		files["chardev"] = "is a character device; concbench writes only regular files"
	} else {
		t.Logf("no character device (not root?): %v", err)
	}
	return files
}

// assertKinds fails if any file notRegularFiles made changed kind.
func assertKinds(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name := range files {
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil || fi.Mode().IsRegular() {
			t.Errorf("%s is now %v, %v; want it as it was", name, fi.Mode(), err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "target.txt")); string(got) != "keep\n" {
		t.Errorf("the symbolic link's target now holds %q", got)
	}
}

// TestNotRegular: run and report refuse to write anything but a regular
// file (exit 2, one line saying why), and plot refuses a chart path that
// is not one; the file stays what it was.
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	files := notRegularFiles(t, dir)
	for name, why := range files {
		path := filepath.Join(dir, name)
		for _, args := range [][]string{
			append(append([]string{}, tiny...), "-o", path),
			append(append([]string{}, tiny...), "-o", path, "-force"),
			{"report", "-o", path, reportFile("sweep.txt")},
		} {
			t.Run(name+"/"+args[0]+"/"+args[len(args)-1], func(t *testing.T) {
				code, stdout, stderr := runCLI(t, t.Context(), args...)
				if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "concbench: -o "+path+": "+why) || strings.Count(stderr, "\n") != 1 {
					t.Errorf("exit %d, stderr %q; want 2 and one line saying %q", code, stderr, why)
				}
			})
		}
	}
	// A chart path that is a symbolic link: plot refuses before it writes.
	charts := filepath.Join(dir, "charts")
	if err := os.Mkdir(charts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "target.txt"), filepath.Join(charts, "nsitem-work0.png")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, t.Context(), "plot", "-o", charts, reportFile("sweep.txt"))
	if code != exitUsage || stdout != "" || !strings.Contains(stderr, "nsitem-work0.png: is a symbolic link") {
		t.Errorf("plot onto a link: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if entries, _ := os.ReadDir(charts); len(entries) != 1 {
		t.Errorf("plot wrote %d files before refusing, want none", len(entries)-1)
	}
	assertKinds(t, dir, files)
	assertNoTemp(t, dir)
}

// TestRunRecoversStale: a run finds a temporary file that a killed run
// (SIGKILL, which no program can catch) left in the results directory, and
// recovers its samples into the file that run had claimed.
func TestRunRecoversStale(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	killed := filepath.Join(dir, "killed.txt")
	killAfterSamples(t, bin, killed)
	if fi, err := os.Stat(killed); err != nil || fi.Size() != 0 {
		t.Fatalf("the killed run's claimed file: %v, %v; want it empty", fi, err)
	}
	out := filepath.Join(dir, "next.txt")
	code, _, stderrNext := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out)...)
	if code != exitOK || !strings.Contains(stderrNext, " samples of a killed run into "+killed+"\n") {
		t.Errorf("exit %d, stderr %q; want the killed run's samples recovered", code, stderrNext)
	}
	if res := parseFile(t, killed); len(res) < 2 {
		t.Errorf("%s holds %d results after recovery, want at least 2", killed, len(res))
	}
	assertNoTemp(t, dir)
	if _, err := os.Stat(out); errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the next run wrote nothing")
	}
}

// smallFS mounts a tmpfs of the given size on a new directory and returns
// the directory; the test is skipped where that is not possible (not root,
// no mount command, no permission in a container).
func smallFS(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file into dir until the file system is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, 1<<20), 0o644)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("filling %s: %v, want ENOSPC", dir, err)
	}
}

// TestDiskFull writes onto a full file system: report and plot fail with
// exit 1 and a line naming the file and ENOSPC, and leave the earlier
// report and charts whole; a run fails the same way and leaves nothing. No
// temporary file stays behind.
func TestDiskFull(t *testing.T) {
	dir := smallFS(t, "64k")
	page := filepath.Join(dir, "existing.html")
	charts := filepath.Join(dir, "charts")
	png := filepath.Join(charts, "nsitem-work0.png")
	if err := os.Mkdir(charts, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{page, png} {
		if err := os.WriteFile(p, []byte("the earlier one\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fill(t, dir)
	tests := []struct {
		name, file string
		args       []string
	}{
		{"report-html", page, []string{"report", "-format", "html", "-o", page, reportFile("sweep.txt")}},
		{"plot", charts + "/nsitem-work0.svg", []string{"plot", "-o", charts, reportFile("sweep.txt")}},
		{"run", filepath.Join(dir, "run.txt"), append(append([]string{}, tiny...), "-o", filepath.Join(dir, "run.txt"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, t.Context(), tt.args...)
			if code != exitFailure || !strings.HasSuffix(stderr, "no space left on device\n") || !strings.Contains(stderr, tt.file) {
				t.Errorf("exit %d, stderr %q; want 1 and ENOSPC naming %s", code, stderr, tt.file)
			}
		})
	}
	for _, p := range []string{page, png} {
		if got, _ := os.ReadFile(p); string(got) != "the earlier one\n" {
			t.Errorf("%s now %q, want it as it was", p, got)
		}
	}
	for _, d := range []string{dir, charts} {
		entries, _ := os.ReadDir(d)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if want := map[string]string{dir: "charts existing.html filler", charts: "nsitem-work0.png"}[d]; strings.Join(names, " ") != want {
			t.Errorf("%s holds %v, want %s", d, names, want)
		}
	}
}
