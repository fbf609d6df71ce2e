//go:build race

package main

// raceEnabled: the test binary runs under the race detector. It slows the
// report's statistics tenfold, so tests that only compute them on large
// committed files skip under it, as do tests whose work all runs in other
// processes.
const raceEnabled = true
