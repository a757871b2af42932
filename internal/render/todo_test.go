package render

import (
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

const head, older = "1643b4bc0f6a1d4a3b8c0a1e2f3d4c5b6a7e8f90", "42b70c5d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7"

// Each failing rule says who must act and how; only the person who must act is mentioned.
func TestTodoLinesSayWhoMustActAndHow(t *testing.T) {
	erin := policy.Actor{Kind: policy.ActorLogin, Login: "erin"}
	reapprove := policy.Action{Who: erin, Do: policy.DoReapprove, Commit: head, Approved: older}
	getOne := policy.Action{Who: policy.Actor{Kind: policy.ActorReviewer}, Do: policy.DoGetApprovals, Count: 1, Independent: true, CurrentHead: true, Commit: head}
	dan := policy.Evidence{Reviewers: []policy.Reviewer{{Login: "dan", Problem: policy.ReviewContributor, Contribution: &policy.Contribution{Role: "co-author", Commit: older}}}}
	tests := []struct {
		name string
		todo policy.Todo
		ev   policy.Evidence
		want string
	}{
		{"a stale approver re-approves", policy.Todo{Either: []policy.Action{reapprove}}, policy.Evidence{},
			"@erin: re-approve `1643b4b` (your approval is on `42b70c5`)."},
		{"alternatives read as either/or", policy.Todo{Either: []policy.Action{getOne, reapprove}}, policy.Evidence{},
			"Either get 1 more approval from a reviewer who did not author, co-author or commit to this pull request, on the head commit `1643b4b`, or @erin: re-approve `1643b4b` (your approval is on `42b70c5`)."},
		{"a re-approval is one of several missing", policy.Todo{Either: []policy.Action{{Do: policy.DoGetApprovals, Count: 2, Independent: true}, reapprove}}, policy.Evidence{},
			"Get 2 more approvals from reviewers who did not author, co-author or commit to this pull request; a re-approval of the head commit counts as one: @erin: re-approve `1643b4b` (your approval is on `42b70c5`)."},
		{"a co-author cannot be independent", policy.Todo{Either: []policy.Action{{Do: policy.DoGetApprovals, Count: 1, Independent: true}}}, dan,
			"Get 1 more approval from a reviewer who did not author, co-author or commit to this pull request (@\u200ddan co-authored `42b70c5` and so cannot be an independent reviewer)."},
		{"a team's approval that is one of the N", policy.Todo{Either: []policy.Action{{Do: policy.DoTeamApproval, Team: "@acme/qa"}}}, policy.Evidence{},
			"Get an approval from a member of @\u200dacme/qa: it counts as one of the approvals the class requires."},
		{"a team's approval beyond the N", policy.Todo{Either: []policy.Action{{Do: policy.DoTeamApproval, Team: "@acme/qa", Extra: true}}}, policy.Evidence{},
			"Get an approval from a member of @\u200dacme/qa: one more, beyond the approvals the class requires, which are met."},
		{"the issue concerned is named", policy.Todo{Either: []policy.Action{{Do: policy.DoApproveIssue, Issue: "#53", Labels: []string{"approved"}, Class: "C"}}}, policy.Evidence{},
			"Get \\#\u200d53 approved: it needs the `approved` label, added by someone other than the pull request's author, before a class C change may trace to it."},
		{"the check concerned is named", policy.Todo{Either: []policy.Action{{Do: policy.DoWaitForChecks, Commit: head,
			Checks: []policy.Check{{Name: "build-and-test", Source: policy.SourceCheckRun, State: "queued", Outcome: policy.StatusPending}}}}}, policy.Evidence{},
			"Wait for `build-and-test` (queued) to finish on `1643b4b` (nobody needs to act: this check updates by itself)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := todoLines(policy.RuleResult{Todo: []policy.Todo{tt.todo}, Evidence: tt.ev}, markdownQuoting)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestOnlyAValidLoginIsMentioned(t *testing.T) {
	for login, want := range map[string]string{
		"erin": "@erin", "dependabot[bot]": "@\u200ddependabot\\[bot\\]", "acme/everyone": "@\u200dacme/everyone", "-x": "@\u200d-x", "": "@\u200d",
	} {
		if got := mention(login); got != want {
			t.Errorf("mention(%q) = %q, want %q", login, got, want)
		}
	}
}

func TestPlainFixLinesKeepValuesAsTheyAre(t *testing.T) {
	rule := policy.RuleResult{Todo: []policy.Todo{{Either: []policy.Action{{Do: policy.DoTeamApproval, Team: "@acme/qa"}}}}}
	if got := strings.Join(FixLines(rule), "\n"); got != "Get an approval from a member of @acme/qa: it counts as one of the approvals the class requires." {
		t.Errorf("FixLines = %q", got)
	}
}
