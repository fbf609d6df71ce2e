package harness

import (
	"fmt"
	"slices"

	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/strategies"
)

// Bytes per item a Run holds for each distinct n: the input pairs (16), the
// shared output (8), and during the check the reference and the checked
// result (8 + 8), plus a fresh result per call for Output Fresh (8), and
// headroom for the garbage collector's.
const bytesPerItem = 64

// Bytes per item a call of a strategy with Traits.AllocPerItem
// (goroutine-per-item) holds at its peak: a goroutine per item, each with
// the smallest stack and its bookkeeping.
const bytesPerGoroutine = 3 << 10

// MemoryNeeded estimates the bytes a Run of c holds at its peak: every
// distinct n's inputs and outputs at once, its skews' Rounds tables, and, when a strategy that holds
// a goroutine per item is measured (nil Strategies: every one), one per
// item of the largest n.
func (c Config) MemoryNeeded() uint64 {
	var need uint64
	tables := 0 // a Rounds table per n, work and skew but uniform
	for _, s := range c.skews() {
		if s != casekey.Uniform {
			tables += len(c.works()) + len(c.WorkTimes)
		}
	}
	for _, n := range slices.Compact(slices.Sorted(slices.Values(c.sizes()))) {
		need += uint64(n) * (bytesPerItem + 4*uint64(tables))
	}
	for _, s := range c.Strategies {
		if s != nil && strategies.TraitsOf(s).AllocPerItem {
			need += uint64(slices.Max(c.sizes())) * bytesPerGoroutine
			break
		}
	}
	if c.Strategies == nil {
		need += uint64(slices.Max(c.sizes())) * bytesPerGoroutine
	}
	return need
}

// MemoryError is Validate's error for sizes that need more than half of
// the memory the process may use: the least of the machine's RAM, its
// cgroup's limit and its address space limit (ulimit -v), on Linux. It
// wraps ErrConfig.
type MemoryError struct {
	Need, Have uint64 // bytes
	// Limit says what sets Have: "this machine's RAM", "the address space
	// limit, ulimit -v", or the cgroup file.
	Limit string
	// N is the largest size.
	N int
}

func (e *MemoryError) Error() string {
	return fmt.Sprintf("%v: the sizes need about %s of memory, more than half of the %s this process may use (%s; largest n: %d)",
		ErrConfig, bytesString(e.Need), bytesString(e.Have), e.Limit, e.N)
}

// Unwrap returns ErrConfig.
func (e *MemoryError) Unwrap() error { return ErrConfig }

// bytesString formats a byte count in binary units: "1.5 GiB".
func bytesString(b uint64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := uint64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}
