//go:build !race

package server_test

// raceScale shrinks the bursts of tests under the race detector (see race_test.go).
const raceScale = 1
