//go:build unix

package python

import (
	"os/exec"
	"syscall"
)

// ownGroup starts cmd in a process group of its own. A terminal sends
// Ctrl-C to its whole foreground group; this way only the caller gets it
// and interrupts the programme itself, once, and reads the samples it
// finished, instead of the programme and each of its Pool workers taking
// the signal at once.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills cmd's process group: the programme and every Pool
// worker it started, which would otherwise outlive it.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
