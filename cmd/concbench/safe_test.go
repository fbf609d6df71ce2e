package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests of issue 20, "Nothing lost, round 3": each failed on 078e825.

// results2 is a results file of two samples.
const results2 = "goos: linux\nBenchmarkMap/strategy=sequential/n=100/work=0-2 10 500 ns/op 5 ns/item\n" +
	"BenchmarkMap/strategy=sequential/n=100/work=0-2 10 510 ns/op 5.1 ns/item\n"

// TestRunsAtOnceInOneDir starts runs of the real binary at once into one
// directory, several times: every run completes. Before, each run's
// recovery removed the others' new temporary files ("write rN.txt: no
// such file or directory").
func TestRunsAtOnceInOneDir(t *testing.T) {
	bin := buildBinary(t)
	for round := range 3 {
		dir := t.TempDir()
		var wg sync.WaitGroup
		errs := make([]string, 8)
		for i := range errs {
			wg.Go(func() {
				out := filepath.Join(dir, fmt.Sprintf("r%d.txt", i))
				var stderr bytes.Buffer
				cmd := exec.Command(bin, append(append([]string{}, tiny...), "-o", out)...)
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					errs[i] = fmt.Sprintf("%v: %s", err, stderr.String())
				}
			})
		}
		wg.Wait()
		for i, e := range errs {
			if e != "" {
				t.Errorf("round %d, run %d: %s", round, i, e)
			}
		}
		assertNoTemp(t, dir)
	}
}

// TestReportsAtOnceInOneDir: reports written at once into one directory
// all succeed (102 of 720 failed before), and none says it removed
// another's file.
func TestReportsAtOnceInOneDir(t *testing.T) {
	for round := range 10 {
		dir := t.TempDir()
		var wg sync.WaitGroup
		errs := make([]string, 16)
		for i := range errs {
			wg.Go(func() {
				out := filepath.Join(dir, fmt.Sprintf("r%d.md", i))
				code, _, stderr := runCLI(t, t.Context(), "report", "-format", "markdown", "-o", out, reportFile("tiny.txt"))
				if code != exitOK || strings.Contains(stderr, "removed") || strings.Count(stderr, "\n") > 1 {
					errs[i] = fmt.Sprintf("exit %d: %s", code, stderr)
				}
			})
		}
		wg.Wait()
		for i, e := range errs {
			if e != "" {
				t.Errorf("round %d, report %d: %s", round, i, e)
			}
		}
	}
}

// startSlow starts a long run of the real binary onto out, after the
// words of wrap (a shell that sets the scene), and returns it once it has
// samples on disk.
func startSlow(t *testing.T, bin, out string, wrap ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	args := append(wrap, bin, "run", "-strategies", "sequential", "-n", "100", "-work", "0",
		"-count", "100000", "-time", "5ms", "-q", "-o", out)
	cmd := exec.Command(args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, cmd, &stderr, func() bool { return tempSamples(filepath.Dir(out)) >= 2 })
	return cmd, &stderr
}

// killAfterSamples starts a run of the real binary onto out and kills it
// (SIGKILL) once samples are on disk, as a power cut would.
func killAfterSamples(t *testing.T, bin, out string) {
	t.Helper()
	cmd, _ := startSlow(t, bin, out)
	cmd.Process.Kill()
	cmd.Wait()
}

// TestForceAfterKill: -force onto the file of a killed run does not
// replace the samples just recovered into it (before, it said "recovered
// 161 samples into K.txt", then "wrote 3 samples to K.txt").
func TestForceAfterKill(t *testing.T) {
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "K.txt")
	killAfterSamples(t, bin, out)
	code, _, stderr := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out, "-force")...)
	if code != exitUsage || !strings.Contains(stderr, "samples of a killed run, just recovered") {
		t.Errorf("exit %d, stderr %q; want 2 and a refusal", code, stderr)
	}
	if res := parseFile(t, out); len(res) < 2 || !strings.Contains(res[0].Name.String(), "sequential/n=100") {
		t.Errorf("%s holds %d results, want the killed run's", out, len(res))
	}
}

