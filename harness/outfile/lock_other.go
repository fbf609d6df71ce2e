//go:build !unix

package outfile

import "os"

// lock cannot lock where flock is missing: it returns errNoLock, so that
// Recover leaves every file alone and Claim never takes over a file.
func lock(*os.File, bool) error { return errNoLock }
