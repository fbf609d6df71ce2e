//go:build race

package strategies_test

// raceEnabled: under the race detector sync.Pool drops a quarter of what
// is put back, on purpose, so pooled timers are allocated anew.
const raceEnabled = true
