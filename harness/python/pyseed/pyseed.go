// Package pyseed embeds the Python peer, seed.py, and declares its
// variants as strategies, so that harness/python runs exactly the programme
// the docs show and link to (there is no copy to keep in sync), and a
// report read back from a file knows each Python strategy's role by its
// name.
package pyseed

import (
	_ "embed"

	"github.com/concbench/concbench/strategies"
)

// Script is the text of seed.py: the cheat sheet's programme on
// concbench's kernel. Treat it as read-only.
//
//go:embed seed.py
var Script []byte

// Variant is one of the seed programme's ways to map the kernel.
type Variant struct {
	// Name is the variant as seed.py prints it: "partial".
	Name string
	// Traits are its role, as the Go strategies declare theirs.
	Traits strategies.Traits
}

// Family is the Family of every variant's Traits.
const Family = "Python"

// Strategy is the variant's strategy name in benchmark results:
// "python-partial".
func (v Variant) Strategy() string { return "python-" + v.Name }

// Variants returns the seed programme's variants, the list
// comprehension (the family's baseline) first.
func Variants() []Variant {
	return []Variant{
		{"sequential", strategies.Traits{Family: Family, Baseline: true, Serial: true, IgnoresWorkers: true, IgnoresChunk: true}},
		{"partial", strategies.Traits{Family: Family}},
		{"callable", strategies.Traits{Family: Family}},
		{"threads", strategies.Traits{Family: Family}},
	}
}

// NamedTraits returns the Traits of the variant whose strategy name is
// name, and false when there is none.
func NamedTraits(name string) (strategies.Traits, bool) {
	for _, v := range Variants() {
		if v.Strategy() == name {
			return v.Traits, true
		}
	}
	return strategies.Traits{}, false
}
