package harness

import (
	"testing"
	"testing/fstest"
)

// TestCgroupLimit reads the memory limit from cgroup files as the kernel
// lays them out (fixtures: the test cannot make a cgroup), v2 and v1,
// with the limit on the process's cgroup or on an ancestor.
func TestCgroupLimit(t *testing.T) {
	fsys := fstest.MapFS{
		"memory.max":                        {Data: []byte("max\n")},
		"user.slice/memory.max":             {Data: []byte("4294967296\n")},
		"user.slice/run/memory.max":         {Data: []byte("max\n")},
		"box/memory.max":                    {Data: []byte("2147483648\n")},
		"memory/memory.limit_in_bytes":      {Data: []byte("9223372036854771712\n")},
		"memory/job/memory.limit_in_bytes":  {Data: []byte("1073741824\n")},
		"memory/free/memory.limit_in_bytes": {Data: []byte("9223372036854771712\n")},
	}
	tests := []struct {
		name, self string
		want       uint64
		file       string
	}{
		{"v2-ancestor", "0::/user.slice/run\n", 4 << 30, "user.slice/memory.max"},
		{"v2-own", "0::/box\n", 2 << 30, "box/memory.max"},
		{"v2-none", "0::/\n", 0, ""},
		{"v1", "4:memory:/job\n0::/\n", 1 << 30, "memory/job/memory.limit_in_bytes"},
		{"v1-joined", "3:cpu,memory:/job\n", 1 << 30, "memory/job/memory.limit_in_bytes"},
		{"v1-unlimited", "4:memory:/free\n", 0, ""},
		{"both-least", "4:memory:/job\n0::/box\n", 1 << 30, "memory/job/memory.limit_in_bytes"},
		{"missing", "0::/gone\n", 0, ""},
	}
	for _, tt := range tests {
		if got, file := cgroupLimit(fsys, tt.self); got != tt.want || file != tt.file {
			t.Errorf("%s: cgroupLimit = %d, %q; want %d, %q", tt.name, got, file, tt.want, tt.file)
		}
	}
}
