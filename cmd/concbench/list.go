package main

import (
	"context"
	"errors"
	"io"
)

// cmdList is a placeholder until its issue lands.
func cmdList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("list is not implemented yet")
}
