package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// parseFlags parses args into fs for a command that takes no arguments,
// turning every problem into one usage line that names the valid choices.
// For -h it prints the flags on stdout and returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	synopsis := "concbench " + fs.Name()
	if hasFlags(fs) {
		synopsis += " [flags]"
	}
	pos, err := parseInterspersed(fs, args, stdout, synopsis)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		what := "only flags"
		if !hasFlags(fs) {
			what = "no arguments"
		}
		return usageError("%s: unexpected argument %q (%s takes %s; see concbench %s -h)", fs.Name(), pos[0], fs.Name(), what, fs.Name())
	}
	return nil
}

// parseInterspersed parses flags that may follow positional arguments
// ("plot a.txt b.txt -o charts"), which flag.Parse alone stops at. Like
// parseFlags, -h prints synopsis and flags on stdout and returns
// flag.ErrHelp, and a bad flag is one usage line.
func parseInterspersed(fs *flag.FlagSet, args []string, stdout io.Writer, synopsis string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(fs, stdout, synopsis)
				return nil, err
			}
			return nil, flagError(fs, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// hasFlags reports whether fs defines any flag.
func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// printHelp prints the synopsis and fs's flags on stdout, as -h asks.
func printHelp(fs *flag.FlagSet, stdout io.Writer, synopsis string) {
	fmt.Fprintf(stdout, "usage: %s\n", synopsis)
	if !hasFlags(fs) {
		return
	}
	fmt.Fprintf(stdout, "\nflags:\n")
	fs.SetOutput(stdout)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// flagError turns an error from fs.Parse into one usage line that names the
// valid flags.
func flagError(fs *flag.FlagSet, err error) error {
	var names []string
	fs.VisitAll(func(fl *flag.Flag) { names = append(names, "-"+fl.Name) })
	msg, unknown := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if unknown && !hasFlags(fs) {
		return usageError("%s: unknown flag %s (%s takes no flags)", fs.Name(), msg, fs.Name())
	}
	if unknown {
		return usageError("%s: unknown flag %s (valid: %s)", fs.Name(), msg, strings.Join(names, ", "))
	}
	return usageError("%s: %v (see concbench %s -h)", fs.Name(), err, fs.Name())
}
