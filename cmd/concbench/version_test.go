package main

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/concbench/concbench/harness"
)

func TestVersion(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout *regexp.Regexp
		stderr string
	}{
		{"plain", []string{"version"}, exitOK, regexp.MustCompile(`^concbench \S+ \(commit \S+\) go\S+ \w+/\w+\n$`), ""},
		{"flag", []string{"version", "-v"}, exitUsage, regexp.MustCompile(`^$`), "concbench: version: unknown flag -v (version takes no flags)\n"},
		{"argument", []string{"version", "all"}, exitUsage, regexp.MustCompile(`^$`), "concbench: version: unexpected argument \"all\" (version takes no arguments; see concbench version -h)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), tt.args...)
			if code != tt.code || !tt.stdout.MatchString(stdout) || stderr != tt.stderr {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %v and %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	version, commit := harness.Version()
	want := fmt.Sprintf("concbench %s (commit %s) %s %s/%s\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if _, stdout, _ := runCLI(t, context.Background(), "version"); stdout != want {
		t.Errorf("version printed %q, want %q", stdout, want)
	}
}

// TestVersionBinary checks concbench version of a real build against what
// the go command reads from the same binary: its module version, VCS
// revision (with +dirty for a modified tree) and Go version.
func TestVersionBinary(t *testing.T) {
	bin := buildBinary(t)
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	goVersion, version, commit, dirty := "", "devel", "devel", false
	for i, line := range strings.Split(string(info), "\n") {
		f := strings.Fields(line)
		switch {
		case i == 0 && len(f) == 2:
			goVersion = f[1]
		case len(f) >= 3 && f[0] == "mod" && f[2] != "(devel)":
			version = f[2]
		case len(f) == 2 && f[0] == "build":
			if v, ok := strings.CutPrefix(f[1], "vcs.revision="); ok {
				commit = v
			}
			dirty = dirty || f[1] == "vcs.modified=true"
		}
	}
	if dirty {
		commit += "+dirty"
	}
	if commit == "devel" { // no VCS stamp: the binary asks git, as go run does
		commit = gitHead(t)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("concbench %s (commit %s) %s %s/%s\n", version, commit, goVersion, runtime.GOOS, runtime.GOARCH)
	if string(out) != want {
		t.Errorf("concbench version printed %q; go version -m says %q", out, want)
	}
}

// gitHead returns what git says of the checkout the test runs in: HEAD,
// with +dirty when tracked files changed, or "devel" outside a checkout.
func gitHead(t *testing.T) string {
	t.Helper()
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "devel"
	}
	status, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output()
	if err != nil {
		t.Fatal(err)
	}
	commit := strings.TrimSpace(string(head))
	if len(strings.TrimSpace(string(status))) > 0 {
		commit += "+dirty"
	}
	return commit
}
