package main

import (
	"context"
	"errors"
	"io"
)

// cmdPlot is a placeholder until its issue lands.
func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("plot is not implemented yet")
}
