package python

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/harness/python/pyseed"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// needPython skips the test unless end-to-end tests are asked for
// (CONCBENCH_E2E=1, as .ci/run sets) and python3 is there, saying so.
func needPython(t *testing.T) {
	t.Helper()
	if os.Getenv("CONCBENCH_E2E") != "1" {
		t.Skip("runs python3: set CONCBENCH_E2E=1 to run the end-to-end tests")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found in PATH: skipping the Python peer (install python3 to run it)")
	}
}

const sampleOutput = `{"kind":"info","python":"3.11.7","implementation":"CPython","start_method":"fork","cpu_count":2}
{"kind":"sample","variant":"sequential","n":100,"work":0,"procs":2,"iters":200,"ns":8000000}
{"kind":"sample","variant":"partial","n":100,"work":0,"procs":2,"iters":4,"ns":6000000}

{"kind":"sample","variant":"callable","n":1000,"work":100,"procs":1,"iters":1,"ns":25000000}
{"kind":"sample","variant":"threads","n":100,"work":0,"wait_ns":1000000,"procs":2,"workers":2,"iters":1,"ns":60000000}
{"kind":"sample","variant":"threads","n":100,"work":0,"wait_ns":100000,"procs":2,"workers":16,"iters":1,"ns":1500000}
`

func TestParseTimingsRoundTrip(t *testing.T) {
	labels := []benchfmt.Config{
		{Key: "goos", Value: []byte("linux"), File: true},
		{Key: "cpu", Value: []byte("test cpu"), File: true},
	}
	rs, err := ParseTimings(strings.NewReader(sampleOutput), labels)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := benchfmt.NewWriter(&buf)
	for _, r := range rs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("written:\n%s", buf.String())

	type row struct {
		name    string
		iters   int
		nsOp    float64
		nsItem  float64
		goos    string
		lenVals int
	}
	var got []row
	rd := benchfmt.NewReader(&buf, "python.txt")
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("syntax error: %v", rec)
		case *benchfmt.Result:
			op, item := value(rec, "ns/op"), value(rec, "ns/item")
			got = append(got, row{string(rec.Name.Full()), rec.Iters, op, item, rec.GetConfig("goos"), len(rec.Values)})
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	want := []row{
		{"Map/strategy=python-sequential/n=100/work=0-2", 200, 40000, 400, "linux", 2},
		{"Map/strategy=python-partial/n=100/work=0-2", 4, 1500000, 15000, "linux", 2},
		{"Map/strategy=python-callable/n=1000/work=100-1", 1, 25000000, 25000, "linux", 2},
		{"Map/strategy=python-threads/n=100/work=0/wait=1ms-2", 1, 60000000, 600000, "linux", 2},
		{"Map/strategy=python-threads/n=100/work=0/workers=16/wait=100µs-2", 1, 1500000, 15000, "linux", 2},
	}
	if !slices.Equal(got, want) {
		t.Errorf("round trip:\n got %v\nwant %v", got, want)
	}
}

// value returns r's value in unit as written in the file (the reader
// normalises ns/op to sec/op, keeping the original as OrigUnit).
func value(r *benchfmt.Result, unit string) float64 {
	for _, v := range r.Values {
		if v.Unit == unit || v.OrigUnit == unit {
			return cmp.Or(v.OrigValue, v.Value)
		}
	}
	return -1
}

func TestParseTimingsErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not-json", "{\"kind\":\"sample\"\n", "timings:1"},
		{"unknown-variant", `{"kind":"sample","variant":"numpy","n":1,"work":0,"procs":1,"iters":1,"ns":5}`, "bad sample"},
		{"zero-iters", "\n" + `{"kind":"sample","variant":"partial","n":1,"work":0,"procs":1,"iters":0,"ns":5}`, "timings:2"},
		{"negative-wait", `{"kind":"sample","variant":"threads","n":1,"work":0,"wait_ns":-1,"procs":1,"iters":1,"ns":5}`, "bad sample"},
		{"negative-workers", `{"kind":"sample","variant":"threads","n":1,"work":0,"procs":1,"workers":-2,"iters":1,"ns":5}`, "bad sample"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTimings(strings.NewReader(tc.in), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "python: ") {
				t.Errorf("ParseTimings = %v, want an error starting with \"python: \" and containing %q", err, tc.want)
			}
		})
	}
}

