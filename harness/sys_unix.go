//go:build unix

package harness

import (
	"time"

	"golang.org/x/sys/unix"
)

// cpuTime returns the user + system CPU time the process has used so far,
// on all of its threads (getrusage RUSAGE_SELF), or 0 if it cannot tell.
func cpuTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
