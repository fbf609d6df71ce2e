package harness

import (
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// cgroupLimit returns the memory limit of the cgroups that selfCgroup
// (the text of /proc/self/cgroup) names, read from fsys, the cgroup file
// system's mount point (/sys/fs/cgroup), and the file that sets it, or 0
// when none is set. It reads cgroup v2's memory.max and v1's
// memory.limit_in_bytes, of the process's cgroup and of every ancestor,
// whose limits hold for it too, and, as in a container that mounts its
// own cgroup as the root, of the root.
func cgroupLimit(fsys fs.FS, selfCgroup string) (limit uint64, file string) {
	for line := range strings.Lines(selfCgroup) {
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) != 3 {
			continue
		}
		var dir, name string
		switch {
		case f[0] == "0" && f[1] == "":
			dir, name = ".", "memory.max"
		case hasController(f[1], "memory"):
			dir, name = "memory", "memory.limit_in_bytes"
		default:
			continue
		}
		for p := path.Clean("/" + f[2]); ; p = path.Dir(p) {
			fp := path.Join(dir, p, name)
			if b, err := fs.ReadFile(fsys, fp); err == nil {
				v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
				// "max" (v2) and a huge value (v1's unlimited) set no limit.
				if err == nil && v < 1<<62 && (limit == 0 || v < limit) {
					limit, file = v, fp
				}
			}
			if p == "/" {
				break
			}
		}
	}
	return limit, file
}

// hasController reports whether the comma-separated list has c.
func hasController(list, c string) bool {
	for x := range strings.SplitSeq(list, ",") {
		if x == c {
			return true
		}
	}
	return false
}