func TestNoPython(t *testing.T) {
	cfg := Config{Sizes: []int{10}, Works: []int{0}, Python: "concbench-no-such-python"}
	if _, err := Run(t.Context(), cfg); !errors.Is(err, ErrNoPython) {
		t.Errorf("Run without an interpreter = %v, want ErrNoPython", err)
	}
}

// TestRunBadConfig checks that a Config Run cannot honour is refused with
// ErrConfig before Python starts: the interpreter named does not exist, so
// reaching it would give ErrNoPython instead.
func TestRunBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no-sizes", Config{Works: []int{0}}, "at least one size"},
		{"no-works", Config{Sizes: []int{10}}, "at least one size"},
		{"zero-size", Config{Sizes: []int{0}, Works: []int{0}}, "size 0 is below 1"},
		{"negative-work", Config{Sizes: []int{10}, Works: []int{-1}}, "work -1 is negative"},
		{"zero-procs", Config{Sizes: []int{10}, Works: []int{0}, Procs: []int{0}}, "procs 0 is below 1"},
		{"negative-count", Config{Sizes: []int{10}, Works: []int{0}, Count: -1}, "count -1 is negative"},
		{"negative-workers", Config{Sizes: []int{10}, Works: []int{0}, Workers: []int{-1}}, "workers -1 is negative"},
		{"negative-wait", Config{Sizes: []int{10}, Works: []int{0}, Waits: []time.Duration{-time.Millisecond}}, "wait -1ms is negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Python = "concbench-no-such-python"
			_, err := Run(t.Context(), tc.cfg)
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run = %v, want ErrConfig containing %q", err, tc.want)
			}
		})
	}
}

