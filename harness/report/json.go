package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/harness/casekey"
)

// JSONSchema names the layout of -format json, which docs/reading-reports.md
// documents field by field. It changes when a field changes meaning or goes
// away; new fields may appear without a change.
const JSONSchema = "concbench-report/3"

// num is a float64 that encodes NaN and ±Inf (no interval) as null.
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

type jsonReport struct {
	Schema   string         `json:"schema"`
	Files    []string       `json:"files"`
	Config   map[string]any `json:"config"`
	Verdict  []string       `json:"verdict"`
	Verdicts []jsonVerdict  `json:"verdicts"`
	Noise    jsonNoise      `json:"noise"`
	Groups   []jsonGroup    `json:"groups"`
	Warnings []string       `json:"warnings"`
}

// skewJSON is a skew as the JSON's skew fields hold it: "" (left out)
// for uniform.
func skewJSON(s casekey.Skew) string {
	if s == casekey.Uniform {
		return ""
	}
	return s.String()
}

// jsonVerdict is one group's Recommendation.
type jsonVerdict struct {
	Work           int          `json:"work"`
	WorkTime       int64        `json:"work_time_ns,omitempty"`
	Skew           string       `json:"skew,omitempty"`
	WaitNs         int64        `json:"wait_ns"`
	Procs          int          `json:"procs"`
	Cores          int          `json:"cores,omitempty"`
	Oversubscribed bool         `json:"oversubscribed"`
	Recommended    []string     `json:"recommended"`
	AtN            int          `json:"at_n"`
	Speedup        *jsonSpeedup `json:"speedup,omitempty"`
	BreakEven      *jsonRange   `json:"break_even_n,omitempty"`
	SequentialWins []int        `json:"sequential_wins_at_n"`
	Busy           string       `json:"busy,omitempty"`
	Reason         string       `json:"reason,omitempty"`
	Text           string       `json:"text"`
}

// jsonRange is a break-even n: above After (0: at the smallest n
// measured), at or below At.
type jsonRange struct {
	After int `json:"after"`
	At    int `json:"at"`
}

type jsonNoise struct {
	Cases           int      `json:"cases"`
	MedianHalfWidth num      `json:"median_ci_halfwidth"`
	Target          num      `json:"target"`
	Missed          []string `json:"missed_target"`
	Load            string   `json:"load,omitempty"`
	Steal           string   `json:"steal,omitempty"`
}

type jsonGroup struct {
	Work      int            `json:"work"`
	WorkTime  int64          `json:"work_time_ns,omitempty"`
	Skew      string         `json:"skew,omitempty"`
	WaitNs    int64          `json:"wait_ns"`
	Procs     int            `json:"procs"`
	BreakEven map[string]int `json:"break_even_n"`
	Cases     []jsonCase     `json:"cases"`
	Peers     []jsonPeer     `json:"peer_ratios,omitempty"`
}

// jsonPeer is one PeerRatio: how many times slower another language's
// family (named by its baseline) is than Go's at n.
type jsonPeer struct {
	Family      string `json:"family"`
	N           int    `json:"n"`
	Sequential  num    `json:"sequential_ratio"`
	Fastest     num    `json:"fastest_ratio"`
	FastestPeer string `json:"fastest_peer,omitempty"`
	FastestGo   string `json:"fastest_go,omitempty"`
}

type jsonCase struct {
	Strategy  string       `json:"strategy"`
	N         int          `json:"n"`
	Workers   int          `json:"workers"`
	Samples   int          `json:"samples"`
	Median    num          `json:"median_ns_per_item"`
	Lo        num          `json:"ci_lo"`
	Hi        num          `json:"ci_hi"`
	HalfWidth num          `json:"ci_halfwidth"`
	Missed    bool         `json:"missed_target"`
	CPU       num          `json:"cpu_ns_per_item,omitempty"`
	Busy      num          `json:"cores_busy,omitempty"`
	Fastest   bool         `json:"fastest"`
	Reference bool         `json:"reference"`
	Speedup   *jsonSpeedup `json:"speedup,omitempty"`
}

