package main

import (
	"context"
	"strings"
	"testing"

	"github.com/concbench/concbench/strategies"
)

func TestList(t *testing.T) {
	code, stdout, stderr := runCLI(t, context.Background(), "list")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, s := range strategies.All() {
		l := s.(strategies.Lesson)
		for _, want := range []string{s.Name(), l.Teaches(), "Python: " + l.Python()} {
			if !strings.Contains(stdout, want) {
				t.Errorf("list output lacks %q", want)
			}
		}
		// The line after a strategy's Python line says whether it runs
		// the user's function.
		_, rest, _ := strings.Cut(stdout, "Python: "+l.Python()+"\n")
		if marked := strings.HasPrefix(strings.TrimSpace(rest), "seed kernel only"); marked == strategies.RunsFunc(s) {
			t.Errorf("%s: marked seed kernel only: %v, but RunsFunc = %v", s.Name(), marked, strategies.RunsFunc(s))
		}
	}
	golden(t, "run-list.golden", []byte(stdout))
}

func TestListBadUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"flag", []string{"list", "-x"}, "unknown flag -x (list takes no flags)"},
		{"argument", []string{"list", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), tt.args...)
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, tt.msg) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and one line containing %q", code, stdout, stderr, tt.msg)
			}
		})
	}
}
