package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestPairedIntervalCoverage simulates round-paired speedups: each round
// slows both cases by a shared factor (drift, spread rho) on top of each
// sample's own noise (sigma), lognormal, fixed seed. The paired interval
// must cover the true ratio at least about 95% of the time (more with
// drift), and be narrower than
// the unpaired one when rounds drift.
func TestPairedIntervalCoverage(t *testing.T) {
	t.Parallel() // a simulation: let it share the cores
	if testing.Short() {
		t.Skip("simulation")
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{minPairedRounds, 31} {
		for _, rho := range []float64{0, 0.1} {
			const trials, sigma = 400, 0.03
			covered, narrower := 0, 0
			for trial := range trials {
				a, b := make([]obs, n), make([]obs, n)
				for i := range a {
					drift := math.Exp(rho * r.NormFloat64())
					a[i] = obs{v: 100 * drift * math.Exp(sigma*r.NormFloat64()), round: i}
					b[i] = obs{v: 50 * drift * math.Exp(sigma*r.NormFloat64()), round: i}
				}
				num, pn := runUnits(a)
				den, pd := runUnits(b)
				p := roundPairs(a, b, pn, pd)
				if p == nil {
					t.Fatalf("n=%d: no pairs", n)
				}
				lo, hi := percentile(ratioReplicates(num, den, p, fmt.Sprint(trial)))
				if lo <= 2 && 2 <= hi {
					covered++
				}
				ulo, uhi := RatioInterval(num.x, den.x, fmt.Sprint(trial))
				if hi-lo < uhi-ulo {
					narrower++
				}
			}
			cov := float64(covered) / trials
			t.Logf("n=%d rho=%.2f: coverage %.3f, narrower than unpaired in %d of %d", n, rho, cov, narrower, trials)
			// With drift the interval is conservative: rounds that move
			// both medians together cancel in the ratio more than the
			// resampled rounds show.
			if cov < 0.935 || (rho == 0 && cov > 0.99) {
				t.Errorf("n=%d rho=%.2f: paired 95%% interval covered the true ratio in %.1f%% of trials", n, rho, cov*100)
			}
			if rho > 0 && narrower < trials*9/10 {
				t.Errorf("n=%d rho=%.2f: paired interval narrower in only %d of %d trials", n, rho, narrower, trials)
			}
		}
	}
}
