package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/harness"
)

// userBench is the benchmark of a user's own module that README shows:
// harness.Bench over the user's own function and items.
var userBench = filepath.Join("testdata", "usermod", "checksum_test.go")

// TestUserFunction is issue 18's acceptance, end to end: a module outside
// the repo, which finds concbench through a replace directive, calls
// harness.Bench(b, in, f) on its own function, and
// go test -bench . -count 10 | concbench report gives its verdict, speedups
// and break-even n. It builds a module and runs 400 sub-benchmarks, so it
// runs only with CONCBENCH_E2E=1.
func TestUserFunction(t *testing.T) {
	needOutsideE2E(t, "builds a user's module outside the repo and benchmarks it")
	bin := buildBinary(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module example.com/records\n\ngo 1.26\n\nrequire github.com/concbench/concbench v0.0.0\n\n" +
		"replace github.com/concbench/concbench => " + root + "\n"
	copyFile(t, filepath.Join(root, "go.sum"), filepath.Join(dir, "go.sum"))
	copyFile(t, userBench, filepath.Join(dir, "checksum_test.go"))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}

	// -benchtime 3x keeps the 40 cases × 10 counts quick; the report needs
	// the counts, not long samples, to give a verdict.
	gotest := exec.Command("go", "test", "-bench", ".", "-count", "10", "-benchtime", "3x")
	gotest.Dir = dir
	gotest.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var benchOut, benchErr bytes.Buffer
	gotest.Stdout, gotest.Stderr = &benchOut, &benchErr
	if err := gotest.Run(); err != nil {
		t.Fatalf("go test -bench in the user's module: %v\n%s%s", err, benchOut.String(), benchErr.String())
	}

	report := exec.Command(bin, "report")
	report.Stdin = &benchOut
	var stdout, stderr bytes.Buffer
	report.Stdout, report.Stderr = &stdout, &stderr
	if err := report.Run(); err != nil {
		t.Fatalf("concbench report: %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"verdict:\n- work=0, ", "pkg: example.com/records", "speedup over sequential", "break-even n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	for _, s := range harness.FuncStrategies() {
		if c, ok := s.(io.Closer); ok {
			defer c.Close() // never used: holds nothing
		}
		if !strings.Contains(out, " "+s.Name()+" ") {
			t.Errorf("the report lacks strategy %s", s.Name())
		}
	}
	t.Logf("the user's report:\n%s", out)
}

// TestReadmeUserExample: README's copy-paste example of harness.Bench is
// the benchmark TestUserFunction runs, word for word.
func TestReadmeUserExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	bench, err := os.ReadFile(userBench)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, bench) {
		t.Errorf("README.md does not show %s as it is", userBench)
	}
}

// copyFile copies the file from to the path to.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
