package harness

import "golang.org/x/sys/unix"

// physicalMemory returns the machine's RAM in bytes, or 0 if it cannot tell.
func physicalMemory() uint64 {
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}
