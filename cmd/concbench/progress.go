package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/concbench/concbench/harness"
)

// progress shows how far a sweep is on stderr.
type progress interface {
	update(harness.Progress)
	finish()
}

// newProgress returns the progress w gets: nothing under -q, a bar on a
// terminal, and plain lines elsewhere (CI, a pipe, a file), where a bar's
// carriage returns would pile up into one unreadable line.
func newProgress(w io.Writer, opt sweepOptions) progress {
	switch {
	case opt.quiet:
		return noProgress{}
	case isTerminal(w):
		return &progressBar{w: w}
	}
	now := opt.now
	if now == nil {
		now = time.Now
	}
	return &progressLines{w: w, now: now}
}

// isTerminal reports whether w is a terminal; only then does concbench draw
// a progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// noProgress shows nothing, for -q.
type noProgress struct{}

func (noProgress) update(harness.Progress) {}
func (noProgress) finish()                 {}

// progressBar draws a progress bar on w with the current case, the
// percentage done and an ETA.
type progressBar struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (p *progressBar) update(h harness.Progress) {
	if p.bar == nil {
		p.bar = progressbar.NewOptions(h.Total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetWidth(20),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
		)
	}
	if int64(h.Total) != p.bar.GetMax64() {
		p.bar.ChangeMax(h.Total) // cases that miss the precision target get extra rounds
	}
	switch {
	case h.Phase == "done":
		p.bar.Describe("done")
	case h.BudgetLeft > 0: // the bar's own ETA knows only the rounds planned so far
		p.bar.Describe(fmt.Sprintf("%-9s %s (precision budget: up to %v left)", h.Phase, h.Case.Name(), h.BudgetLeft.Round(time.Second)))
	default:
		p.bar.Describe(fmt.Sprintf("%-9s %s", h.Phase, h.Case.Name()))
	}
	p.bar.Set(h.Done)
}

func (p *progressBar) finish() {
	if p.bar != nil {
		p.bar.Clear()
		p.bar.Exit()
	}
}

// progressEvery is the least time between two progress lines: a log gets
// at most 12 a minute, enough to see that a run is alive and how far it
// is, too few to bury what else it says.
const progressEvery = 5 * time.Second

// progressLines writes a plain line on w at most every progressEvery, by
// the clock now, with the percentage and count of steps done, the step
// about to start and the time left at the pace so far:
//
//	concbench: 34% (245/720 steps), sample Map/strategy=errgroup/n=10000/work=100-2, ~40 s left
//
// The first update starts the clock. Lines come between steps, which the
// harness keeps short (one sample is about -time).
type progressLines struct {
	w           io.Writer
	now         func() time.Time
	start, last time.Time
}

func (p *progressLines) update(h harness.Progress) {
	t := p.now()
	switch {
	case p.start.IsZero():
		p.start, p.last = t, t
		return
	case h.Phase == "done" || h.Total <= 0 || t.Sub(p.last) < progressEvery:
		return
	}
	p.last = t
	fmt.Fprintf(p.w, "concbench: %d%% (%d/%d steps), %s %s%s\n",
		100*h.Done/h.Total, h.Done, h.Total, h.Phase, h.Case.Name(), timeLeft(t.Sub(p.start), h.Done, h.Total, h.BudgetLeft))
}

func (p *progressLines) finish() {}

// timeLeft estimates the time the remaining steps take at the pace of the
// done ones: ", ~40 s left", ", ~3 min left", or "" before any step is
// done. The steps planned are not all there will be while the harness
// chases precision (see harness.Progress), so when the budget still left
// for that is longer, it is the estimate, as a bound: ", up to ~40 s
// left". Without it a quick run read "~0 s left" for most of its minute.
func timeLeft(elapsed time.Duration, done, total int, budgetLeft time.Duration) string {
	if done <= 0 || total < done {
		return ""
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	prefix := "~"
	if budgetLeft > left {
		left, prefix = budgetLeft, "up to ~"
	}
	if left < 100*time.Second {
		return fmt.Sprintf(", %s%d s left", prefix, int(left.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf(", %s%d min left", prefix, int(left.Round(time.Minute)/time.Minute))
}