// TestForceWhileRunning: a -force run that completes while another run
// is still measuring into the same file does not replace it (before, it
// did, and the other run then renamed its results over the -force run's).
func TestForceWhileRunning(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "R.txt")
	a, stderrA := startSlow(t, bin, out)
	code, _, stderr := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out, "-force")...)
	if code != exitFailure || !strings.Contains(stderr, "another concbench run is writing it") {
		t.Errorf("-force: exit %d, stderr %q; want 1 and the reason", code, stderr)
	}
	a.Process.Signal(syscall.SIGINT)
	if err := a.Wait(); err == nil {
		t.Errorf("A: exit 0 after SIGINT; stderr %s", stderrA.String())
	}
	if res := parseFile(t, out); len(res) < 2 || !strings.Contains(res[0].Name.String(), "n=100/work=0") || len(res) == 4 {
		t.Errorf("%s holds %d results, want A's", out, len(res))
	}
	if res := parseFile(t, filepath.Join(dir, "R-2.txt")); len(res) != 4 {
		t.Errorf("R-2.txt holds %d results, want the -force run's 4", len(res))
	}
}

// TestReportKeepsResultsFiles: report -o never replaces a results file,
// however long its first line, and in UTF-16 as PowerShell's > writes it.
func TestReportKeepsResultsFiles(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range results2 {
		utf16 = append(utf16, byte(r), 0)
	}
	for name, data := range map[string][]byte{
		"huge-note": []byte("# note: " + strings.Repeat("x", 5<<20) + "\n" + results2),
		"utf16":     utf16,
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "F.txt")
			if err := os.WriteFile(out, data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCLI(t, t.Context(), "report", "-o", out, reportFile("tiny.txt"))
			if code != exitUsage || !strings.Contains(stderr, "holds benchmark results") {
				t.Errorf("exit %d, stderr %q; want 2 and a refusal", code, stderr)
			}
			if got, _ := os.ReadFile(out); !bytes.Equal(got, data) {
				t.Errorf("%s changed", out)
			}
		})
	}
}

// TestNohup: under nohup (SIGHUP ignored when concbench starts) a SIGHUP
// leaves the run going; before, it stopped the run with exit 129. A
// SIGINT ignored at start, as a script's background job has it, is still
// caught: kill -INT stops the run as Ctrl-C does.
func TestNohup(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	cmd, stderr := startSlow(t, bin, filepath.Join(dir, "out.txt"), "sh", "-c", `trap '' HUP INT; exec "$@"`, "sh")
	cmd.Process.Signal(syscall.SIGHUP)
	before := tempSamples(dir)
	waitFor(t, cmd, stderr, func() bool { return tempSamples(dir) >= before+5 })
	cmd.Process.Signal(syscall.SIGINT)
	code, err := waitExit(t, cmd)
	if err != nil || code != 130 {
		t.Errorf("exit %d, %v; want 130 (SIGINT, not SIGHUP); stderr %s", code, err, stderr.String())
	}
}

// waitExit waits for cmd for up to 30s, killing it past that.
func waitExit(t *testing.T, cmd *exec.Cmd) (int, error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), nil
		}
		return 0, err
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		return -1, errors.New("still running 30s after the signal")
	}
}

// TestInterruptReading: report on a named pipe nobody writes, and report
// and plot while they render, answer SIGINT and SIGTERM (before, they
// ran on, or waited for a writer forever).
func TestInterruptReading(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join("..", "..", "results", "2026-11-26-vm-full.txt")
	charts := filepath.Join(dir, "charts")
	tests := []struct {
		name string
		sig  syscall.Signal
		code int
		args []string
	}{
		{"report-fifo-int", syscall.SIGINT, 130, []string{"report", fifo}},
		{"report-fifo-term", syscall.SIGTERM, 143, []string{"report", fifo}},
		{"report-html", syscall.SIGINT, 130, []string{"report", "-format", "html", "-o", filepath.Join(dir, "r.html"), big}},
		{"plot", syscall.SIGTERM, 143, []string{"plot", "-o", charts, big}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // into the read, or the drawing
			cmd.Process.Signal(tt.sig)
			code, err := waitExit(t, cmd)
			if err != nil || code != tt.code {
				t.Errorf("exit %d, %v; want %d; stderr %q", code, err, tt.code, stderr.String())
			}
		})
	}
	if m, _ := filepath.Glob(filepath.Join(charts, "*")); len(m) > 0 || outfileExists(filepath.Join(dir, "r.html")) {
		t.Errorf("interrupted commands wrote %v", m)
	}
}

func outfileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// TestSameFileTwice: a file given twice, by name or by a hard link, would
// count every sample twice; report refuses it.
func TestSameFileTwice(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	link := filepath.Join(dir, "link.txt")
	data, _ := os.ReadFile(reportFile("tiny.txt"))
	os.WriteFile(a, data, 0o644)
	if err := os.Link(a, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"report", a, a}, {"report", a, link}} {
		code, stdout, stderr := runCLI(t, t.Context(), args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "are the same file") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a refusal", args, code, stderr)
		}
	}
}

// TestEmptyNames: an empty file or directory name is bad usage, not
// stdout or the default.
func TestEmptyNames(t *testing.T) {
	for _, args := range [][]string{
		{"report", "-o", "", reportFile("tiny.txt")},
		{"report", "-base", "", reportFile("tiny.txt")},
		{"plot", "-o", "", reportFile("tiny.txt")},
	} {
		code, stdout, stderr := runCLI(t, t.Context(), args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "empty") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and a message", args, code, stdout, stderr)
		}
	}
}

// TestControlCharacters: control characters in names, notes and file
// names reach neither the terminal nor the SVG raw.
func TestControlCharacters(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "runs\x1b]0;title\x07.txt")
	data := "goos: linux\n# note: \x1b[2J\u202egnp.exe\x08\n" +
		"BenchmarkMap/strategy=sequential/n=5/work=0-2 10 3 ns/item\n" +
		"BenchmarkMap/strategy=sequential/n=50/work=0-2 10 3 ns/item\n" +
		"BenchmarkMap/strategy=evil\x1b[2J\u202e/n=5/work=0-2 10 2 ns/item\n" +
		"BenchmarkMap/strategy=evil\x1b[2J\u202e/n=50/work=0-2 10 1 ns/item\n"
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	raw := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x202e })
	}
	for _, args := range [][]string{{"report", in}, {"report", "-format", "markdown", in}, {"report", in + "\x1b[2Jmissing"}} {
		_, stdout, stderr := runCLI(t, t.Context(), args...)
		if raw(stdout) || raw(stderr) {
			t.Errorf("%q: stdout %q, stderr %q carry control characters", args, stdout, stderr)
		}
	}
	charts := filepath.Join(dir, "charts")
	if code, _, stderr := runCLI(t, t.Context(), "plot", "-o", charts, in); code != exitOK {
		t.Fatalf("plot: exit %d: %s", code, stderr)
	}
	svgs, _ := filepath.Glob(filepath.Join(charts, "*.svg"))
	for _, svg := range svgs {
		b, _ := os.ReadFile(svg)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: not valid XML: %v", svg, err)
				break
			}
		}
	}
	if len(svgs) == 0 {
		t.Errorf("plot drew no SVG")
	}
}

