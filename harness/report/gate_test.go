package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/harness/report"
)

// crc reads one of benchstat's CRC files (testdata/crc-README.txt) with its
// 36 cases renamed to concbench's: poly and align make the strategy, size
// the n.
func crc(t *testing.T, name string) *report.Data {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	sizes := strings.NewReplacer("size=32kB", "size=32768", "size=4kB", "size=4096", "size=1kB", "size=1024")
	re := regexp.MustCompile(`BenchmarkCRC32/poly=(\w+)/size=(\d+)/align=(\d)-8`)
	text := re.ReplaceAllString(sizes.Replace(string(data)), "BenchmarkMap/strategy=$1-a$3/n=$2/work=0-8")
	d, err := report.Read(strings.NewReader(text), name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestOneRuleOnCRC: on benchstat's CRC data the ~ mark, the interval shown
// and the decision come from one rule, so they never contradict: ~ exactly
// when the interval includes 0. (With the old U test and unadjusted
// intervals, 6 of the 36 rows had a ~ beside an interval that left out 0.)
func TestOneRuleOnCRC(t *testing.T) {
	base, cur := crc(t, "crc-old.txt"), crc(t, "crc-new.txt")
	c := report.NewComparison(base, cur)
	if len(c.Deltas) != 36 {
		t.Fatalf("%d cases compared, want 36", len(c.Deltas))
	}
	for _, d := range c.Deltas {
		if d.Significant != (d.Lo > 0 || d.Hi < 0) {
			t.Errorf("%v: significant %v with interval %+.1f%% to %+.1f%%", d.Key, d.Significant, d.Lo, d.Hi)
		}
	}
	var b strings.Builder
	if err := report.Write(&b, cur, report.Options{Base: base}); err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`│ (strategy=\S+ procs=8)\s+│[^│]+│[^│]+│\s+(~ )?([-+]\d+\.\d)% \S*\s*│\s+([-+]\d+\.\d)% to ([-+]\d+\.\d)%`)
	rows, sig := 0, 0
	for _, m := range row.FindAllStringSubmatch(b.String(), -1) {
		rows++
		var lo, hi float64
		fmt.Sscan(m[4], &lo)
		fmt.Sscan(m[5], &hi)
		if tilde, covers := m[2] != "", lo <= 0 && 0 <= hi; tilde != covers {
			t.Errorf("%s: ~ %v beside the interval %s%% to %s%%", m[1], tilde, m[4], m[5])
		}
		if m[2] == "" {
			sig++
		}
	}
	if rows != 36 {
		t.Fatalf("found %d rows in the table, want 36:\n%s", rows, b.String())
	}
	t.Logf("%d of 36 CRC cases changed significantly at level %.4f", sig, c.Level)
}

// simRun writes one simulated run: every case's samples lognormal around
// its median times shift, with spread sigma, in rounds.
func simRun(r *rand.Rand, medians map[string]float64, names []string, shift, sigma float64, samples int) string {
	var b strings.Builder
	for range samples {
		for _, name := range names {
			fmt.Fprintf(&b, "BenchmarkMap/%s 1 %.6g ns/item\n", name, medians[name]*shift*math.Exp(sigma*r.NormFloat64()))
		}
	}
	return b.String()
}

// cases36 are 36 case names and medians, as in a sweep.
func cases36() (map[string]float64, []string) {
	medians := map[string]float64{}
	var names []string
	for i, s := range []string{"sequential", "errgroup", "static-partition"} {
		for j, n := range []int{100, 1000, 10000, 100000} {
			for k, w := range []int{0, 10, 100} {
				name := fmt.Sprintf("strategy=%s/n=%d/work=%d-2", s, n, w)
				names = append(names, name)
				medians[name] = float64(1+i) * float64(1+j) * float64(1+10*k)
			}
		}
	}
	return medians, names
}

// TestGateTrueChangeBelowThreshold: with every one of 36 cases truly 4%
// slower and 3% noise, -fail-on 5 must almost never fire (the old gate,
// with unadjusted intervals, fired 15% of the time); and A/A runs as
// rarely. 60 simulated pairs each, fixed seed.
func TestGateTrueChangeBelowThreshold(t *testing.T) {
	t.Parallel() // a simulation: let it share the cores
	if testing.Short() {
		t.Skip("simulation")
	}
	medians, names := cases36()
	r := rand.New(rand.NewPCG(7, 8))
	for _, shift := range []float64{1, 1.04} {
		alarms := 0
		const trials = 60
		for range trials {
			base, err := report.Read(strings.NewReader(simRun(r, medians, names, 1, 0.03, 10)), "base")
			if err != nil {
				t.Fatal(err)
			}
			cur, err := report.Read(strings.NewReader(simRun(r, medians, names, shift, 0.03, 10)), "new")
			if err != nil {
				t.Fatal(err)
			}
			if len(report.NewComparison(base, cur).Regressions(5)) > 0 {
				alarms++
			}
		}
		t.Logf("every case %+.0f%%: -fail-on 5 fired in %d of %d", (shift-1)*100, alarms, trials)
		if alarms > trials/20 {
			t.Errorf("every case %+.0f%%: -fail-on 5 fired in %d of %d trials, want at most %d", (shift-1)*100, alarms, trials, trials/20)
		}
	}
}

// splitInTime splits a results file into the first k samples of each
// case and the rest, in the order they were taken: unlike a random split,
// it keeps whatever drift the run had.
func splitInTime(t *testing.T, path string, k int) (first, rest *report.Data) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	var a, b strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "Benchmark") {
			a.WriteString(line + "\n")
			b.WriteString(line + "\n")
			continue
		}
		name := strings.Fields(line)[0]
		if seen[name] < k {
			a.WriteString(line + "\n")
		} else {
			b.WriteString(line + "\n")
		}
		seen[name]++
	}
	if first, err = report.Read(strings.NewReader(a.String()), "first"); err != nil {
		t.Fatal(err)
	}
	if rest, err = report.Read(strings.NewReader(b.String()), "rest"); err != nil {
		t.Fatal(err)
	}
	return first, rest
}

