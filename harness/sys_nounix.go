//go:build !unix

package harness

import "time"

// cpuTime returns 0: CPU time is read with getrusage, which only Unix has.
func cpuTime() time.Duration { return 0 }
