package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// Two real replicas on one PostgreSQL, both with the reconciler on, and pull requests no
// webhook ever mentioned: only River's leader runs the reconciler at start-up, and each pull
// request gets its check run once.
func TestOnlyTheLeaderReplicaReconciles(t *testing.T) {
	fake, snaps, env := childBurst(t, freshDatabase(t), 1100, 0)
	delete(env, "IEC62304_RECONCILE_INTERVAL") // the default: every 15 minutes, and at start-up
	bin := buildBinary(t)
	replicas := []*harness.Child{startChild(t, bin, env), startChild(t, bin, env)}

	pending := map[int]bool{}
	for n := range snaps {
		pending[n] = true
	}
	for deadline := time.Now().Add(time.Minute); len(pending) > 0; pending = unfinishedPulls(fake, snaps, pending) {
		if time.Now().After(deadline) {
			t.Fatalf("%d pull requests still lack their check run or comment: %v", len(pending), pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // a second run, or an evaluation still running, would write now
	runs := 0
	for _, r := range replicas {
		runs += strings.Count(r.Logs.String(), "reconciler run: ")
	}
	if runs != 1 {
		t.Errorf("%d reconciler runs across two replicas at start-up, want 1 (the leader's)", runs)
	}
	created := 0
	for _, c := range fake.Calls() {
		if c.Method == http.MethodPost && c.Status < 300 && c.Endpoint == "POST /repos/{owner}/{repo}/check-runs" {
			created++
		}
	}
	if created != len(snaps) {
		t.Errorf("%d check runs created for %d pull requests, want one each", created, len(snaps))
	}
}