// TestGateChronologicalSplit splits runs in time. The committed accept run
// (31 samples a case, with the loop and limit references) split after 15
// samples must not fail the gate: no regression, or references that say
// the machine changed. gotest36 (go test -bench, no references) split after
// 10 has a case that stepped from 1.3 to 1.9 ns/item mid-run; with nothing
// to blame the machine, the gate flags that case, and only it.
func TestGateChronologicalSplit(t *testing.T) {
	a, b := splitInTime(t, filepath.Join("..", "..", "results", "2026-11-26-vm-accept.txt"), 15)
	c := report.NewComparison(a, b)
	if regs, moved := c.Regressions(5), c.MachineChanged(5); len(regs) > 0 && len(moved) == 0 {
		t.Errorf("accept run, first 15 vs last 16 samples: regressions %v with references unmoved", regs)
	} else {
		t.Logf("accept run split in time: %d regressions, %d references moved", len(regs), len(moved))
	}
	a, b = splitInTime(t, filepath.Join("testdata", "gotest36.txt"), 10)
	var got []string
	for _, d := range report.NewComparison(a, b).Regressions(5) {
		got = append(got, d.Key.String())
	}
	if want := []string{"strategy=static-partition/n=10000/work=0 procs=2"}; !slices.Equal(got, want) {
		t.Errorf("gotest36 split in time: regressions %q, want %q", got, want)
	}
}

