package harness

import (
	"fmt"
	"strconv"
	"time"
)

// loadEvery is how often, at most, a Run reads the load average between
// rounds: it moves on a 5-second tick, so more often reads nothing new.
const loadEvery = 5 * time.Second

// cpuStat is the machine's CPU time counters since boot, in ticks: all of
// it, and the part the hypervisor gave to other machines (steal).
type cpuStat struct{ total, steal uint64 }

// loadSampler records how busy the machine was while a Run measured: the
// 1-minute load average, read between rounds at most every loadEvery, and
// the CPU steal over the whole measurement. The load at the start alone
// says nothing of a neighbour that started a build a minute in; a report
// reads these notes (load-run, steal-run) to say the run did not have its
// cores.
type loadSampler struct {
	now   func() time.Time
	load  func() (float64, bool)
	stat  func() (cpuStat, bool)
	last  time.Time
	sum   float64
	peak  float64
	n     int
	start cpuStat
	okCPU bool
}

// newLoadSampler starts sampling with the system's readers.
func newLoadSampler() *loadSampler {
	s := &loadSampler{now: time.Now, load: load1, stat: readCPUStat}
	s.start, s.okCPU = s.stat()
	return s
}

// tick reads the load average when loadEvery has passed since the last
// reading, or there was none, and reports whether it did.
func (s *loadSampler) tick() bool {
	t := s.now()
	if s.n > 0 && t.Sub(s.last) < loadEvery {
		return false
	}
	v, ok := s.load()
	if !ok {
		return false
	}
	s.last = t
	s.sum += v
	s.peak = max(s.peak, v)
	s.n++
	return true
}

// notes returns the load-run and steal-run notes so far: "mean 1.9 max
// 2.4 (12 readings every 5s or more)" and "0.3% during the run", each left
// out when the system did not tell. Run writes them after each reading,
// with the next sample, so that the file says how busy the machine was up
// to its last sample even when the run is interrupted; a later note of a
// key replaces an earlier one (report reads the last).
func (s *loadSampler) notes() []Label {
	var out []Label
	if s.n > 0 {
		out = append(out, Label{"load-run", fmt.Sprintf("mean %.2f max %.2f (%d %s every %v or more)",
			s.sum/float64(s.n), s.peak, s.n, plural(s.n, "reading", "readings"), loadEvery)})
	}
	if end, ok := s.stat(); ok && s.okCPU && end.total > s.start.total {
		share := 100 * float64(end.steal-s.start.steal) / float64(end.total-s.start.total)
		out = append(out, Label{"steal-run", strconv.FormatFloat(share, 'f', 1, 64) + "% during the run"})
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
