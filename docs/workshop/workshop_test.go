// Package workshop_test checks the workshop exercises in the directories
// beside it: that each is complete, and that each frozen check fails on the
// starter and passes on the reference solution.
//
// The exercises' own files all carry the "workshop" build tag, so a plain
// go test ./... never builds them; this test runs them in child go
// commands. TestExercisesBothWays takes about 15 s on 2 cores with a warm
// build cache (about a minute cold, when the race-instrumented standard
// library must be built); -short skips it.
package workshop_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// exerciseDir matches an exercise's directory name: NN-name.
var exerciseDir = regexp.MustCompile(`^[0-9]{2}-[a-z0-9-]+$`)

// exercises returns the exercise directories, in order.
func exercises(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && exerciseDir.MatchString(e.Name()) {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) < 6 {
		t.Fatalf("found %d exercise directories (%v), want at least 6", len(dirs), dirs)
	}
	return dirs
}

// checkCommand returns the one command the exercise's README tells the
// learner to run: a line of its own that starts with "go test -tags
// workshop" and ends with the exercise's package path.
func checkCommand(t *testing.T, dir string) []string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	suffix := " ./docs/workshop/" + dir + "/"
	var cmds []string
	for line := range strings.Lines(string(readme)) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "go test -tags workshop ") && strings.HasSuffix(line, suffix) {
			cmds = append(cmds, line)
		}
	}
	if len(cmds) != 1 {
		t.Fatalf("%s/README.md: found %d check commands (lines 'go test -tags workshop ...%s'), want exactly 1: %q", dir, len(cmds), suffix, cmds)
	}
	return strings.Fields(cmds[0])
}

// buildLine returns the //go:build line of a Go source file, or "".
func buildLine(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(src)) {
		if strings.HasPrefix(line, "//go:build ") {
			return strings.TrimSpace(line)
		}
		if strings.HasPrefix(line, "package ") {
			break
		}
	}
	return ""
}

func TestExerciseFiles(t *testing.T) {
	for _, dir := range exercises(t) {
		t.Run(dir, func(t *testing.T) {
			for _, f := range []struct {
				name, tags string // tags: what the //go:build line must contain
			}{
				{"README.md", ""},
				{"starter.go", "!solution"},
				{"solution.go", "solution"},
				{"check_test.go", "workshop"},
			} {
				path := filepath.Join(dir, f.name)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("missing %s: %v", f.name, err)
					continue
				}
				if f.tags == "" {
					continue
				}
				if line := buildLine(t, path); !strings.Contains(line, "workshop") || !strings.Contains(line, f.tags) {
					t.Errorf("%s: build line %q must require workshop and %s", f.name, line, f.tags)
				}
			}
			if src, err := os.ReadFile(filepath.Join(dir, "starter.go")); err == nil && !bytes.Contains(src, []byte("TODO")) {
				t.Errorf("starter.go has no TODO")
			}
			checkCommand(t, dir)
		})
	}
}

// TestExercisesBothWays runs each README's check command on the starter,
// where it must fail with a test failure (not a build error), then with the
// solution tag added, where it must pass; and it vets each solution.
func TestExercisesBothWays(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every exercise's check twice in child go commands (about 15 s warm)")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not found: %v", err)
	}
	for _, dir := range exercises(t) {
		args := checkCommand(t, dir)[1:] // drop "go"
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			run := func(args ...string) (string, error) {
				ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, goTool, args...)
				cmd.Dir = filepath.Join("..", "..")
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			starter := append([]string{args[0], "-count=1"}, args[1:]...)
			out, err := run(starter...)
			switch {
			case err == nil:
				t.Errorf("go %s passed on the starter; the check must fail there", strings.Join(starter, " "))
			case strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]") || !strings.Contains(out, "--- FAIL"):
				t.Errorf("go %s failed on the starter without a test failure:\n%s", strings.Join(starter, " "), out)
			}

			solution := make([]string, len(starter))
			for i, a := range starter {
				solution[i] = a
				if a == "workshop" && i > 0 && starter[i-1] == "-tags" {
					solution[i] = "workshop,solution"
				}
			}
			if out, err := run(solution...); err != nil {
				t.Errorf("go %s failed on the solution: %v\n%s", strings.Join(solution, " "), err, out)
			}
			if out, err := run("vet", "-tags", "workshop,solution", "./docs/workshop/"+dir+"/"); err != nil {
				t.Errorf("go vet of the solution: %v\n%s", err, out)
			}
		})
	}
}
