package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/concbench/concbench/strategies"
)

// cmdList is `concbench list`: every strategy, in strategies.All order, with
// what it teaches and its nearest Python counterpart.
func cmdList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, s := range strategies.All() {
		teaches, python := "", ""
		if l, ok := s.(strategies.Lesson); ok {
			teaches, python = l.Teaches(), l.Python()
		}
		fmt.Fprintf(tw, "%s\t%s\n", s.Name(), teaches)
		fmt.Fprintf(tw, "\tPython: %s\n", python)
	}
	return tw.Flush()
}
