package harness

import (
	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/strategies"
)

// kernels makes the cases' kernels, with one Rounds table per n, work and
// skew, made when a case first needs it and shared by every case that
// maps the same work.
type kernels map[workKey][]int32

// workKey is what a kernel's results depend on: n, work and skew (not the
// wait, which changes no result).
type workKey struct {
	n, work int
	skew    casekey.Skew
}

func keyOf(c Case) workKey { return workKey{c.N, c.Work, c.Skew} }

// of returns case c's kernel: the seed's constant, c's Work and Wait,
// and its skew's Rounds (none for Uniform).
func (ks kernels) of(c Case) strategies.Kernel {
	k := strategies.Kernel{Const: strategies.SeedConst, Work: c.Work, Wait: c.Wait}
	if c.Skew != casekey.Uniform {
		key := keyOf(c)
		if ks[key] == nil {
			ks[key] = c.Skew.Rounds(c.N, c.Work)
		}
		k.Rounds = ks[key]
	}
	return k
}
