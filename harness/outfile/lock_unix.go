//go:build unix

package outfile

import (
	"errors"
	"os"
	"syscall"
)

// lock takes an exclusive advisory lock on f, held until f is closed or the
// process dies. With wait it blocks until the lock is free; without, a lock
// held elsewhere is errLocked.
func lock(f *os.File, wait bool) error {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLocked
		}
		return err
	}
}
