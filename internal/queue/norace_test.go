//go:build !race

package queue_test

// raceEnabled says whether the race detector slows SQLite (see race_test.go).
const raceEnabled = false
