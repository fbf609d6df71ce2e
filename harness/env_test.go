package harness

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/concbench/concbench/harness/report"
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

// TestLabelsMatchGoTest checks that Run writes the configuration lines
// `go test -bench` writes on this machine with the same values: goos,
// goarch and cpu (pkg names the strategies package, where the benchmarks
// live), so that benchstat -ignore can line up the two tools' files. It
// runs this test binary's BenchmarkLabels in a child, so the reference is
// the testing package's own output.
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
	cfg, _ := Config{}.labels()
	ours := map[string]string{}
	for _, c := range cfg {
		ours[c.Key] = string(c.Value)
	}
	for _, c := range res.Config {
		if !c.File || c.Key == "pkg" {
			continue
		}
		if got, ok := ours[c.Key]; !ok || got != string(c.Value) {
			t.Errorf("%s: %q, go test -bench writes %q", c.Key, got, c.Value)
		}
	}
	if res.GetConfig("goos") == "" || ours["pkg"] == "" {
		t.Errorf("go test wrote %v, Run %v: want goos and pkg in both", res.Config, cfg)
	}
}

// TestConfigAndNotes: Run's configuration lines are go test's keys and
// nothing else; every key report.Load pools across, and every other
// description of the run, is a note that report.Load reads back.
func TestConfigAndNotes(t *testing.T) {
	config, notes := Config{}.labels()
	var keys []string
	for _, c := range config {
		keys = append(keys, c.Key)
	}
	if !slices.Equal(keys, goTestKeys) && !slices.Equal(keys, goTestKeys[:3]) {
		t.Errorf("configuration keys %q, want go test's %q", keys, goTestKeys)
	}
	var noted []string
	for _, n := range notes {
		noted = append(noted, n.Key)
	}
	for _, k := range append(slices.Clone(report.Volatile), "go", "host", "kernel", "method") {
		if k == "preset" || k == "load-run" || k == "steal-run" || k == workCalibrationKey {
			continue // the CLI's label, notes written during the run (TestRunWritesLoadNotes), and a Run's with work times only
		}
		if !slices.Contains(noted, k) {
			t.Errorf("%s is not a note (notes: %q)", k, noted)
		}
	}
}

// TestBenchstatOneTable checks that benchstat reads two runs as one table:
// files that differ only in date, commit and sweep fall in the same table
// under benchstat's default projection (-table .config), while files from
// another CPU or another Go do not.
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
	old := run(Label{"date", "2026-01-01T00:00:00Z"}, Label{"commit", "aaaa"}, Label{"preset", "quick"})
	for _, tc := range []struct {
		name   string
		new    []byte
		tables int
	}{
		{"another day, commit and sweep", run(Label{"date", "2026-02-02T00:00:00Z"}, Label{"commit", "bbbb"},
			Label{"concbench", "v1.2.3"}, Label{"preset", "custom"}, Label{"count", "10"}), 1},
		{"another cpu", run(Label{"cpu", "Other CPU @ 9.99GHz"}), 2},
		// benchstat old new across Go releases is how Go versions are
		// compared; concbench report refuses to pool them (report's
		// TestPoolingRefused).
		{"another Go", run(Label{"go", "go1.0"}), 1},
		{"go test's output", goTestFile(), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := benchstatTables(t, old, tc.new); got != tc.tables {
				t.Errorf("benchstat would print %d tables per unit, want %d", got, tc.tables)
			}
		})
	}
}

// goTestFile is what go test -bench ./strategies writes on this machine
// for one case: its four configuration lines and a result.
func goTestFile() []byte {
	head := "goos: " + runtime.GOOS + "\ngoarch: " + runtime.GOARCH + "\npkg: github.com/concbench/concbench/strategies\n"
	if cpu := cpuName(); cpu != "" {
		head += "cpu: " + cpu + "\n"
	}
	return []byte(head + "BenchmarkMap/strategy=sequential/n=10/work=0 	 1000 	 1000 ns/op 	 100 ns/item\n")
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
