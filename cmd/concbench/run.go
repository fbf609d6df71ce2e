package main

import (
	"context"
	"errors"
	"io"
)

// cmdRun is a placeholder until its issue lands.
func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("run is not implemented yet")
}