// TestGateRunsAsUnit: runs of the same code differ by more than their
// samples do (here 8% from run to run, 1% within). With three runs a side
// given as runs, the intervals hold; the same samples read as one run a
// side make the gate fire on unchanged code. 60 simulated pairs, fixed
// seed.
func TestGateRunsAsUnit(t *testing.T) {
	t.Parallel() // a simulation: let it share the cores
	if testing.Short() {
		t.Skip("simulation")
	}
	medians, names := cases36()
	names = names[:6]
	r := rand.New(rand.NewPCG(9, 10))
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	runAlarms, pooledAlarms := 0, 0
	const trials, perSide = 60, 3
	for range trials {
		var runs [2 * perSide]string
		var files [2 * perSide]string
		for i := range runs {
			runs[i] = simRun(r, medians, names, math.Exp(0.08*r.NormFloat64()), 0.01, 10)
			files[i] = write(fmt.Sprintf("run%d.txt", i), runs[i])
		}
		base, err := report.Load(files[:perSide]...)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := report.Load(files[perSide:]...)
		if err != nil {
			t.Fatal(err)
		}
		c := report.NewComparison(base, cur)
		if c.BaseRuns != perSide || c.NewRuns != perSide || !c.Deltas[0].RunUnit {
			t.Fatalf("runs %d and %d, run unit %v; want %d, %d and true", c.BaseRuns, c.NewRuns, c.Deltas[0].RunUnit, perSide, perSide)
		}
		if len(c.Regressions(5)) > 0 {
			runAlarms++
		}
		pb, err := report.Read(strings.NewReader(strings.Join(runs[:perSide], "")), "a")
		if err != nil {
			t.Fatal(err)
		}
		pc, err := report.Read(strings.NewReader(strings.Join(runs[perSide:], "")), "b")
		if err != nil {
			t.Fatal(err)
		}
		if len(report.NewComparison(pb, pc).Regressions(5)) > 0 {
			pooledAlarms++
		}
	}
	t.Logf("unchanged code, 8%% between runs: the gate fired in %d of %d with runs as the unit, %d read as one run a side", runAlarms, trials, pooledAlarms)
	if runAlarms > trials/20 {
		t.Errorf("runs as the unit: the gate fired in %d of %d, want at most %d", runAlarms, trials, trials/20)
	}
	if pooledAlarms <= runAlarms {
		t.Errorf("one run a side fired %d times, runs as unit %d: the test does not tell them apart", pooledAlarms, runAlarms)
	}
}

