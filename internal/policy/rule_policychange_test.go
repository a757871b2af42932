package policy_test

import (
	"reflect"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

const (
	policyFile   = ".github/iec62304.yml"
	policyChange = "  policy_change:\n    required_teams: [qa]\n"
)

func (p *pr) teams(slug string, members ...string) *pr {
	p.s.TeamMembers[slug] = nil
	for _, m := range members {
		p.s.TeamMembers[slug] = append(p.s.TeamMembers[slug], user(m))
	}
	return p
}

func TestPolicyChange(t *testing.T) {
	atPath := func(path string, p *pr) *pr { p.s.PolicyPath = path; return p }
	runRuleCases(t, []ruleCase{
		{"a pull request that leaves the policy alone", newPR(doseFile, doseTest), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusSkipped,
			"does not change `.github/iec62304.yml`"},
		{"approved by a member of the team on the head commit", newPR(policyFile), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusPass,
			"required teams: @acme/qa: approved by @quinn"},
		{"no member approved: one of the required approvals", newPR(policyFile).noReviews().review("bob", "APPROVED", headSHA), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusFail,
			"Get an approval of the head commit `1111111` from a member of @acme/qa, for the change to `.github/iec62304.yml`: it counts as one of the approvals the class requires."},
		{"no member approved: one more than the required approvals", newPR(policyFile).noReviews().review("bob", "APPROVED", headSHA).review("carol", "APPROVED", headSHA), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusFail,
			"from a member of @acme/qa, for the change to `.github/iec62304.yml`: one more, beyond the approvals the class requires, which are met"},
		{"a member approved an earlier commit", newPR(policyFile).noReviews().review("bob", "APPROVED", headSHA).review("quinn", "APPROVED", oldSHA), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusFail,
			"Either get an approval of the head commit `1111111` from a member of @acme/qa, for the change to `.github/iec62304.yml`: it counts as one of the approvals the class requires, or @quinn: re-approve `1111111` (your approval is on `0000000`)."},
		{"the author's own approval never counts", newPR(policyFile).teams("qa", "alice", "quinn").noReviews().review("alice", "APPROVED", headSHA).review("bob", "APPROVED", headSHA), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusFail,
			"required teams: @acme/qa: no member approved the head commit"},
		{"the team's members cannot be read", newPR(policyFile).teams("qa"), "  policy_change:\n    required_teams: [regulatory]\n", policy.ClassC, policy.RulePolicyChange, policy.StatusFail,
			"let the app read the members of @acme/regulatory (organisation permission members: read), or correct the team's name in `rules.policy_change.required_teams`"},
		{"renaming the policy file away changes it", newPR().rename(policyFile, ".github/old.yml").noReviews().review("bob", "APPROVED", headSHA), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusFail,
			"This pull request changes `.github/iec62304.yml`, and no member of @acme/qa approved its head commit."},
		{"the configured policy path", atPath("config/iec62304.yml", newPR("config/iec62304.yml").noReviews().review("bob", "APPROVED", headSHA)), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusFail,
			"This pull request changes `config/iec62304.yml`"},
		{"the default path is not the policy when another is configured", atPath("config/iec62304.yml", newPR(policyFile)), policyChange, policy.ClassC, policy.RulePolicyChange, policy.StatusSkipped,
			"does not change `config/iec62304.yml`"},
	})
}

// Without required teams the rule is off: no row, no count, nothing to read.
func TestPolicyChangeOffByDefault(t *testing.T) {
	result := policy.Evaluate(testPolicy(""), newPR(policyFile).s)
	for _, rr := range result.Rules {
		if rr.ID == policy.RulePolicyChange {
			t.Fatalf("the policy change rule is reported without required teams: %+v", rr)
		}
	}
	if _, _, total := result.Counts(); total != 5 {
		t.Errorf("%d rules judged, want 5", total)
	}
}

// A proposed file is a change even when the snapshot's file list does not show it (a
// snapshot on disk with proposed-config.yml): the stricter reading wins.
func TestPolicyChangeByProposal(t *testing.T) {
	p := newPR(doseFile, doseTest).noReviews().review("bob", "APPROVED", headSHA)
	p.s.ProposedConfig = []byte("version: 1\n")
	rr := ruleOf(t, policy.Evaluate(testPolicy(policyChange), p.s), policy.RulePolicyChange)
	if rr.Status != policy.StatusFail || rr.Evidence.PolicyChange == nil || !rr.Evidence.PolicyChange.Changed {
		t.Errorf("rule %+v, want a failing change", rr)
	}
	want := policy.Action{Who: policy.Actor{Kind: policy.ActorTeamMember, Team: "@acme/qa"}, Do: policy.DoApprovePolicy, Team: "@acme/qa", Commit: headSHA, Paths: []string{policyFile}}
	if len(rr.Todo) != 1 || len(rr.Todo[0].Either) != 1 || !reflect.DeepEqual(rr.Todo[0].Either[0], want) {
		t.Errorf("todo %+v, want %+v", rr.Todo, want)
	}
}