type jsonSpeedup struct {
	Baseline    string `json:"baseline"`
	Ratio       num    `json:"ratio"`
	Lo          num    `json:"lo"`
	Hi          num    `json:"hi"`
	Paired      bool   `json:"paired"`
	Significant bool   `json:"significant"`
	Efficiency  num    `json:"efficiency"`
	Suspect     bool   `json:"suspect"`
}

// speedupJSON is sp over baseline as data.
func speedupJSON(baseline string, sp Speedup) *jsonSpeedup {
	return &jsonSpeedup{Baseline: baseline, Ratio: num(sp.Ratio), Lo: num(sp.Lo), Hi: num(sp.Hi), Paired: sp.Paired,
		Significant: sp.Significant, Efficiency: num(sp.Efficiency), Suspect: sp.Suspect}
}

// typed is a configuration value as JSON: a number when the whole value
// is one ("count: 31", "numcpu: 2"), else the text ("1-2", "±3%").
func typed(v string) any {
	if i, err := strconv.ParseInt(v, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return f
	}
	return v
}

// typedConfig is the configuration value v of key as JSON: the precision
// target as a fraction (0.03 for ±3%, 0 for off), the durations sampletime
// and budget in nanoseconds, the load averages as an array of numbers, and
// any other value as typed makes it.
func typedConfig(key, v string) any {
	switch key {
	case "precision":
		if p, ok := parsePrecision(v); ok {
			return p
		}
	case "sampletime", "budget":
		if t, err := time.ParseDuration(v); err == nil {
			return t.Nanoseconds()
		}
	case "load":
		var loads []float64
		for _, f := range strings.Fields(v) {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
				return typed(v)
			}
			loads = append(loads, x)
		}
		if len(loads) > 0 {
			return loads
		}
	}
	return typed(v)
}

// reportJSON is the whole report of one run as data.
func reportJSON(d *Data, groups []*GroupRows) any {
	noise := d.Noise()
	out := jsonReport{
		Schema:   JSONSchema,
		Files:    d.Files,
		Config:   map[string]any{},
		Verdict:  d.Verdict(),
		Warnings: append([]string{}, d.Warnings...), // [], not null
		Noise: jsonNoise{Cases: noise.Cases, MedianHalfWidth: num(noise.MedianHalfWidth), Target: num(noise.Target),
			Missed: []string{}, Load: noise.Load, Steal: noise.Steal},
	}
	for _, m := range d.Meta {
		out.Config[m.Key] = typedConfig(m.Key, m.Value)
	}
	for _, v := range d.Verdicts() {
		jv := jsonVerdict{Work: v.Work, WorkTime: int64(v.WorkTime), Skew: skewJSON(v.Skew), WaitNs: int64(v.Wait), Procs: v.Procs, Cores: v.Cores, Oversubscribed: v.Oversubscribed,
			Recommended: append([]string{}, v.Shapes...), AtN: v.At, SequentialWins: append([]int{}, v.SequentialWins...),
			Busy: v.Busy, Reason: v.Reason, Text: v.Text}
		if len(v.Shapes) > 0 {
			jv.Speedup = speedupJSON(Baseline, v.Speedup)
			jv.BreakEven = &jsonRange{After: v.BreakEvenAfter, At: v.BreakEvenAt}
		}
		out.Verdicts = append(out.Verdicts, jv)
	}
	for _, k := range noise.Missed {
		out.Noise.Missed = append(out.Noise.Missed, k.String())
	}
	for _, g := range groups {
		jg := jsonGroup{Work: g.Work, WorkTime: int64(g.WorkTime), Skew: skewJSON(g.Skew), WaitNs: int64(g.Wait), Procs: g.Procs, BreakEven: g.BreakEven}
		for _, n := range g.Ns {
			for _, s := range g.Strategies {
				r := g.Row(s, n)
				if r == nil {
					continue
				}
				jc := jsonCase{Strategy: s, N: n, Workers: r.Workers, Samples: len(r.Sample.Values),
					Median: num(r.Summary.Center), Lo: num(r.Summary.Lo), Hi: num(r.Summary.Hi),
					HalfWidth: num(r.HalfWidth), Missed: r.Missed, CPU: num(r.CPU), Busy: num(r.Busy()),
					Fastest: r.Fastest, Reference: IsReference(s)}
				if r.HasSpeedup && !IsBaseline(s) {
					jc.Speedup = speedupJSON(g.baseline[s], r.Speedup)
				}
				jg.Cases = append(jg.Cases, jc)
			}
		}
		for _, fam := range peerFamilies(g) {
			for _, pr := range peerRatios(g, fam) {
				jp := jsonPeer{Family: fam, N: pr.N, Sequential: num(math.NaN()), Fastest: num(math.NaN())}
				if pr.SequentialOK {
					jp.Sequential = num(pr.Sequential)
				}
				if pr.FastestOK {
					jp.Fastest, jp.FastestPeer, jp.FastestGo = num(pr.Fastest), pr.FastestPeer, pr.FastestGo
				}
				jg.Peers = append(jg.Peers, jp)
			}
		}
		out.Groups = append(out.Groups, jg)
	}
	return out
}

