package strategies

// Traits say what role a strategy plays, as data, so that a harness, a
// report or a chart treats it by its role and never by its name. The zero
// Traits are a Go contender: a shape that uses its workers, competes for
// "fastest" and is compared with its family's baseline.
type Traits struct {
	// Family is the language the strategy runs in, for one that is not
	// Go: "Python" for the Python peer's. "" is Go. A strategy is
	// compared with its own family's Baseline, so that a pool's speedup
	// is over a loop in the same language.
	Family string
	// Baseline marks the loop that the others of its family are compared
	// with: a yardstick, not a contender.
	Baseline bool
	// Reference marks a probe of the machine rather than a shape to use
	// (see Limits): reports show it but never call it the fastest, give
	// it a break-even n or recommend it.
	Reference bool
	// Serial marks a strategy that runs every item on the calling
	// goroutine: it never uses more than one core.
	Serial bool
	// IgnoresWorkers marks a strategy that runs the same whatever its
	// workers argument, so a sweep times it at one workers value only.
	IgnoresWorkers bool
	// AllocPerItem marks a strategy that holds an allocation per item at
	// once (a goroutine and its stack): its memory grows with n.
	AllocPerItem bool
	// IgnoresChunk marks a strategy that hands out no chunks whose size
	// can be set, so a sweep times it at one chunk value only. TraitsOf
	// sets it for every Go strategy that is no Chunker.
	IgnoresChunk bool
}

// Traiter is implemented by a strategy whose Traits are not the zero
// Traits.
type Traiter interface {
	Traits() Traits
}

// TraitsOf returns s's Traits: what s declares through Traiter, or the
// zero Traits of a Go contender, with IgnoresChunk when s is no Chunker.
func TraitsOf(s Strategy) Traits {
	var t Traits
	if tr, ok := s.(Traiter); ok {
		t = tr.Traits()
	}
	if _, ok := s.(Chunker); !ok {
		t.IgnoresChunk = true
	}
	return t
}

// NamedTraits returns the Traits of the strategy in All or Limits named
// name, and false when there is none: the lookup for results read back
// from a file, where only names are left.
func NamedTraits(name string) (Traits, bool) {
	for _, s := range append(All(), Limits()...) {
		if s.Name() == name {
			return TraitsOf(s), true
		}
	}
	return Traits{}, false
}
