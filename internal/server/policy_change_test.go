package server_test

import (
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// A pull request that changes the policy file, under a policy with
// rules.policy_change.required_teams: [qa], fails until a member of qa approves its head
// commit; the app reads the team's members from GitHub to know who is one.
func TestPolicyChangeNeedsTheRequiredTeam(t *testing.T) {
	h := start(t)
	s := opened(t, h, "policy-change-team-missing")
	run := wantOne(t, h, s, "completed", "failure", 1)
	if !strings.Contains(run.GetOutput().GetText(), "| Policy change control | 5.1, 8.2 | ❌ fail |") {
		t.Errorf("the check run has no failing policy change row:\n%s", run.GetOutput().GetText())
	}
	_, comments := ours(h, s)
	if body := comments[0].GetBody(); !strings.Contains(body, "from a member of @\u200dacme-medical/qa, for the change to `.github/iec62304.yml`: one more, beyond the approvals the class requires") {
		t.Errorf("the comment does not say whose approval is missing:\n%s", body)
	}
	readTeam := false
	for _, c := range h.GitHub.Calls() {
		readTeam = readTeam || c.Method == "GET" && c.Path == "/orgs/"+owner+"/teams/qa/members"
	}
	if !readTeam {
		t.Error("the app never read the members of team qa")
	}

	after := load(t, "policy-change-team-missing")
	qa := load(t, "policy-change-team-approved").Reviews[0] // quinn, a member of qa, on the head
	after.Reviews = append(after.Reviews, qa)
	h.GitHub.ReplacePull(after)
	send(t, h, "pull_request_review", "qa-approves", h.GitHub.PullRequestReviewEvent("submitted", owner, repo, after.Pull.GetNumber(), qa, harness.InstallationID))
	run = wantOne(t, h, after, "completed", "success", 1)
	if !strings.Contains(run.GetOutput().GetTitle(), "all 6 rules pass") {
		t.Errorf("title %q, want all 6 rules passing", run.GetOutput().GetTitle())
	}
}
