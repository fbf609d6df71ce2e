package docs

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/strategies"
)

// A Python snippet in the docs is either a fenced ```python block, which
// must run as a programme of its own, or a one-line table cell: in a
// Markdown table whose column is headed "Python" or "Python counterpart",
// a cell that is exactly one code span is an expression in the seed's own
// form, which must evaluate to the seed's [10000, 10200, ..., 13800] given
// the names the README's seed defines (pythonPrelude). Cells with prose
// around their code are descriptions and are not run.
//
// A block that cannot run on its own is marked, on the line before its
// fence, with <!-- python: not run: REASON -->; the reason is required.

// snippet is one piece of Python found in a Markdown file.
type snippet struct {
	where string // file:line
	code  string
	skip  string // the reason given in a "not run" marker, or ""
}

var notRunMarker = regexp.MustCompile(`^<!--\s*python:\s*not run:\s*(.*?)\s*-->$`)

// pythonBlocks returns the fenced ```python blocks of a Markdown text,
// dedented to their fence.
func pythonBlocks(file, text string) []snippet {
	var out []snippet
	lines := strings.Split(text, "\n")
	prev := "" // the last non-blank line before the current one
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed != "```python" {
			if trimmed != "" {
				prev = trimmed
			}
			continue
		}
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		s := snippet{where: fmt.Sprintf("%s:%d", file, i+1)}
		if m := notRunMarker.FindStringSubmatch(prev); m != nil {
			s.skip = m[1]
			if s.skip == "" {
				s.skip = "(no reason given)"
			}
		}
		var code []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			code = append(code, strings.TrimPrefix(lines[i], indent))
		}
		s.code = strings.Join(code, "\n") + "\n"
		out = append(out, s)
		prev = "```"
	}
	return out
}

// pythonHeaders are the table column headings whose one-span cells are run.
var pythonHeaders = map[string]bool{"Python": true, "Python counterpart": true}

// singleSpan matches a cell that is exactly one code span.
var singleSpan = regexp.MustCompile("^`([^`]+)`$")

// pythonCells returns the one-span cells of the Python columns of a
// Markdown text's tables.
func pythonCells(file, text string) []snippet {
	var out []snippet
	col := -1 // the Python column of the table being read, or -1
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			col = -1
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		switch {
		case col == -1: // a header row
			col = -2
			for j, c := range cells {
				if pythonHeaders[c] {
					col = j
				}
			}
		case col >= 0 && col < len(cells):
			if m := singleSpan.FindStringSubmatch(cells[col]); m != nil && !strings.HasPrefix(cells[col], "`--") {
				out = append(out, snippet{where: fmt.Sprintf("%s:%d", file, i+1), code: m[1]})
			}
		}
	}
	return out
}

// markdownFiles returns README.md and every Markdown file under docs/.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"../README.md"}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func allSnippets(t *testing.T) (blocks, cells []snippet) {
	t.Helper()
	for _, file := range markdownFiles(t) {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, pythonBlocks(file, string(text))...)
		cells = append(cells, pythonCells(file, string(text))...)
	}
	return blocks, cells
}

func TestPythonBlocksAndCells(t *testing.T) {
	md := "intro\n\n```python\nprint(1)\n```\n\n<!-- python: not run: needs a GPU -->\n\n  ```python\n  import torch\n  ```\n" +
		"\n| name | Python | note |\n|---|---|---|\n| a | `pool.map(g, pairs)` | `x` |\n| b | a `Process` per item | |\n\ntext\n| Python it starts from |\n|---|\n| `not run` |\n"
	blocks := pythonBlocks("x.md", md)
	if len(blocks) != 2 || blocks[0].code != "print(1)\n" || blocks[0].skip != "" || blocks[0].where != "x.md:3" ||
		blocks[1].code != "import torch\n" || blocks[1].skip != "needs a GPU" {
		t.Errorf("pythonBlocks = %+v", blocks)
	}
	cells := pythonCells("x.md", md)
	if len(cells) != 1 || cells[0].code != "pool.map(g, pairs)" || cells[0].where != "x.md:15" {
		t.Errorf("pythonCells = %+v", cells)
	}
}

// TestPythonSnippetsFound keeps the runner honest: it must find the seed
// in the README, and every "not run" marker must give a reason.
func TestPythonSnippetsFound(t *testing.T) {
	blocks, cells := allSnippets(t)
	readme := 0
	for _, b := range blocks {
		if strings.HasPrefix(b.where, "../README.md:") {
			readme++
		}
		if b.skip == "(no reason given)" {
			t.Errorf("%s: a python block marked not run must say why", b.where)
		}
	}
	if readme == 0 || len(cells) < 10 {
		t.Errorf("found %d python blocks in README.md and %d table cells in all; the extraction is broken", readme, len(cells))
	}
	t.Logf("%d python blocks, %d table cells", len(blocks), len(cells))
}

