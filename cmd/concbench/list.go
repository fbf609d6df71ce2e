package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/concbench/concbench/strategies"
)

// listCmd is concbench list.
func listCmd() command {
	return command{
		name:      "list",
		usageLine: "list",
		short:     "list the strategies with what they teach and their Python counterpart",
		long: `
List prints every strategy's name with the one line it teaches and, below
it, its nearest Python counterpart, in the order run measures them and
reports show them. Run and report also show two references, loop and limit,
which measure the machine rather than a shape (see concbench help run).

Every strategy runs your own per-item function too (strategies.MapFunc,
harness.Bench in your _test.go), except those marked "seed kernel only":
their lesson is how the seed binds its constant. Those marked "chunked"
hand out their items in chunks whose size run -chunk sets; the others have
no chunks (their Traits say IgnoresChunk) and run at -chunk's first value
only.`,
		flags: func(*flag.FlagSet) runFunc { return cmdList },
	}
}

// cmdList is `concbench list`: every strategy, in strategies.All order, with
// what it teaches and its nearest Python counterpart.
func cmdList(_ context.Context, _ []string, stdout, _ io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, s := range strategies.All() {
		teaches, python := "", ""
		if l, ok := s.(strategies.Lesson); ok {
			teaches, python = l.Teaches(), l.Python()
		}
		fmt.Fprintf(tw, "%s\t%s\n", s.Name(), teaches)
		fmt.Fprintf(tw, "\tPython: %s\n", python)
		if !strategies.RunsFunc(s) {
			fmt.Fprintf(tw, "\tseed kernel only: does not run your function\n")
		}
		if !strategies.TraitsOf(s).IgnoresChunk {
			fmt.Fprintf(tw, "\tchunked: run -chunk sets how many items it hands out at once\n")
		}
	}
	return tw.Flush()
}
