package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// about is the manual's first sentence, after "Command ", and the first
// line of concbench -h.
const about = "concbench measures Go concurrency strategies for mapping a kernel over many items and reports which shape wins, where, and by how much."

// A command is one of concbench's commands, or a help topic, described
// once, as cmd/go's base.Command describes go's: the command list of
// concbench -h, each command's -h, its manual (concbench help NAME, and
// doc.go, which TestManual generates from these), the list of valid
// commands in "unknown command" and the usage errors about arguments all
// come from it.
type command struct {
	// name is what follows concbench on the command line: "report". The
	// default command, which runs when there is none, has none.
	name string
	// usageLine is the synopsis after "concbench ": "report [flags] FILE...".
	usageLine string
	// short is the command's line in the command list; a topic's is its
	// heading in the manual.
	short string
	// long is the command's section of the manual, in doc comment syntax.
	long string
	// args is what the command takes besides flags.
	args argKind
	// flags defines the command's flags on fs and returns the function
	// that runs the command once fs has parsed them, with the arguments
	// left over. Help calls it only to list the flags. Topics have none.
	flags func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command whose flags are parsed; args are the arguments
// besides the flags, checked against the command's argKind.
type runFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// argKind is what a command takes besides flags.
type argKind int

const (
	noArgs   argKind = iota // flags only
	fileArgs                // one or more benchmark files, before, between or after the flags
	nameArg                 // at most one command or topic name
	// filesOrPipe is fileArgs where none, or "-", reads standard input
	// when it is a pipe or a file: go test -bench . | concbench report.
	filesOrPipe
)

// stdinName is the file that standard input is read from as a benchmark
// file (see filesOrPipe).
const stdinName = "/dev/stdin"

// stdinFiles returns files with "-" as stdinName, or stdinName alone for
// no files, for a command that takes filesOrPipe.
func stdinFiles(files []string) []string {
	if len(files) == 0 {
		return []string{stdinName}
	}
	out := slices.Clone(files)
	for i, f := range out {
		if f == "-" {
			out[i] = stdinName
		}
	}
	return out
}

// stdinPiped reports whether standard input is a pipe or a file, not a
// terminal or /dev/null: whether a command that takes filesOrPipe, given
// no file, has something to read.
func stdinPiped() bool {
	fi, err := os.Stdin.Stat()
	return err == nil && (fi.Mode()&os.ModeNamedPipe != 0 || fi.Mode().IsRegular())
}

// commands returns concbench's commands in the order concbench -h lists
// them.
func commands() []command {
	return []command{runCmd(), listCmd(), reportCmd(), plotCmd(), versionCmd(), helpCmd()}
}

// lookup returns the entry of list named name.
func lookup(list []command, name string) (command, bool) {
	for _, c := range list {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// names lists the names of list for a usage error: "run, list, ...".
func names(list []command) string {
	var s []string
	for _, c := range list {
		s = append(s, c.name)
	}
	return strings.Join(s, ", ")
}

// dispatch runs the command args name: the default command when args are
// empty or start with a flag, else the command named by args[0].
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return defaultCmd().exec(ctx, args, stdout, stderr)
	}
	c, ok := lookup(commands(), args[0])
	if !ok {
		return usageError("unknown command %q (valid: %s; see concbench -h)", args[0], names(commands()))
	}
	return c.exec(ctx, args[1:], stdout, stderr)
}

// exec parses args with c's flags and runs c. -h prints c's help on stdout
// and returns flag.ErrHelp; every problem with the flags or the arguments
// is one usage line that names the valid choices.
func (c command) exec(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := c.flagSet()
	run := c.flags(fs)
	rest, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.printHelp(stdout, fs)
		return err
	case err != nil:
		return c.flagError(fs, err)
	}
	if err := c.checkArgs(fs, rest); err != nil {
		return err
	}
	return run(ctx, rest, stdout, stderr)
}

