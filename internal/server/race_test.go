//go:build race

package server_test

// raceScale shrinks the bursts of tests under the race detector, which slows the pure-Go
// SQLite tenfold: the same properties hold for a smaller burst.
const raceScale = 5
