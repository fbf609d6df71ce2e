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
	"syscall"

	"github.com/concbench/concbench/harness/outfile"
)

func main() {
	ctx, stop := notifyContext(context.Background())
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes, as in the package doc. An interrupted command exits with 128
// plus the signal's number (130 for SIGINT, 143 for SIGTERM, 129 for
// SIGHUP); exitInterrupted is the code when the context was cancelled
// without a signal.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 128 + 2
)

// interrupt is the cause of a context cancelled by a signal. A second
// signal closes again: a run then stops at once instead of after the
// sample in progress.
type interrupt struct {
	sig   syscall.Signal
	again chan struct{}
}

func (in *interrupt) Error() string {
	names := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM", syscall.SIGHUP: "SIGHUP"}
	if name, ok := names[in.sig]; ok {
		return name
	}
	return in.sig.String()
}

// notifyContext returns a context that the first SIGINT (Ctrl-C), SIGTERM
// (kill) or SIGHUP (a closed terminal) cancels, with an *interrupt as its
// cause; the second closes the interrupt's again. A SIGHUP that was
// ignored when concbench started (nohup) stays ignored. SIGINT is caught
// even when ignored (a background job of a script), so that kill -INT
// stops a run as Ctrl-C does. Call stop to let the signals act as they
// would without concbench.
func notifyContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	if !signal.Ignored(syscall.SIGHUP) {
		signal.Notify(ch, syscall.SIGHUP)
	}
	done := make(chan struct{})
	go func() {
		var in *interrupt
		select {
		case s := <-ch:
			in = &interrupt{sig: s.(syscall.Signal), again: make(chan struct{})}
			cancel(in)
		case <-done:
			return
		}
		select {
		case <-ch:
			close(in.again)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(context.Canceled)
	}
}

// again returns the channel a second signal closes, or nil, which never
// becomes ready, when ctx was not cancelled by a signal.
func again(ctx context.Context) <-chan struct{} {
	var in *interrupt
	if errors.As(context.Cause(ctx), &in) {
		return in.again
	}
	return nil
}

// interrupted is the error of a command stopped by an interrupt: its text
// says what was kept, and it wraps the context's error, which the text
// leaves out.
type interrupted struct {
	msg string
	err error
}

func (e interrupted) Error() string { return e.msg }
func (e interrupted) Unwrap() error { return e.err }

// interruptible runs f, which reads and renders but writes no file, on a
// goroutine of its own and returns its error, or, as soon as ctx is done,
// an interrupted error whose text is stopped, which says what was (not)
// written: reading a named pipe that no one opens, or drawing charts for
// seconds, then answers Ctrl-C at once. The goroutine is left to the
// process's exit.
func interruptible(ctx context.Context, stopped string, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return interrupted{msg: stopped, err: ctx.Err()}
	}
}

// nothingWritten is what an interrupted report or plot says.
const nothingWritten = "stopped before writing anything"

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

// run is the whole program: it returns the process exit code. A failed
// write to stdout (a full disk, /dev/full, a closed pipe) fails the
// command, exit 1, however it wrote.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out := &checkedWriter{w: stdout}
	err := dispatch(ctx, args, out, stderr)
	if out.err != nil && (err == nil || errors.Is(err, flag.ErrHelp)) {
		err = fmt.Errorf("write standard output: %w", outfile.Reason(out.err))
	}
	return exitCode(ctx, err, stderr)
}

// checkedWriter passes writes to w and keeps the first error, which the
// fmt.Fprint calls of help and of reports do not look at.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// exitCode prints err (one line) and maps it to an exit code.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		var in *interrupt
		if errors.As(context.Cause(ctx), &in) {
			fmt.Fprintf(stderr, "concbench: interrupted by %v: %v\n", in, err)
			return 128 + int(in.sig)
		}
		fmt.Fprintf(stderr, "concbench: interrupted: %v\n", err)
		return exitInterrupted
	case errors.As(err, new(usageErr)), errors.As(err, new(*outfile.PathError)):
		fmt.Fprintf(stderr, "concbench: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "concbench: %v\n", err)
		return exitFailure
	}
}
