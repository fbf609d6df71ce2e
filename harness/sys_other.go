//go:build !linux

package harness

// physicalMemory returns 0: the machine's RAM is read only on Linux, and
// elsewhere only MaxSize bounds the sizes.
func physicalMemory() uint64 { return 0 }

// loadAverage and steal are read only on Linux.
func loadAverage() string { return "" }
func steal() string       { return "" }
