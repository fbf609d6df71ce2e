//go:build race

package main

// raceEnabled: the race detector slows the report's statistics tenfold;
// tests that only compute them on large committed files skip under it.
const raceEnabled = true
