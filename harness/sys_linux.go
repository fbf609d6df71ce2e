package harness

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// physicalMemory returns the machine's RAM in bytes, or 0 if it cannot tell.
func physicalMemory() uint64 {
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}

// memoryLimit returns the memory this process may use, the least of the
// machine's RAM, its cgroup's limit (v2 memory.max or v1
// memory.limit_in_bytes) and its address space limit (ulimit -v), with
// what sets it; 0 if it cannot tell.
func memoryLimit() (uint64, string) {
	have, what := physicalMemory(), "this machine's RAM"
	if b, err := os.ReadFile("/proc/self/cgroup"); err == nil {
		if lim, file := cgroupLimit(os.DirFS("/sys/fs/cgroup"), string(b)); lim > 0 && (have == 0 || lim < have) {
			have, what = lim, "the cgroup's limit, /sys/fs/cgroup/"+file
		}
	}
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_AS, &rl) == nil && rl.Cur != unix.RLIM_INFINITY && (have == 0 || rl.Cur < have) {
		have, what = rl.Cur, "the address space limit, ulimit -v"
	}
	return have, what
}

// loadAverage returns the 1-, 5- and 15-minute load averages, "0.52 0.48
// 0.30", or "" if the system does not tell.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// load1 returns the 1-minute load average, or false if the system does
// not tell.
func load1() (float64, bool) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 1 {
		return 0, false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	return v, err == nil
}

// steal returns the share of CPU time the hypervisor gave to other
// machines since boot ("0.4% since boot"), or "" off a VM or if the
// system does not tell: a high value means noisy neighbours.
func steal() string {
	c, ok := readCPUStat()
	if !ok || c.total == 0 {
		return ""
	}
	return strconv.FormatFloat(100*float64(c.steal)/float64(c.total), 'f', 1, 64) + "% since boot"
}

// readCPUStat returns the machine's CPU time counters since boot, from
// /proc/stat's cpu line.
func readCPUStat() (cpuStat, bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuStat{}, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return cpuStat{}, false
	}
	var c cpuStat
	for i, v := range f[1:] {
		x, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return cpuStat{}, false
		}
		if i < 8 { // user nice system idle iowait irq softirq steal; guest is in user
			c.total += x
		}
		if i == 7 {
			c.steal = x
		}
	}
	return c, true
}
