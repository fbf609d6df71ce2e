package harness_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/strategies"
)

// TestAgreeWithGoTest measures one case with the harness and with
// `go test -bench` on the strategies package's BenchmarkMap, and checks that
// the two median ns/item agree within 5%. It takes about a minute of a quiet
// machine, so it runs only when CONCBENCH_AGREE=1:
//
//	CONCBENCH_AGREE=1 CONCBENCH_AGREE_DIR=/tmp/agree go test -run TestAgreeWithGoTest -v -timeout 10m ./harness/
//
// CONCBENCH_AGREE_CASE picks the case as strategy,n,work (default
// errgroup,10000,1000); the test runs it at the current GOMAXPROCS. With
// CONCBENCH_AGREE_DIR set, both files are kept there (harness.txt and
// gotest.txt) for benchstat; see docs/running.md.
func TestAgreeWithGoTest(t *testing.T) {
	if os.Getenv("CONCBENCH_AGREE") != "1" {
		t.Skip("set CONCBENCH_AGREE=1 to compare the harness with go test -bench (about a minute)")
	}
	name, n, work := "errgroup", 10000, 1000
	if c := os.Getenv("CONCBENCH_AGREE_CASE"); c != "" {
		parts := strings.Split(c, ",")
		var err1, err2 error
		if len(parts) == 3 {
			name = parts[0]
			n, err1 = strconv.Atoi(parts[1])
			work, err2 = strconv.Atoi(parts[2])
		}
		if len(parts) != 3 || err1 != nil || err2 != nil {
			t.Fatalf("CONCBENCH_AGREE_CASE=%q, want strategy,n,work", c)
		}
	}
	s, err := strategies.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("CONCBENCH_AGREE_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The machine drifts by several percent over seconds, so the two
	// measurers take turns: rounds of count/rounds samples each, go test
	// (a separately built benchmark binary) then the harness, so that drift
	// lands on both alike, as the harness's own interleaving does for cases.
	const count, rounds, sampleTime = 12, 6, 200 * time.Millisecond
	procs := runtime.GOMAXPROCS(0)
	bin := filepath.Join(t.TempDir(), "strategies.test")
	build := exec.Command("go", "test", "-c", "-o", bin, "./")
	build.Dir = filepath.Join("..", "strategies")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	bench := fmt.Sprintf("^BenchmarkMap$/^strategy=%s$/^n=%d$/^work=%d$", name, n, work)
	var goOut, harnessOut bytes.Buffer
	for range rounds {
		cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", bench,
			"-test.count", strconv.Itoa(count/rounds), "-test.benchtime", sampleTime.String(), "-test.cpu", strconv.Itoa(procs),
			"-concbench.strategies", name, "-concbench.n", strconv.Itoa(n), "-concbench.work", strconv.Itoa(work))
		cmd.Dir = filepath.Join("..", "strategies")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go test -bench: %v\n%s", err, out)
		}
		goOut.Write(out)
		cfg := harness.Config{
			Strategies: []strategies.Strategy{s},
			Sizes:      []int{n},
			Works:      []int{work},
			Procs:      []int{procs},
			Count:      count / rounds,
			SampleTime: sampleTime,
		}
		if _, err := harness.Run(context.Background(), cfg, &harnessOut); err != nil {
			t.Fatal(err)
		}
	}
	gotest := filepath.Join(dir, "gotest.txt")
	if err := os.WriteFile(gotest, goOut.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	harnessFile := filepath.Join(dir, "harness.txt")
	if err := os.WriteFile(harnessFile, harnessOut.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	want := harness.Case{Strategy: s, N: n, Work: work, Procs: procs}.Name()
	h := medianNsPerItem(t, harnessFile, want)
	g := medianNsPerItem(t, gotest, want)
	ratio := h / g
	t.Logf("%s: harness %.4g ns/item, go test %.4g ns/item, ratio %.3f; files in %s", want, h, g, ratio, dir)
	if ratio < 0.95 || ratio > 1.05 {
		t.Errorf("medians differ by more than 5%%: harness/go test = %.3f", ratio)
	}
}

// medianNsPerItem is the median ns/item of the results named name in path.
func medianNsPerItem(t *testing.T, path, name string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var xs []float64
	r := benchfmt.NewReader(f, path)
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok && res.Name.String() == name {
			if v, ok := res.Value("sec/item"); ok {
				xs = append(xs, v*1e9)
			}
		}
	}
	if len(xs) == 0 {
		t.Fatalf("%s: no ns/item results named %s", path, name)
	}
	sum := benchmath.AssumeNothing.Summary(benchmath.NewSample(xs, &benchmath.DefaultThresholds), 0.95)
	return sum.Center
}
