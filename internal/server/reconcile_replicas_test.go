package server_test

import (
	"strings"
	"testing"

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

	waitAllDone(t, fake, snaps)
	runs := 0
	for _, r := range replicas {
		runs += strings.Count(r.Logs.String(), "reconciler run: ")
	}
	if runs != 1 {
		t.Errorf("%d reconciler runs across two replicas at start-up, want 1 (the leader's)", runs)
	}
	if created := createdBy(fake)["POST /repos/{owner}/{repo}/check-runs"]; created != len(snaps) {
		t.Errorf("%d check runs created for %d pull requests, want one each", created, len(snaps))
	}
}
