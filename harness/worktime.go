package harness

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/concbench/concbench/strategies"
)

// MaxWorkTime is the heaviest kernel Validate accepts as a duration per
// item (Config.WorkTimes), for the same reason as MaxWork: a run must be
// able to stop within one item when interrupted.
const MaxWorkTime = 10 * time.Millisecond

// The probe that times one LCG round: probeRepeats samples of probeItems
// items of probeRounds rounds each (about 1 ms a sample at 1 ns a round),
// the fastest of them, as the least disturbed by other work.
const (
	probeItems   = 64
	probeRounds  = 1 << 14
	probeRepeats = 5
)

// WorkCalibration is a work given as a duration per item and the LCG
// rounds that take that long on this machine, measured at the start of
// the Run that uses it.
type WorkCalibration struct {
	Time   time.Duration
	Rounds int
}

// String is the calibration as the work-calibration note says it:
// "2µs = 1534 rounds".
func (w WorkCalibration) String() string {
	return fmt.Sprintf("%v = %d rounds", w.Time, w.Rounds)
}

// workCalibrationKey is the note a Run with work times writes: every
// calibration, in the order of Config.WorkTimes, and the time of a round.
const workCalibrationKey = "work-calibration"

// calibrateWork turns each work time into LCG rounds on this machine:
// it times the probe with meter (sequential over probeItems items) and
// divides. It also returns the time of one round in ns. It returns nil
// for no times, and runs nothing then.
func calibrateWork(ctx context.Context, times []time.Duration, meter Meter) ([]WorkCalibration, float64, error) {
	if len(times) == 0 {
		return nil, 0, nil
	}
	perRound, err := roundTime(ctx, meter)
	if err != nil {
		return nil, 0, err
	}
	cal := make([]WorkCalibration, len(times))
	for i, d := range times {
		cal[i] = WorkCalibration{Time: d, Rounds: roundsFor(d, perRound)}
	}
	return cal, perRound, nil
}

// roundsFor returns the rounds that take about d, at perRound ns each: at
// least 1 for a d above zero.
func roundsFor(d time.Duration, perRound float64) int {
	if d <= 0 {
		return 0
	}
	return max(1, int(math.Round(float64(d.Nanoseconds())/perRound)))
}

// roundTime returns the time of one LCG round in ns: the fastest of
// probeRepeats samples of the probe, each measured by meter, divided by
// its rounds. A sample's per-item overhead (a few ns) is counted as work,
// which a work time of microseconds does not notice.
func roundTime(ctx context.Context, meter Meter) (float64, error) {
	k := strategies.Kernel{Const: strategies.SeedConst, Work: probeRounds}
	in, out := strategies.Pairs(probeItems), make([]int64, probeItems)
	probe := Case{Strategy: strategies.Sequential{}, N: probeItems, Work: probeRounds, Procs: 1}
	op := func() error { return probe.Strategy.MapInto(ctx, k, in, out, 1) }
	best := time.Duration(math.MaxInt64)
	for range probeRepeats {
		m, err := meter(probe, 1, op)
		if err != nil {
			return 0, fmt.Errorf("harness: calibrate work: %w", err)
		}
		best = min(best, m.Elapsed)
	}
	if best <= 0 {
		return 0, fmt.Errorf("%w: the work probe took no time (%v)", ErrConfig, best)
	}
	return float64(best.Nanoseconds()) / (probeItems * probeRounds), nil
}

// workCalibrationNote is the note's value: "2µs = 1534 rounds, 10µs =
// 7670 rounds (1.304 ns a round)".
func workCalibrationNote(cal []WorkCalibration, perRound float64) string {
	parts := make([]string, len(cal))
	for i, c := range cal {
		parts[i] = c.String()
	}
	return fmt.Sprintf("%s (%.3f ns a round)", strings.Join(parts, ", "), perRound)
}

// calibrated returns c with its WorkTimes turned into rounds on this
// machine (see calibrateWork) and the work-calibration note among its
// Labels: the Config a Run measures. Without WorkTimes it is c.
func (c Config) calibrated(ctx context.Context) (Config, error) {
	meter := c.Meter
	if meter == nil {
		meter = wallMeter
	}
	cal, perRound, err := calibrateWork(ctx, c.WorkTimes, meter)
	if err != nil || cal == nil {
		return c, err
	}
	c.workRounds = map[time.Duration]int{}
	for _, w := range cal {
		c.workRounds[w.Time] = w.Rounds
	}
	c.Labels = append(slices.Clip(c.Labels), Label{workCalibrationKey, workCalibrationNote(cal, perRound)})
	return c, nil
}
