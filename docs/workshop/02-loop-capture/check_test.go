//go:build workshop

package loopcapture

import (
	"context"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/docs/workshop/internal/probe"
	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it. Run it as the README says,
// with -race.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunWithRace(t *testing.T) {
	probe.RequireRace(t, "go test -tags workshop -race ./docs/workshop/02-loop-capture/")
}

func TestApply(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, n := range []int{2, 20, 1000} {
		in := strategies.Pairs(n)
		want, err := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			got := Apply(in, k.Apply)
			if !slices.Equal(got, want) {
				t.Errorf("Apply: %d of %d results differ from sequential (first: %d, want %d)",
					countDiff(got, want), n, got[0], want[0])
			}
			if got := ApplyModern(in, k.Apply); !slices.Equal(got, want) {
				t.Errorf("ApplyModern differs from sequential: Go 1.22 loop semantics are not in force in modern.go")
			}
		})
	}
}

// TestCallsOverlap asks for the goroutines' point: calls that run at the
// same time. The first two calls of f wait for each other (up to
// probe.Patience), so an Apply that runs its calls one after another, in a
// loop or by waiting for each goroutine before starting the next, fails
// however fast the machine is, and one that overlaps them passes however
// slow. It runs in a probe.Bubble, whose fake clock moves only when every
// goroutine is blocked, so a wrong answer fails at once.
func TestCallsOverlap(t *testing.T) {
	const n = 100
	k := strategies.Kernel{Const: 100}
	probe.Bubble(t, func(t *testing.T) {
		o := probe.NewOverlap(2)
		got := Apply(strategies.Pairs(n), func(p strategies.Pair) int64 {
			o.Enter()
			defer o.Exit()
			return k.Apply(p)
		})
		t.Logf("peak calls in flight: %d of %d", o.Peak(), n)
		if !o.Met() {
			t.Errorf("no two calls of f ever ran at once (waited %v): the goroutines ran one after another", probe.Patience)
		}
		if len(got) != n {
			t.Errorf("len(Apply) = %d, want %d", len(got), n)
		}
	})
}

// TestStillGo121 keeps the exercise honest: the fix must be in the code, not
// in raising the file's language version to Go 1.22. It reads the file the
// compiled Apply comes from, so the other versions of Apply beside it
// (solution.go, the wrong answers), left out of the build by their tags, do
// not count.
func TestStillGo121(t *testing.T) {
	fn := runtime.FuncForPC(reflect.ValueOf(Apply).Pointer())
	file, _ := fn.FileLine(fn.Entry())
	name := filepath.Base(file)
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	if !declaresFunc(f, "Apply") {
		t.Fatalf("%s does not declare Apply, but the compiled Apply comes from %s", name, file)
	}
	if v := goVersion(f); v != "go1.21" {
		t.Errorf("%s declares Apply with language version %q, want go1.21 (keep the //go:build go1.21 line)", name, v)
	}
}

func declaresFunc(f *ast.File, name string) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			return true
		}
	}
	return false
}

// goVersion returns the minimum Go version f's //go:build line implies, which
// is the language version the compiler uses for the file.
func goVersion(f *ast.File) string {
	for _, g := range f.Comments {
		if g.Pos() > f.Package {
			break
		}
		for _, c := range g.List {
			if constraint.IsGoBuild(c.Text) {
				expr, err := constraint.Parse(c.Text)
				if err != nil {
					return ""
				}
				return constraint.GoVersion(expr)
			}
		}
	}
	return ""
}

func countDiff(a, b []int64) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}