// TestVerify checks that the Python seed programme's four variants equal
// Go's strategies on the seed inputs and beyond, with and without waits.
func TestVerify(t *testing.T) {
	needPython(t)
	if err := Verify(t.Context(), Config{}); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyCatchesDifference(t *testing.T) {
	needPython(t)
	bad := strings.Replace(string(pyseed.Script), "LCG_ADD = 1442695040888963407", "LCG_ADD = 1442695040888963409", 1)
	path := t.TempDir() + "/seed.py"
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Verify(t.Context(), Config{Script: path})
	if err == nil || !strings.Contains(err.Error(), "differs from Go at n=20 work=3") {
		t.Errorf("Verify with a wrong LCG constant = %v, want a difference at n=20 work=3", err)
	}
}

func TestRun(t *testing.T) {
	needPython(t)
	var log bytes.Buffer
	cfg := Config{
		Sizes: []int{10, 100}, Works: []int{0, 20000}, Procs: []int{1, 2},
		Count: 2, SampleTime: time.Millisecond, MaxItemRounds: 300_000, Log: &log,
	}
	rs, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// n=100 at work=20000 is over the limit and skipped; the other three
	// (n, work) cases run for 2 procs values, 4 variants, 2 samples each.
	if want := 3 * 2 * 4 * 2; len(rs) != want {
		t.Errorf("got %d results, want %d", len(rs), want)
	}
	if !strings.Contains(log.String(), "skipping n=100 work=20000") {
		t.Errorf("log does not mention the skipped case:\n%s", log.String())
	}
	for _, r := range rs {
		if v := value(r, "ns/item"); v <= 0 {
			t.Errorf("%s: ns/item = %v", r.Name, v)
		}
		if !strings.HasPrefix(string(r.Name), "Map/strategy=python-") {
			t.Errorf("name %s", r.Name)
		}
	}
}

// TestRunWaits: with waits and workers, every variant waits (a sample of
// python-sequential lasts at least its n waits: sleep never ends early),
// the pools come in every size, and python-sequential once, as in Go.
func TestRunWaits(t *testing.T) {
	needPython(t)
	const n, wait = 10, 2 * time.Millisecond
	cfg := Config{
		Sizes: []int{n}, Works: []int{0}, Waits: []time.Duration{wait}, Procs: []int{2}, Workers: []int{0, 8},
		Count: 1, SampleTime: time.Millisecond,
	}
	rs, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rs {
		names = append(names, string(r.Name))
		if strings.Contains(string(r.Name), "sequential") && value(r, "ns/item") < float64(wait.Nanoseconds()) {
			t.Errorf("%s: %v ns/item, want at least the wait, %v", r.Name, value(r, "ns/item"), wait)
		}
	}
	want := []string{
		"Map/strategy=python-sequential/n=10/work=0/wait=2ms-2",
		"Map/strategy=python-partial/n=10/work=0/wait=2ms-2",
		"Map/strategy=python-callable/n=10/work=0/wait=2ms-2",
		"Map/strategy=python-threads/n=10/work=0/wait=2ms-2",
		"Map/strategy=python-partial/n=10/work=0/workers=8/wait=2ms-2",
		"Map/strategy=python-callable/n=10/work=0/workers=8/wait=2ms-2",
		"Map/strategy=python-threads/n=10/work=0/workers=8/wait=2ms-2",
	}
	if !slices.Equal(names, want) {
		t.Errorf("results\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
}

func TestRunCancel(t *testing.T) {
	needPython(t)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Run(ctx, Config{Sizes: []int{1000}, Works: []int{0}, Count: 100, SampleTime: time.Second})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run after the deadline = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Run took %v to return after cancel", d)
	}
}

// TestPicklesDemo runs docs/python/pickles.py, whose output the cheat sheet
// quotes, and checks the claims it makes there still hold.
func TestPicklesDemo(t *testing.T) {
	needPython(t)
	out, err := exec.CommandContext(t.Context(), "python3", "../../docs/python/pickles.py", "1000", "2").CombinedOutput()
	if err != nil {
		t.Fatalf("pickles.py: %v\n%s", err, out)
	}
	for _, want := range []string{
		"chunksize is 125, so 8 chunk tasks",
		"the constant was pickled 8 times (once per chunk task)",
		"pickled 8 times, into 8 separate copies of the instance",
		"worker.items after the map is 0, not 1000",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pickles.py output lacks %q:\n%s", want, out)
		}
	}
}

// TestRunInterruptedKeepsSamples interrupts the programme after three
// samples: Run returns those three with the context's error, and Python
// prints no traceback.
func TestRunInterruptedKeepsSamples(t *testing.T) {
	needPython(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	log := &readyWriter{ready: cancel}
	rs, err := Run(ctx, Config{Sizes: []int{20}, Works: []int{0}, Procs: []int{2}, Count: 1000, SampleTime: time.Millisecond,
		Python: stopAfter(t), Log: log})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want an error wrapping context.Canceled", err)
	}
	if len(rs) != 3 {
		t.Errorf("Run kept %d samples, want the 3 finished", len(rs))
	}
	if strings.Contains(log.String(), "Traceback") || strings.Contains(log.String(), "PoolWorker") {
		t.Errorf("Python printed a traceback:\n%s", log.String())
	}
	if pids := livePython(t, "stop_after.py"); len(pids) > 0 {
		t.Errorf("processes of the interrupted programme outlived Run: %v", pids)
	}
}

// livePython returns the live (not zombie) processes whose command line
// holds marker, read from /proc; it skips where there is no /proc.
func livePython(t *testing.T, marker string) []string {
	t.Helper()
	dirs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil || len(dirs) == 0 {
		t.Skip("no /proc: cannot look for processes left behind")
	}
	var pids []string
	for _, f := range dirs {
		cmdline, err := os.ReadFile(f)
		if err != nil || !bytes.Contains(cmdline, []byte(marker)) {
			continue
		}
		stat, err := os.ReadFile(filepath.Join(filepath.Dir(f), "stat"))
		if err != nil || bytes.Contains(stat, []byte(") Z ")) {
			continue
		}
		pids = append(pids, filepath.Base(filepath.Dir(f)))
	}
	return pids
}

// stopAfter writes a stand-in python3 that runs the script it is given
// through testdata/stop_after.py, and returns its path.
func stopAfter(t *testing.T) string {
	real, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal(err)
	}
	helper, err := filepath.Abs("testdata/stop_after.py")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "python3")
	if err := os.WriteFile(path, []byte("#!/bin/sh\nexec '"+real+"' '"+helper+"' \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// readyWriter collects a log and calls ready once it holds READY.
type readyWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready func()
}

func (w *readyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if bytes.Contains(w.buf.Bytes(), []byte("READY")) {
		w.ready()
	}
	return len(p), nil
}

func (w *readyWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestRunSkewsAndChunks: the programme maps Go's skew tables (Verify
// checks its results at every skew asked for) with map's default
// chunksize and chunksize=1, and python-sequential once per skew.
func TestRunSkewsAndChunks(t *testing.T) {
	needPython(t)
	cfg := Config{
		Sizes: []int{10}, Works: []int{5}, Procs: []int{2}, Count: 1, SampleTime: time.Millisecond,
		Skews: []casekey.Skew{casekey.Uniform, casekey.HeavyTail}, Chunks: []int{0, 1},
	}
	rs, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rs {
		if !strings.Contains(string(r.Name), "callable") && !strings.Contains(string(r.Name), "threads") {
			names = append(names, string(r.Name))
		}
	}
	want := []string{
		"Map/strategy=python-sequential/n=10/work=5-2",
		"Map/strategy=python-partial/n=10/work=5-2",
		"Map/strategy=python-partial/n=10/work=5/chunk=1-2",
		"Map/strategy=python-sequential/n=10/work=5/skew=heavy-tail-2",
		"Map/strategy=python-partial/n=10/work=5/skew=heavy-tail-2",
		"Map/strategy=python-partial/n=10/work=5/skew=heavy-tail/chunk=1-2",
	}
	if !slices.Equal(names, want) {
		t.Errorf("results\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
}

// TestVerifyCatchesSkew: a programme that ignores the items' own rounds
// fails Verify at the skew.
func TestVerifyCatchesSkew(t *testing.T) {
	needPython(t)
	bad := strings.Replace(string(pyseed.Script), "return kernel(item[0], item[1], const_value, item[2])", "return kernel(item[0], item[1], const_value, 7)", 1)
	path := t.TempDir() + "/seed.py"
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Verify(t.Context(), Config{Script: path, Skews: []casekey.Skew{casekey.Increasing}})
	if err == nil || !strings.Contains(err.Error(), "skew=increasing") {
		t.Errorf("Verify with skew ignored = %v, want a difference at skew=increasing", err)
	}
}

func TestParseTimingsSkewChunk(t *testing.T) {
	in := `{"kind":"sample","variant":"partial","n":100,"work":3,"procs":2,"workers":2,"skew":"straggler","chunk":1,"iters":2,"ns":1000}` + "\n"
	rs, err := ParseTimings(strings.NewReader(in), nil)
	if err != nil || len(rs) != 1 {
		t.Fatalf("ParseTimings = %v, %v", rs, err)
	}
	if got, want := string(rs[0].Name), "Map/strategy=python-partial/n=100/work=3/skew=straggler/chunk=1-2"; got != want {
		t.Errorf("name %s, want %s", got, want)
	}
	bad := strings.Replace(in, "straggler", "sideways", 1)
	if _, err := ParseTimings(strings.NewReader(bad), nil); err == nil {
		t.Error("ParseTimings took skew sideways")
	}
}
