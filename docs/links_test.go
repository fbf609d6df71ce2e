// Package docs holds concbench's write-up; its tests check that every
// relative link in README.md and docs/ points at a file that exists, and
// that every Python snippet there runs (snippets_test.go).
package docs

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdLink matches a Markdown link or image target: [text](target) or
// ![alt](target), with an optional "title".
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// relativeTargets returns the relative link targets in a Markdown text,
// without #fragments; absolute URLs and pure fragments are left out.
func relativeTargets(text string) []string {
	var out []string
	for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
		target := m[1]
		if u, err := url.Parse(target); err != nil || u.Scheme != "" || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "//") {
			continue
		}
		target, _, _ = strings.Cut(target, "#")
		if target != "" {
			out = append(out, target)
		}
	}
	return out
}

func TestRelativeTargets(t *testing.T) {
	got := relativeTargets(`[a](x.md) [b](https://go.dev) ![c](img/p.svg "t") [d](#top) [e](../y.go#L3)`)
	want := []string{"x.md", "img/p.svg", "../y.go"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("relativeTargets = %q, want %q", got, want)
	}
}

func TestLinksResolve(t *testing.T) {
	files := markdownFiles(t)
	links := 0
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range relativeTargets(string(text)) {
			links++
			path := filepath.Join(filepath.Dir(file), filepath.FromSlash(target))
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s: link %q does not resolve (%s)", file, target, path)
			}
		}
	}
	if links == 0 {
		t.Fatal("found no relative links at all; is the walk looking in the right place?")
	}
	t.Logf("%d relative links in %d files resolve", links, len(files))
}
