package harness

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGitCommit: without a VCS stamp (go run) the commit comes from git,
// but only in a checkout of concbench, with +dirty for changed files.
func TestGitCommit(t *testing.T) {
	ours, theirs := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(ours, "go.mod"), []byte("// concbench\nmodule github.com/concbench/concbench\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(theirs, "go.mod"), []byte("module example.com/other\n"), 0o644)
	const head = "0123456789abcdef0123456789abcdef01234567"
	fake := func(top, status string, fail bool) gitFunc {
		return func(args ...string) ([]byte, error) {
			if fail {
				return nil, errors.New("fatal: not a git repository")
			}
			switch strings.Join(args, " ") {
			case "rev-parse --show-toplevel":
				return []byte(top + "\n"), nil
			case "rev-parse HEAD":
				return []byte(head + "\n"), nil
			case "status --porcelain --untracked-files=no":
				return []byte(status), nil
			}
			t.Fatalf("unexpected git %q", args)
			return nil, nil
		}
	}
	for _, tt := range []struct {
		name   string
		git    gitFunc
		commit string
		ok     bool
	}{
		{"clean", fake(ours, "", false), head, true},
		{"dirty", fake(ours, " M harness/env.go\n", false), head + "+dirty", true},
		{"other module", fake(theirs, "", false), "", false},
		{"no go.mod", fake(t.TempDir(), "", false), "", false},
		{"not a checkout", fake("", "", true), "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if commit, ok := gitCommit(tt.git); commit != tt.commit || ok != tt.ok {
				t.Errorf("gitCommit = %q, %v; want %q, %v", commit, ok, tt.commit, tt.ok)
			}
		})
	}
}

// TestVersionUnderGoTest: a test binary has no VCS stamp, as under go run;
// in this checkout Version names the commit git does.
func TestVersionUnderGoTest(t *testing.T) {
	if _, commit := buildVersion(); commit != "devel" {
		t.Skip("this binary has a VCS stamp")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git checkout:", err)
	}
	_, commit := Version()
	if got, want := strings.TrimSuffix(commit, "+dirty"), strings.TrimSpace(string(head)); got != want {
		t.Errorf("Version() commit = %q, want git's HEAD %q", commit, want)
	}
}
