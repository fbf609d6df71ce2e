//go:build !unix

package python

import "os/exec"

// ownGroup does nothing where process groups are missing.
func ownGroup(*exec.Cmd) {}
