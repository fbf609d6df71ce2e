//go:build !linux

package harness

// memoryLimit returns 0: the memory a process may use is read only on
// Linux, and elsewhere only MaxSize bounds the sizes.
func memoryLimit() (uint64, string) { return 0, "" }

// loadAverage and steal are read only on Linux.
func loadAverage() string { return "" }
func steal() string       { return "" }