// TestOneRunSaysWithinRunOnly: with one run a side the comparison says
// that only within-run noise is known, and with a -fail-on below the
// smallest detectable change, that the gate cannot see it.
func TestOneRunSaysWithinRunOnly(t *testing.T) {
	a, b := load(t, "halves-a.txt"), load(t, "halves-b.txt")
	var out strings.Builder
	if err := report.Write(&out, b, report.Options{Base: a, Gate: true, FailOn: 0.5}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"only the noise within a run is known (1 base run, 1 new)", "smallest detectable change: ±", "that is above -fail-on 0.5%"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
}

// curve writes 10 samples of strategy s at each n of ns, around the
// median of the same place in medians.
func curve(b *strings.Builder, s string, procs int, ns []int, medians ...float64) {
	for i, n := range ns {
		sample(b, s, n, procs, medians[i], 10)
	}
}

// TestJSONVerdicts: the JSON report carries each group's verdict as data
// (recommended shapes, break-even range, speedup with its interval, the
// reason when there is none) and configuration numbers as numbers.
func TestJSONVerdicts(t *testing.T) {
	var b strings.Builder
	b.WriteString("numcpu: 2\ncount: 10\ngomaxprocs: 1-2\n")
	ns := []int{100, 1000, 10000}
	curve(&b, "sequential", 2, ns, 10, 10, 10)
	curve(&b, "pool", 2, ns, 12, 6, 5.2)
	curve(&b, "twin", 2, ns, 12, 7, 5.25)
	curve(&b, "sequential", 8, ns, 10, 10, 10)
	curve(&b, "slow", 8, ns, 30, 30, 30)
	d, err := report.Read(strings.NewReader(b.String()), "inline")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report.Write(&out, d, report.Options{Format: report.JSON}); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Config   map[string]any `json:"config"`
		Verdicts []struct {
			Procs          int      `json:"procs"`
			Cores          int      `json:"cores"`
			Oversubscribed bool     `json:"oversubscribed"`
			Recommended    []string `json:"recommended"`
			Speedup        *struct {
				Ratio, Lo, Hi float64
			} `json:"speedup"`
			BreakEven *struct{ After, At int } `json:"break_even_n"`
			Reason    string                   `json:"reason"`
			Text      string                   `json:"text"`
		} `json:"verdicts"`
	}
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if v.Config["numcpu"] != 2.0 || v.Config["count"] != 10.0 || v.Config["gomaxprocs"] != "1-2" {
		t.Errorf("config %v: want numcpu and count as numbers, gomaxprocs as text", v.Config)
	}
	if len(v.Verdicts) != 2 {
		t.Fatalf("%d verdicts, want one per procs value (2)", len(v.Verdicts))
	}
	p2, p8 := v.Verdicts[0], v.Verdicts[1]
	if !slices.Equal(p2.Recommended, []string{"pool", "twin"}) || p2.BreakEven == nil || *p2.BreakEven != (struct{ After, At int }{100, 1000}) ||
		p2.Speedup == nil || !(p2.Speedup.Lo <= p2.Speedup.Ratio && p2.Speedup.Ratio <= p2.Speedup.Hi) || p2.Reason != "" {
		t.Errorf("procs=2 verdict %+v: want pool and twin, break-even between 100 and 1000, a speedup in its interval", p2)
	}
	if !strings.Contains(p2.Text, "2 procs on 2 cores (10.0 ns per item in sequential): use pool or twin, from a break-even between n=100 and n=1000") {
		t.Errorf("procs=2 text %q", p2.Text)
	}
	if p8.Procs != 8 || !p8.Oversubscribed || p8.Reason != "sequential" || len(p8.Recommended) != 0 ||
		!strings.Contains(p8.Text, "8 procs on 2 cores (oversubscribed)") || strings.Contains(p8.Text, "8 cores") {
		t.Errorf("procs=8 verdict %+v: want oversubscribed, sequential, and never \"8 cores\"", p8)
	}
	if n := d.Noise().String(); !strings.Contains(n, "procs=8 oversubscribe the 2 cores") {
		t.Errorf("noise line %q does not warn of procs=8 on 2 cores", n)
	}
}

// TestVerdictNamesTies: 60 simulated runs of one truth (σ=3%, 10 samples in
// rounds) where three shapes are within 2% of each other at the largest n.
// The verdict must name a set that holds the true best (persistent-pool)
// in at least 95% of runs. (The old verdict picked one name by point
// estimate: four different answers in 60 runs, the true best in fewer than
// half.)
func TestVerdictNamesTies(t *testing.T) {
	t.Parallel() // a simulation: let it share the cores
	if testing.Short() {
		t.Skip("simulation")
	}
	truth := map[string][4]float64{ // ns/item at n = 100, 1000, 10000, 100000
		"sequential":         {10, 10, 10, 10},
		"errgroup":           {20, 9, 5.8, 5.3},
		"static-partition":   {15, 8, 5.6, 5.25},
		"persistent-pool":    {12, 7.5, 5.5, 5.2},
		"goroutine-per-item": {60, 40, 30, 30},
	}
	order := []string{"sequential", "errgroup", "static-partition", "persistent-pool", "goroutine-per-item"}
	ns := []int{100, 1000, 10000, 100000}
	r := rand.New(rand.NewPCG(11, 12))
	const runs = 60
	held := 0
	answers := map[string]int{}
	for range runs {
		var b strings.Builder
		b.WriteString("numcpu: 2\n")
		for range 10 {
			for i, n := range ns {
				for _, s := range order {
					fmt.Fprintf(&b, "BenchmarkMap/strategy=%s/n=%d/work=0-2 1 %.6g ns/item\n", s, n, truth[s][i]*math.Exp(0.03*r.NormFloat64()))
				}
			}
		}
		d, err := report.Read(strings.NewReader(b.String()), "sim")
		if err != nil {
			t.Fatal(err)
		}
		v := d.Verdicts()[0]
		answers[fmt.Sprintf("%v after %d", v.Shapes, v.BreakEvenAfter)]++
		if slices.Contains(v.Shapes, "persistent-pool") {
			held++
		}
	}
	t.Logf("the named set held the true best in %d of %d runs; answers: %v", held, runs, answers)
	if held < runs*95/100 {
		t.Errorf("the verdict's set held the true best in %d of %d runs, want at least 95%%", held, runs)
	}
}