// pythonPrelude defines the names the tables' one-line snippets use, as the
// README's seed defines them, then evaluates each cell and prints one JSON
// line per cell. A cell that needs a module Python does not have (joblib)
// is reported as skipped, with the module's name.
const pythonPrelude = `
import ast, importlib, json, math, multiprocessing, sys
from functools import partial
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def worker_fn(changing_stuff, const_value):
    a, b = changing_stuff
    return (a + b) * const_value


class Callable:
    def __init__(self, const_value):
        self.const_value = const_value

    def __call__(self, changing_stuff):
        a, b = changing_stuff
        return (a + b) * self.const_value


pairs = list(zip(range(20), range(100, 120)))
processes = 2
WANT = [10000 + 200 * i for i in range(20)]
OPTIONAL = {"joblib"}  # third-party modules a cell may use; absent, the cell is skipped

if __name__ == "__main__":
    cells = json.load(sys.stdin)
    with multiprocessing.Pool(processes) as pool:
        for cell in cells:
            result = {"where": cell["where"]}
            missing = set()  # names that are neither defined nor importable
            try:
                for node in ast.walk(ast.parse(cell["code"], mode="eval")):
                    if isinstance(node, ast.Name) and node.id not in globals() and not hasattr(__builtins__, node.id):
                        try:
                            globals()[node.id] = importlib.import_module(node.id)
                        except ModuleNotFoundError:
                            missing.add(node.id)  # a comprehension variable, or a module we lack
                got = list(eval(cell["code"], globals()))
                result["ok"] = got == WANT
                result["got"] = repr(got)
            except NameError as e:
                if e.name in missing and e.name in OPTIONAL:
                    result["skip"] = "module %s is not installed" % e.name
                else:
                    result["error"] = repr(e)
            except Exception as e:
                result["error"] = repr(e)
            print(json.dumps(result), flush=True)
`

// TestPythonSnippets runs every fenced python block in README.md and docs/
// with python3, and evaluates every one-line table snippet (see the top of
// this file). It takes several seconds (each multiprocessing block starts
// its own pool), so it runs only when CONCBENCH_E2E=1, as .ci/run sets.
func TestPythonSnippets(t *testing.T) {
	if os.Getenv("CONCBENCH_E2E") != "1" {
		t.Skip("set CONCBENCH_E2E=1 to run the Python snippets of README.md and docs/ (several seconds; .ci/run sets it)")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skipf("python3 not found (%v): the Python snippets in README.md and docs/ are not run", err)
	}
	blocks, cells := allSnippets(t)
	run := func(t *testing.T, stdin string, args ...string) string {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, python, args...)
		cmd.Dir = t.TempDir()
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("python3 %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	sem := make(chan struct{}, 2) // blocks run two at a time: 2 cores
	t.Run("blocks", func(t *testing.T) {
		for _, b := range blocks {
			t.Run(b.where, func(t *testing.T) {
				if b.skip != "" {
					t.Skipf("marked not run: %s", b.skip)
				}
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				path := filepath.Join(t.TempDir(), "snippet.py")
				if err := os.WriteFile(path, []byte(b.code), 0o644); err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				run(t, "", path)
				t.Logf("ran in %v", time.Since(start).Round(time.Millisecond))
			})
		}
	})
	t.Run("cells", func(t *testing.T) {
		type cell struct {
			Where string `json:"where"`
			Code  string `json:"code"`
		}
		var list []cell
		for _, c := range cells {
			list = append(list, cell{c.where, c.code})
		}
		in, err := json.Marshal(list)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "cells.py")
		if err := os.WriteFile(path, []byte(pythonPrelude), 0o644); err != nil {
			t.Fatal(err)
		}
		out := run(t, string(in), path)
		seen := 0
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			var r struct {
				Where, Got, Skip, Error string
				OK                      bool
			}
			if json.Unmarshal(sc.Bytes(), &r) != nil {
				continue
			}
			seen++
			code := ""
			for _, c := range cells {
				if c.where == r.Where {
					code = c.code
				}
			}
			switch {
			case r.Skip != "":
				t.Logf("%s: %s not run: %s", r.Where, code, r.Skip)
			case r.Error != "":
				t.Errorf("%s: %s raised %s", r.Where, code, r.Error)
			case !r.OK:
				t.Errorf("%s: %s = %s, want the seed's [10000, 10200, ..., 13800]", r.Where, code, r.Got)
			}
		}
		if seen != len(cells) {
			t.Errorf("python reported on %d of %d table cells:\n%s", seen, len(cells), out)
		}
	})
}

// TestPythonTwins keeps each strategy's Python twin one text wherever it
// is written: concbench list (Lesson.Python) and the README's table, whose
// row for the strategy must show it, code or prose (backticks aside);
// static-partition's, the one the cheat sheet names, is there too.
func TestPythonTwins(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range strategies.All() {
		twin := s.(strategies.Lesson).Python()
		found := false
		for line := range strings.Lines(string(readme)) {
			if strings.HasPrefix(line, "| [`"+s.Name()+"`]") {
				found = strings.Contains(strings.ReplaceAll(line, "`", ""), twin)
				break
			}
		}
		if !found {
			t.Errorf("README.md: the table row of %s does not show its Python twin %q (concbench list)", s.Name(), twin)
		}
	}
	twin := strategies.StaticPartition{}.Python()
	for _, file := range []string{"../README.md", "cheatsheet.md"} {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range pythonCells(file, string(text)) {
			found = found || c.code == twin
		}
		if !found {
			t.Errorf("%s: no Python table cell reads %q, static-partition's twin in concbench list", file, twin)
		}
	}
}