// TestOutputErrors: the errors of round 3, each a clear line and the
// right exit code.
func TestOutputErrors(t *testing.T) {
	t.Run("long-name", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), strings.Repeat("r", 240)+".txt") // 244 bytes
		if code, _, stderr := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out)...); code != exitOK {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("empty-claimed-file", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "K.txt")
		os.WriteFile(out, nil, 0o644) // a run killed before its first sample
		if code, _, stderr := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out)...); code != exitOK {
			t.Errorf("exit %d: %s", code, stderr)
		}
		if res := parseFile(t, out); len(res) != 4 {
			t.Errorf("%d results, want 4", len(res))
		}
	})
	t.Run("force-keeps-mode", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "mine.txt")
		os.WriteFile(out, []byte(results2), 0o600)
		if code, _, stderr := runCLI(t, t.Context(), append(append([]string{}, tiny...), "-o", out, "-force")...); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, %v; want 0600 kept", fi.Mode(), err)
		}
	})
	t.Run("chart-dir-exists", func(t *testing.T) {
		dir := t.TempDir()
		os.Mkdir(filepath.Join(dir, "mine"), 0o755)
		args := append(append([]string{}, tiny[1:]...), "-o", filepath.Join(dir, "mine.txt"))
		code, _, stderr := runCLI(t, t.Context(), args...)
		if code != exitUsage || !strings.Contains(stderr, "chart directory "+filepath.Join(dir, "mine")+" exists") {
			t.Errorf("exit %d, stderr %q; want 2 and a message", code, stderr)
		}
	})
	t.Run("long-line", func(t *testing.T) {
		in := filepath.Join(t.TempDir(), "long.txt")
		os.WriteFile(in, []byte(results2+"# note: "+strings.Repeat("x", 5<<20)+"\n"), 0o644)
		code, _, stderr := runCLI(t, t.Context(), "report", in)
		if code != exitUsage || !strings.HasPrefix(stderr, "concbench: "+in+":4: line longer than 64 KiB") {
			t.Errorf("exit %d, stderr %q; want 2 and file:line", code, stderr)
		}
	})
	t.Run("dev-zero", func(t *testing.T) {
		code, _, stderr := runCLI(t, t.Context(), "report", "/dev/zero")
		if code != exitUsage || !strings.HasPrefix(stderr, "concbench: /dev/zero:1: NUL byte") {
			t.Errorf("exit %d, stderr %q; want 2 and a message", code, stderr)
		}
	})
	t.Run("stdout-full", func(t *testing.T) {
		for _, args := range [][]string{{"report", reportFile("tiny.txt")}, {"help"}, {"-h"}, {"plot", "-o", t.TempDir(), reportFile("tiny.txt")}} {
			var stderr bytes.Buffer
			code := run(t.Context(), args, fullWriter{}, &stderr)
			if code != exitFailure || !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("%q: exit %d, stderr %q; want 1 and ENOSPC", args, code, stderr.String())
			}
		}
	})
	t.Run("plot-unwritable", func(t *testing.T) {
		dir := readOnlyDir(t)
		code, _, stderr := runCLI(t, t.Context(), "plot", "-o", dir, reportFile("tiny.txt"))
		if code != exitUsage || strings.Count(stderr, "\n") != 1 {
			t.Errorf("exit %d, stderr %q; want 2 and one line", code, stderr)
		}
	})
}

// fullWriter fails every write as /dev/full does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// readOnlyDir returns a directory where no file can be created: a
// read-only tmpfs as root (whom permissions do not stop), else a directory
// without write permission.
func readOnlyDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a read-only tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestPythonTMPDIR: with TMPDIR missing, -python fails before the Go
// sweep, naming TMPDIR (before, after the sweep, without naming it).
func TestPythonTMPDIR(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "python3"), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.txt")
	cmd := exec.Command(bin, append(append([]string{}, tiny...), "-python", "-o", out)...)
	cmd.Env = append(os.Environ(), "TMPDIR=/nonexistent", "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	stderr, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUsage || !strings.Contains(string(stderr), "TMPDIR") {
		t.Errorf("%v, stderr %q; want exit 2 naming TMPDIR", err, stderr)
	}
	if outfileExists(out) {
		t.Errorf("the Go sweep ran")
	}
}

// TestMemoryLimit: under ulimit -v, sizes that need more than half of
// the address space allowed are refused before measuring, naming -n and
// the limit (before, the run died of an out-of-memory error, or was
// killed without a word in a cgroup).
func TestMemoryLimit(t *testing.T) {
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "out.txt")
	cmd := exec.Command("sh", "-c", `ulimit -v 3000000 && exec "$@"`, "sh", bin, "run", "-strategies", "sequential",
		"-n", "100000000", "-work", "0", "-count", "1", "-q", "-o", out)
	stderr, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUsage || !strings.Contains(string(stderr), "-n 100000000:") ||
		!strings.Contains(string(stderr), "ulimit -v") {
		t.Errorf("%v, stderr %q; want exit 2 naming -n and ulimit -v", err, stderr)
	}
}

// TestInterruptible: a cancelled context stops the wait for f at once,
// with the message given; f's own result comes back when it is first.
func TestInterruptible(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	release := make(chan struct{})
	finished := make(chan struct{})
	go cancel()
	err := interruptible(ctx, "stopped before the charts", func() error {
		defer close(finished)
		<-release
		return nil
	})
	close(release)
	<-finished
	if !errors.Is(err, context.Canceled) || err.Error() != "stopped before the charts" {
		t.Errorf("interruptible = %v, want the message, wrapping context.Canceled", err)
	}
	boom := errors.New("boom")
	if err := interruptible(t.Context(), "", func() error { return boom }); err != boom {
		t.Errorf("interruptible = %v, want f's error", err)
	}
}
