package server_test

import (
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// Every read is a conditional request: a re-evaluation where nothing changed costs no rate
// limit, and a change is still seen at once (a verdict is never computed from a stale read).
func TestUnchangedReevaluationIsFree(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-c-pass")
	wantOne(t, h, s, "completed", "success", 1)
	n := s.Pull.GetNumber()
	units := func(delivery string) int {
		h.GitHub.ResetCalls()
		send(t, h, "pull_request", delivery, h.GitHub.PullRequestEvent("synchronize", owner, repo, n, harness.InstallationID))
		return githubfake.RateLimitUnits(h.GitHub.Calls())
	}
	// Right after the first evaluation, the two lists the bot wrote to are read again.
	if got := units("again"); got > 2 {
		t.Errorf("re-evaluation after the bot's own writes cost %d units, want at most 2", got)
	}
	if got := units("unchanged"); got != 0 {
		t.Errorf("re-evaluation with nothing changed cost %d units, want 0", got)
	}
	// One of the two approvals is gone: the cached reviews must not hide it.
	s.Reviews = s.Reviews[:len(s.Reviews)-1]
	s.Raw = nil
	h.GitHub.ReplacePull(s)
	if got := units("review-dismissed"); got == 0 {
		t.Error("a change was read for free: the cache answered on its own")
	}
	wantOne(t, h, s, "completed", "failure", 1)
}
