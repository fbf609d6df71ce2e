package report_test

import (
	"testing"

	"github.com/concbench/concbench/harness/report"
	"github.com/concbench/concbench/strategies"
)

// TestBaselineTraits: Baseline names the one Go strategy whose Traits say
// Baseline, so the constant cannot drift from the table.
func TestBaselineTraits(t *testing.T) {
	var bases []string
	for _, s := range append(strategies.All(), strategies.Limits()...) {
		if tr := strategies.TraitsOf(s); tr.Baseline && tr.Family == "" {
			bases = append(bases, s.Name())
		}
	}
	if len(bases) != 1 || bases[0] != report.Baseline {
		t.Errorf("Go strategies with Traits.Baseline = %v, want [%s]", bases, report.Baseline)
	}
}

// TestRoles: roles come from the strategies' Traits by name, through
// a row's variant; no name pattern makes a baseline or a reference.
func TestRoles(t *testing.T) {
	for _, tt := range []struct {
		s                   string
		baseline, reference bool
	}{
		{"sequential", true, false},
		{"sequential/out=fresh", false, false}, // a lesson on allocation, with a speedup
		{"python-sequential", true, false},
		{"mine-sequential", false, false}, // a user's strategy: no FAMILY-sequential pattern
		{"loop", false, true},
		{"limit/out=fresh", false, true},
		{"errgroup/workers=16", false, false},
	} {
		if got := report.IsBaseline(tt.s); got != tt.baseline {
			t.Errorf("IsBaseline(%s) = %v, want %v", tt.s, got, tt.baseline)
		}
		if got := report.IsReference(tt.s); got != tt.reference {
			t.Errorf("IsReference(%s) = %v, want %v", tt.s, got, tt.reference)
		}
	}
	if got := report.Traits("goroutine-per-item/out=fresh"); !got.AllocPerItem || !got.IgnoresWorkers {
		t.Errorf("Traits(goroutine-per-item/out=fresh) = %+v", got)
	}
}