// TestVerdictBusyMachine: when limit, which uses every core, got about
// one core's worth on two, the verdict says so first, instead of asking
// for more samples.
func TestVerdictBusyMachine(t *testing.T) {
	var b strings.Builder
	b.WriteString("numcpu: 2\n")
	for _, n := range []int{1000, 10000} {
		sample(&b, "sequential", n, 2, 10, 10)
		sample(&b, "errgroup", n, 2, 10.1, 10)
		sample(&b, "limit", n, 2, 10.05, 10)
	}
	d, err := report.Read(strings.NewReader(b.String()), "busy")
	if err != nil {
		t.Fatal(err)
	}
	v := d.Verdicts()[0]
	want := "work=0, 2 procs on 2 cores (10.0 ns per item in sequential): this run had about 1 free core of 2 (limit, which uses every core, reached 1.00× at n=10000); rerun on a quiet machine"
	if !strings.HasPrefix(v.Text, want) || v.Reason != "busy machine" || strings.Contains(v.Text, "more samples") {
		t.Errorf("verdict %q (reason %q), want it to start %q and not ask for more samples", v.Text, v.Reason, want)
	}
}

// TestLoadDuringRun: a run's load notes are read as the last one of the
// file, and a load above the cores makes the verdict say so first.
func TestLoadDuringRun(t *testing.T) {
	var b strings.Builder
	b.WriteString("# numcpu: 2\n# load-run: mean 1.10 max 1.20 (1 reading every 5s or more)\n")
	sample(&b, "sequential", 1000, 2, 10, 5)
	sample(&b, "errgroup", 1000, 2, 5.2, 5)
	b.WriteString("# load-run: mean 3.40 max 5.10 (9 readings every 5s or more)\n")
	sample(&b, "sequential", 1000, 2, 10, 5)
	sample(&b, "errgroup", 1000, 2, 5.2, 5)
	d, err := report.Read(strings.NewReader(b.String()), "loaded")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.MetaValue("load-run"); got != "mean 3.40 max 5.10 (9 readings every 5s or more)" {
		t.Errorf("load-run %q, want the last one", got)
	}
	v := d.Verdicts()[0]
	if !strings.HasPrefix(v.Text, "work=0, 2 procs on 2 cores (10.0 ns per item in sequential): the load averaged 3.4 during the run, 1.4 more than the run's own 2 procs on the 2 cores; rerun on a quiet machine. As measured: use errgroup") {
		t.Errorf("verdict %q: want the load first", v.Text)
	}
	// A quiet machine running 2 procs shows a load near 2: its own.
	quiet := strings.Replace(b.String(), "mean 3.40 max 5.10", "mean 2.05 max 2.10", 1)
	dq, err := report.Read(strings.NewReader(quiet), "quiet")
	if err != nil {
		t.Fatal(err)
	}
	if v := dq.Verdicts()[0]; v.Reason == "busy machine" || strings.Contains(v.Text, "quiet machine") {
		t.Errorf("verdict %q (reason %q): a load of the run's own procs is not a busy machine", v.Text, v.Reason)
	}
	if n := d.Noise().String(); !strings.Contains(n, "; during the run mean 3.40 max 5.10") {
		t.Errorf("noise line %q lacks the load during the run", n)
	}
}
