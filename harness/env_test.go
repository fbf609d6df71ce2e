package harness

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// BenchmarkLabels measures how long a Run takes to describe itself.
// TestLabelsMatchGoTest also runs it in a child process, to read the
// configuration lines that `go test -bench` prints.
func BenchmarkLabels(b *testing.B) {
	var c Config
	for b.Loop() {
		c.labels()
	}
}

// TestLabelsMatchGoTest checks that Run's configuration lines are the ones
// `go test -bench` writes on this machine: the same keys, and the same
// goos, goarch and cpu values (pkg names the strategies package, where the
// benchmarks live). It runs this test binary's BenchmarkLabels in a child,
// so the reference is the testing package's own output.
func TestLabelsMatchGoTest(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkLabels$", "-test.benchtime=1x").Output()
	if err != nil {
		t.Fatalf("go test -bench in a child: %v\n%s", err, out)
	}
	r := benchfmt.NewReader(bytes.NewReader(out), "gotest.txt")
	if !r.Scan() {
		t.Fatalf("child printed no benchmark result: %v\n%s", r.Err(), out)
	}
	res, ok := r.Result().(*benchfmt.Result)
	if !ok {
		t.Fatalf("child's output: %v", r.Result())
	}
	goTest := map[string]string{}
	var keys []string
	for _, c := range res.Config {
		if c.File {
			goTest[c.Key] = string(c.Value)
			keys = append(keys, c.Key)
		}
	}
	cfg, _ := Config{}.labels()
	var ours []string
	for _, c := range cfg {
		ours = append(ours, c.Key)
		if c.Key != "pkg" && string(c.Value) != goTest[c.Key] {
			t.Errorf("%s: %q, go test -bench writes %q", c.Key, c.Value, goTest[c.Key])
		}
	}
	if strings.Join(ours, ",") != strings.Join(keys, ",") {
		t.Errorf("configuration keys %v, go test -bench writes %v", ours, keys)
	}
}

// TestBenchstatOneTable checks that benchstat reads two runs as one table:
// files that differ only in date, commit, Go version and sweep fall in the
// same table under benchstat's default projection (-table .config), while
// files from two different CPUs do not.
func TestBenchstatOneTable(t *testing.T) {
	run := func(labels ...Label) []byte {
		t.Helper()
		cfg := Config{
			Strategies: nil, // the default, every strategy
			Sizes:      []int{10},
			Works:      []int{0},
			Procs:      []int{1},
			Count:      1,
			Labels:     labels,
			Meter: func(c Case, iters int, _ func() error) (Measurement, error) {
				return Measurement{Elapsed: time.Duration(iters) * time.Microsecond}, nil
			},
		}
		var buf bytes.Buffer
		if _, err := Run(context.Background(), cfg, &buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	old := run(Label{"date", "2026-01-01T00:00:00Z"}, Label{"commit", "aaaa"}, Label{"go", "go1.25.0"}, Label{"preset", "quick"})
	for _, tc := range []struct {
		name   string
		new    []byte
		tables int
	}{
		{"another day and commit", run(Label{"date", "2026-02-02T00:00:00Z"}, Label{"commit", "bbbb"}, Label{"go", "go1.26.0"}, Label{"preset", "custom"}), 1},
		{"another cpu", run(Label{"cpu", "Other CPU @ 9.99GHz"}), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := benchstatTables(t, old, tc.new); got != tc.tables {
				t.Errorf("benchstat would print %d tables per unit, want %d", got, tc.tables)
			}
		})
	}
}

// benchstatTables returns how many tables per unit `benchstat old new`
// prints: the distinct keys of its default table projection, .config,
// parsed and applied the way cmd/benchstat does.
func benchstatTables(t *testing.T, files ...[]byte) int {
	t.Helper()
	filter, err := benchproc.NewFilter("*")
	if err != nil {
		t.Fatal(err)
	}
	var parser benchproc.ProjectionParser
	table, err := parser.Parse(".config", filter)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[benchproc.Key]bool{}
	for i, data := range files {
		r := benchfmt.NewReader(bytes.NewReader(data), string(rune('a'+i))+".txt")
		for r.Scan() {
			res, ok := r.Result().(*benchfmt.Result)
			if !ok {
				t.Fatalf("%v", r.Result())
			}
			seen[table.Project(res)] = true
		}
	}
	return len(seen)
}