// flagSet returns a new, silent flag set for c: parse errors are returned,
// never printed.
func (c command) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet(cmp.Or(c.name, "concbench"), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseInterspersed parses flags that may follow arguments ("plot a.txt
// b.txt -o charts"), which flag.Parse alone stops at, and returns the
// arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// prefix starts c's usage errors: "report: ", or nothing for the default
// command, whose errors exitCode already starts with "concbench: ".
func (c command) prefix() string {
	if c.name == "" {
		return ""
	}
	return c.name + ": "
}

// helpCommand is how the user asks for c's flags: "concbench report -h".
func (c command) helpCommand() string {
	return strings.Join(strings.Fields("concbench "+c.name+" -h"), " ")
}

// checkArgs checks the arguments besides the flags against c.args.
func (c command) checkArgs(fs *flag.FlagSet, args []string) error {
	switch {
	case c.args == noArgs && len(args) > 0 && c.name == "":
		if _, ok := lookup(commands(), args[0]); ok {
			return usageError("unexpected argument %q: the command comes first (concbench %s [flags])", args[0], args[0])
		}
		return usageError("unexpected argument %q (valid commands: %s; with none, concbench takes only run's flags; see concbench -h)", args[0], names(commands()))
	case c.args == noArgs && len(args) > 0:
		what := "only flags"
		if !hasFlags(fs) {
			what = "no arguments"
		}
		return usageError("%sunexpected argument %q (%s takes %s; see %s)", c.prefix(), args[0], c.name, what, c.helpCommand())
	case c.args == fileArgs && len(args) == 0:
		return usageError("%s needs at least one benchmark file (usage: concbench %s)", c.name, c.usageLine)
	case c.args == filesOrPipe && len(args) == 0 && !stdinPiped():
		return usageError("%s needs at least one benchmark file, or go test output piped in (usage: concbench %s)", c.name, c.usageLine)
	case c.args == nameArg && len(args) > 1:
		return usageError("%sunexpected argument %q (%s takes at most one command or topic name)", c.prefix(), args[1], c.name)
	}
	return nil
}

// flagError turns an error from fs.Parse into one usage line that names the
// valid flags.
func (c command) flagError(fs *flag.FlagSet, err error) error {
	var names []string
	fs.VisitAll(func(fl *flag.Flag) { names = append(names, "-"+fl.Name) })
	msg, unknown := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	switch {
	case unknown && !hasFlags(fs):
		return usageError("%sunknown flag %s (%s takes no flags)", c.prefix(), msg, c.name)
	case unknown:
		return usageError("%sunknown flag %s (valid: %s)", c.prefix(), msg, strings.Join(names, ", "))
	}
	return usageError("%s%v (see %s)", c.prefix(), err, c.helpCommand())
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// hasFlags reports whether fs defines any flag.
func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// printHelp is -h: the usage line, what c does, and its flags. The
// default command's help is the command list.
func (c command) printHelp(w io.Writer, fs *flag.FlagSet) {
	if c.name == "" {
		printUsage(w)
		return
	}
	fmt.Fprintf(w, "usage: concbench %s\n\nconcbench %s: %s.\n", c.usageLine, c.name, c.short)
	if hasFlags(fs) {
		fmt.Fprintf(w, "\nflags:\n")
		writeFlags(w, fs, "  ")
	}
	fmt.Fprintf(w, "\nRun 'concbench help %s' for the manual.\n", c.name)
}

// printUsage is concbench -h and concbench help: every command with its
// short text, and the topics.
func printUsage(w io.Writer) {
	d := defaultCmd()
	fmt.Fprintf(w, "%s\n\nusage:\n", strings.Join(wrap(about, 78), "\n"))
	fmt.Fprintf(w, "  concbench %-20s %s\n", d.usageLine, d.short)
	fmt.Fprintf(w, "  concbench %-20s run a command\n", "COMMAND [arguments]")
	fmt.Fprintf(w, "\ncommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprintf(w, "\nhelp topics:\n")
	for _, t := range topics() {
		fmt.Fprintf(w, "  %-8s %s\n", t.name, t.short)
	}
	fmt.Fprintf(w, "\nRun 'concbench help NAME' for the manual of a command or topic, 'concbench COMMAND -h' for its flags.\n")
}

// writeManual writes c's section of the manual: for a command its usage
// line, long text and flags; for a topic its long text. It is what
// concbench help NAME prints, and doc.go holds it for every command and
// topic.
func (c command) writeManual(w io.Writer) {
	if c.flags == nil {
		fmt.Fprintln(w, strings.Trim(c.long, "\n"))
		return
	}
	fmt.Fprintf(w, "Usage:\n\n\tconcbench %s\n\n%s\n", c.usageLine, strings.Trim(c.long, "\n"))
	fs := c.flagSet()
	c.flags(fs)
	if c.name != "" && hasFlags(fs) { // the default command's flags are run's
		fmt.Fprintf(w, "\nFlags:\n\n")
		writeFlags(w, fs, "\t")
	}
}

// writeFlags lists fs's flags as flag.PrintDefaults does, with each usage
// text wrapped to fit 80 columns and every line after indent.
func writeFlags(w io.Writer, fs *flag.FlagSet, indent string) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "%s-%s", indent, f.Name)
		if name != "" {
			fmt.Fprintf(w, " %s", name)
		}
		fmt.Fprintln(w)
		if def, ok := nonZeroDefault(f); ok {
			usage += " (default " + def + ")"
		}
		for _, line := range wrap(usage, 66) {
			fmt.Fprintf(w, "%s    %s\n", indent, line)
		}
	})
}

// nonZeroDefault returns f's default as flag.PrintDefaults shows it,
// quoted for a string, and false when it is the zero value of its type.
func nonZeroDefault(f *flag.Flag) (string, bool) {
	t := reflect.TypeOf(f.Value)
	if t.Kind() == reflect.Pointer {
		zero := reflect.New(t.Elem()).Interface().(flag.Value)
		if f.DefValue == zero.String() {
			return "", false
		}
		if t.Elem().Kind() == reflect.String {
			return fmt.Sprintf("%q", f.DefValue), true
		}
	}
	return f.DefValue, true
}

// wrap breaks text into lines of at most width characters at spaces
// (longer words stay whole).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width:
			lines = append(lines, line)
			line = word
		default:
			line += " " + word
		}
	}
	return append(lines, line)
}

// capitalize returns s with its first letter in upper case, for a heading.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// helpCmd is concbench help.
func helpCmd() command {
	return command{
		name:      "help",
		usageLine: "help [COMMAND|TOPIC]",
		short:     "print the command list, or the manual of a command or topic",
		long: `
Help prints the list of commands and topics, as concbench -h does, or, given
the name of one, its section of this manual.`,
		args: nameArg,
		flags: func(*flag.FlagSet) runFunc {
			return cmdHelp
		},
	}
}

// cmdHelp is concbench help [NAME].
func cmdHelp(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) == 0 {
		printUsage(stdout)
		return nil
	}
	all := append(commands(), topics()...)
	c, ok := lookup(all, args[0])
	if !ok {
		return usageError("help: unknown command or topic %q (valid: %s)", args[0], names(all))
	}
	c.writeManual(stdout)
	return nil
}
