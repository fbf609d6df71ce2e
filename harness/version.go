package harness

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// modulePath is concbench's module, whose checkout Version asks git about.
const modulePath = "github.com/concbench/concbench"

// Version returns the module version and VCS revision concbench was built
// from, as Run writes them in the concbench and commit notes: each "devel"
// when the build did not record it. A modified tree adds "+dirty" to
// commit. A build that recorded no revision (go run, go test) takes it
// from git when the working directory is in a checkout of concbench:
// HEAD, with "+dirty" when git status lists changes to tracked files; so
// a results file made with go run ./cmd/concbench still names its commit.
func Version() (version, commit string) {
	version, commit = buildVersion()
	if commit == "devel" {
		if c, ok := gitCommit(runGit); ok {
			commit = c
		}
	}
	return version, commit
}

// buildVersion is Version from the build information only.
func buildVersion() (version, commit string) {
	version, commit = "devel", "devel"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version, commit
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		version = v
	}
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && commit != "devel" {
		commit += "+dirty"
	}
	return version, commit
}

// gitFunc runs git with args in the working directory and returns its
// standard output.
type gitFunc func(args ...string) ([]byte, error)

// runGit is the real gitFunc.
func runGit(args ...string) ([]byte, error) {
	return exec.Command("git", args...).Output()
}

// gitCommit returns HEAD's revision, with "+dirty" when tracked files
// differ from it, if the working directory is in a git checkout of
// concbench (its top directory's go.mod declares modulePath), and false
// otherwise: another repository's HEAD would name the wrong code.
func gitCommit(git gitFunc) (string, bool) {
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return "", false
	}
	mod, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(top)), "go.mod"))
	if err != nil || modulePathOf(mod) != modulePath {
		return "", false
	}
	head, err := git("rev-parse", "HEAD")
	if err != nil {
		return "", false
	}
	status, err := git("status", "--porcelain", "--untracked-files=no")
	if err != nil {
		return "", false
	}
	commit := strings.TrimSpace(string(head))
	if len(bytes.TrimSpace(status)) > 0 {
		commit += "+dirty"
	}
	return commit, commit != ""
}

// modulePathOf returns the module path a go.mod declares, or "".
func modulePathOf(mod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(mod))
	for sc.Scan() {
		if p, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(p), `"`)
		}
	}
	return ""
}
