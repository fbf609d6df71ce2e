package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"

	"github.com/concbench/concbench/harness"
)

// versionCmd is concbench version.
func versionCmd() command {
	return command{
		name:      "version",
		usageLine: "version",
		short:     "print concbench's version and commit, its Go version and platform",
		long: `
Version prints the module version and VCS revision concbench was built
from, as run writes them in a results file's notes, then the Go version and
the GOOS/GOARCH it was built with:

	concbench v0.0.0-20261125034542-53528f84c1a2+dirty (commit 53528f84c1a2e0d1b0a3c7f5d9e8b6a4c2f1e0d9+dirty) go1.26.8 linux/amd64

A build from a modified tree adds +dirty. A build that did not record its
commit (go run) asks git, when run in a checkout of concbench, so that a
results file made with go run names its commit too; outside one, and for
a version that was not recorded, it says devel.`,
		flags: func(*flag.FlagSet) runFunc { return cmdVersion },
	}
}

// cmdVersion is concbench version.
func cmdVersion(_ context.Context, _ []string, stdout, _ io.Writer) error {
	version, commit := harness.Version()
	_, err := fmt.Fprintf(stdout, "concbench %s (commit %s) %s %s/%s\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
