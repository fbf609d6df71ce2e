package main

import (
	"context"
	"errors"
	"io"
)

// The subcommands below are placeholders until their issues land; each is
// replaced by its own file (run.go, list.go, report.go, plot.go, default.go).

func cmdDefault(ctx context.Context, stdout, stderr io.Writer) error {
	return errors.New("the default sweep is not implemented yet")
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("run is not implemented yet")
}

func cmdList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("list is not implemented yet")
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("report is not implemented yet")
}

func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("plot is not implemented yet")
}
