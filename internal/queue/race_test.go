//go:build race

package queue_test

// raceEnabled: under the race detector SQLite is so slow that a request may find both of a
// pull request's jobs running for longer than Evaluate waits, and take the third slot.
const raceEnabled = true
