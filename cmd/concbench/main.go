// The command's manual is the package doc comment in doc.go.

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes, as in the package doc.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageErr marks an error caused by bad flags or bad input: exit code 2.
// It adds nothing to the message, which names the problem in one line;
// msg, if set, replaces the wrapped error's text.
type usageErr struct {
	err error
	msg string
}

func (e usageErr) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return e.err.Error()
}

func (e usageErr) Unwrap() error { return e.err }

// usageError formats a bad-usage error: one line, exit code 2.
func usageError(format string, args ...any) error {
	return usageErr{err: fmt.Errorf(format, args...)}
}

// command is one subcommand: it parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "measure strategies over a sweep and write a benchmark file", cmdRun},
		{"list", "list the strategies with what they teach and their Python counterpart", cmdList},
		{"report", "summarise benchmark files: medians, CIs, speedups, break-even n", cmdReport},
		{"plot", "draw charts (SVG and PNG) from benchmark files", cmdPlot},
	}
}

// run is the whole program: it returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var err error
	switch {
	case len(args) == 0:
		err = cmdDefault(ctx, stdout, stderr)
	case args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help":
		printUsage(stdout)
		return exitOK
	default:
		err = usageError("unknown command %q (valid: run, list, report, plot, help)", args[0])
		for _, c := range commands() {
			if c.name == args[0] {
				err = c.run(ctx, args[1:], stdout, stderr)
				break
			}
		}
	}
	return exitCode(ctx, err, stderr)
}

// exitCode prints err (one line) and maps it to an exit code.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		fmt.Fprintf(stderr, "concbench: interrupted: %v\n", err)
		return exitInterrupted
	case errors.As(err, new(usageErr)):
		fmt.Fprintf(stderr, "concbench: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "concbench: %v\n", err)
		return exitFailure
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: concbench [command] [flags]")
	fmt.Fprintln(w, "\nWith no command, runs the quick sweep and prints a report.")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'concbench COMMAND -h' for a command's flags.")
}
