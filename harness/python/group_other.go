//go:build !unix

package python

import "os/exec"

// ownGroup does nothing where process groups are missing.
func ownGroup(*exec.Cmd) {}

// killGroup kills the programme where process groups are missing.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}
