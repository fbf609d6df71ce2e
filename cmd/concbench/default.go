package main

import (
	"context"
	"errors"
	"io"
)

// cmdDefault is what concbench does with no arguments; a placeholder until
// the harness lands.
func cmdDefault(ctx context.Context, stdout, stderr io.Writer) error {
	return errors.New("the default sweep is not implemented yet")
}