type jsonComparison struct {
	Schema     string      `json:"schema"`
	Base       []string    `json:"base_files"`
	New        []string    `json:"new_files"`
	BaseRuns   int         `json:"base_runs"`
	NewRuns    int         `json:"new_runs"`
	Level      num         `json:"level"`
	Geomean    num         `json:"geomean_delta_pct"`
	Detectable num         `json:"detectable_pct"`
	Widest     num         `json:"detectable_widest_pct"`
	TooFew     string      `json:"too_few,omitempty"`
	Deltas     []jsonDelta `json:"deltas"`
	Notes      []string    `json:"noise"`
	Warnings   []string    `json:"warnings"`
}

type jsonDelta struct {
	Strategy    string `json:"strategy"`
	N           int    `json:"n"`
	Work        int    `json:"work"`
	WorkTime    int64  `json:"work_time_ns,omitempty"`
	Skew        string `json:"skew,omitempty"`
	WaitNs      int64  `json:"wait_ns"`
	Procs       int    `json:"procs"`
	Base        num    `json:"base_median_ns_per_item"`
	New         num    `json:"new_median_ns_per_item"`
	Pct         num    `json:"delta_pct"`
	Lo          num    `json:"delta_lo_pct"`
	Hi          num    `json:"delta_hi_pct"`
	Significant bool   `json:"significant"`
	Reference   bool   `json:"reference"`
	BaseSamples int    `json:"base_samples"`
	NewSamples  int    `json:"new_samples"`
	RunUnit     bool   `json:"run_unit"`
}

// json is the comparison as data; pct is the gate's threshold, or
// negative without a gate.
func (c *Comparison) json(pct float64) any {
	out := jsonComparison{Schema: JSONSchema, Base: c.Base.Files, New: c.New.Files, BaseRuns: c.BaseRuns, NewRuns: c.NewRuns,
		Level: num(c.Level), Geomean: num(c.Geomean), Detectable: num(c.Detectable), Widest: num(c.Widest),
		TooFew: c.TooFew, Deltas: []jsonDelta{}, Notes: c.noiseNote(pct), Warnings: append([]string{}, c.warnings(pct, true)...)}
	for _, d := range c.Deltas {
		out.Deltas = append(out.Deltas, jsonDelta{Strategy: d.Strategy, N: d.N, Work: d.Work, WorkTime: int64(d.WorkTime), Skew: skewJSON(d.Skew), WaitNs: int64(d.Wait), Procs: d.Procs,
			Base: num(d.Old.Summary.Center), New: num(d.New.Summary.Center), Pct: num(d.Pct), Lo: num(d.Lo), Hi: num(d.Hi),
			Significant: d.Significant, Reference: IsReference(d.Strategy),
			BaseSamples: len(d.Old.Sample.Values), NewSamples: len(d.New.Sample.Values), RunUnit: d.RunUnit})
	}
	return out
}

// writeJSON writes v indented, with a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	return nil
}
