//go:build !linux

package harness

// memoryLimit returns 0: the memory a process may use is read only on
// Linux, and elsewhere only MaxSize bounds the sizes.
func memoryLimit() (uint64, string) { return 0, "" }

// loadAverage, load1, steal and readCPUStat are read only on Linux.
func loadAverage() string          { return "" }
func load1() (float64, bool)       { return 0, false }
func steal() string                { return "" }
func readCPUStat() (cpuStat, bool) { return cpuStat{}, false }
