package harness

import (
	"bufio"
	"bytes"
	"math"
	"math/bits"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"github.com/concbench/concbench/strategies"
)

// MemoryNeeded estimates the heap a Run of c holds at its peak, in bytes:
// the input pairs of every size, kept for the whole run; sequential's
// result for every size and work, kept for the checks; and at the largest
// size a strategy's result beside the one being compared with it. The sum
// is doubled for the garbage collector's headroom (GOGC=100). It
// saturates at math.MaxUint64 instead of overflowing, so that absurd
// sizes compare as too large. Strategies' own bookkeeping (goroutines,
// channel buffers) is small beside this and left out.
func (c Config) MemoryNeeded() uint64 {
	pair := uint64(unsafe.Sizeof(strategies.Pair{}))
	result := uint64(unsafe.Sizeof(int64(0)))
	works := uint64(len(c.works()))
	var sum, largest uint64
	for _, n := range c.sizes() {
		items := uint64(max(n, 0))
		sum = addSat(sum, mulSat(items, addSat(pair, mulSat(works, result))))
		largest = max(largest, items)
	}
	sum = addSat(sum, mulSat(largest, 2*result))
	return mulSat(sum, 2)
}

func mulSat(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 {
		return math.MaxUint64
	}
	return lo
}

func addSat(a, b uint64) uint64 {
	s, carry := bits.Add64(a, b, 0)
	if carry != 0 {
		return math.MaxUint64
	}
	return s
}

// AvailableMemory returns how many bytes a Run can allocate without
// swapping or being killed: on Linux, MemAvailable from /proc/meminfo,
// lowered to what the process's cgroup (v2) still allows when it has a
// limit. ok is false where neither can be read.
func AvailableMemory() (n uint64, ok bool) {
	n, ok = meminfo("/proc/meminfo", "MemAvailable")
	if limit, lok := cgroupFree(); lok && (!ok || limit < n) {
		n, ok = limit, true
	}
	return n, ok
}

// meminfo returns the value of key in a /proc/meminfo-style file, in bytes.
func meminfo(path, key string) (uint64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != key {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		return mulSat(kb, 1024), err == nil
	}
	return 0, false
}

// cgroupFree returns memory.max less memory.current of the process's
// cgroup (v2), or false when there is no limit or no cgroup v2.
func cgroupFree() (uint64, bool) {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	_, path, ok := strings.Cut(strings.TrimSpace(string(data)), "0::")
	if !ok {
		return 0, false
	}
	dir := "/sys/fs/cgroup" + strings.TrimSpace(path)
	read := func(name string) (uint64, bool) {
		b, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			return 0, false
		}
		v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		return v, err == nil // "max" means no limit
	}
	limit, ok := read("memory.max")
	if !ok {
		return 0, false
	}
	used, _ := read("memory.current")
	return limit - min(used, limit), true
}
