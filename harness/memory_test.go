package harness

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestMemoryNeeded(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want uint64
	}{
		// Pairs 16 B and two works' results 2×8 B an item for 1100 items,
		// plus two results of the largest n, doubled.
		{"two-sizes", Config{Sizes: []int{100, 1000}, Works: []int{0, 100}}, 2 * (1100*(16+2*8) + 1000*2*8)},
		{"largest-int", Config{Sizes: []int{math.MaxInt}, Works: []int{0}}, math.MaxUint64},
		{"sum-overflows", Config{Sizes: []int{math.MaxInt / 16, math.MaxInt/16 - 1}, Works: []int{0}}, math.MaxUint64},
	}
	for _, tt := range tests {
		if got := tt.cfg.MemoryNeeded(); got != tt.want {
			t.Errorf("%s: MemoryNeeded = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestMeminfo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meminfo")
	if err := os.WriteFile(path, []byte("MemTotal:       24683656 kB\nMemAvailable:   1000 kB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, ok := meminfo(path, "MemAvailable"); !ok || got != 1000*1024 {
		t.Errorf("meminfo = %d, %v; want %d, true", got, ok, 1000*1024)
	}
	if _, ok := meminfo(path, "SwapFree"); ok {
		t.Error("meminfo found a key that is not there")
	}
	if runtime.GOOS == "linux" {
		if n, ok := AvailableMemory(); !ok || n == 0 {
			t.Errorf("AvailableMemory = %d, %v on linux", n, ok)
		}
	}
}
