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
	"slices"
	"testing"

	"github.com/concbench/concbench/strategies"
)

// This file is the frozen check: do not edit it.

func TestApply(t *testing.T) {
	k := strategies.Kernel{Const: 100, Work: 3}
	for _, n := range []int{2, 20, 1000} {
		in := strategies.Pairs(n)
		want, err := strategies.Map(context.Background(), strategies.Sequential{}, k, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			got := Apply(k, in)
			if !slices.Equal(got, want) {
				t.Errorf("Apply: %d of %d results differ from sequential (first: %d, want %d)",
					countDiff(got, want), n, got[0], want[0])
			}
			if got := ApplyModern(k, in); !slices.Equal(got, want) {
				t.Errorf("ApplyModern differs from sequential: Go 1.22 loop semantics are not in force in modern.go")
			}
		})
	}
}

// TestStillGo121 keeps the exercise honest: the fix must be in the code, not
// in raising the file's language version to Go 1.22.
func TestStillGo121(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if !declaresFunc(f, "Apply") {
			continue
		}
		found++
		if v := goVersion(f); v != "go1.21" {
			t.Errorf("%s declares Apply with language version %q, want go1.21 (keep the //go:build go1.21 line)", name, v)
		}
	}
	if found == 0 {
		t.Fatal("no file declares Apply")
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
