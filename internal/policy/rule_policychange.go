package policy

import (
	"fmt"

	"github.com/iec62304-bot/iec62304-bot/internal/prose"
)

// RulePolicyChange is the policy change control rule's id.
const RulePolicyChange RuleID = "policy-change"

// PolicyChangeRule is the per-class part of the policy change control rule.
type PolicyChangeRule struct {
	Enforcement Enforcement
}

// PolicyChangeOptions are the rule's class-independent settings, under rules.policy_change.
type PolicyChangeOptions struct {
	// RequiredTeams are team slugs (in the base repository's organisation): a pull request
	// that changes the policy file needs an approval from a member of each. Empty: the rule
	// is off.
	RequiredTeams []string
}

// PolicyChange returns the policy's PolicyChangeOptions.
func (c Config) PolicyChange() PolicyChangeOptions {
	return optionsOf[PolicyChangeOptions](c, RulePolicyChange)
}

var _ = register(&Rule{
	ID: RulePolicyChange, Key: "policy_change", Title: "Policy change control", Clauses: "5.1, 8.2", order: 60,
	judge: policyChange,
	Settings: []Setting{
		enforcementSetting(RulePolicyChange, func(r *PolicyChangeRule) *Enforcement { return &r.Enforcement }),
	},
	Options: []Option{
		teamsOption(RulePolicyChange, "required_teams", func(o *PolicyChangeOptions) *[]string { return &o.RequiredTeams }),
	},
	Configured: func(c Config) bool { return len(c.PolicyChange().RequiredTeams) > 0 },
})

// PolicyChange is what the policy change control rule found.
type PolicyChange struct {
	// Path is the policy file's path in the repository.
	Path    string `json:"path"`
	Changed bool   `json:"changed"`
	// Teams are the required teams' standings, when the pull request changes the file.
	Teams []TeamApproval `json:"teams,omitempty"`
}

// TeamApproval is one required team's standing on a change that needs its approval.
type TeamApproval struct {
	// Team is "@org/slug".
	Team string `json:"team"`
	// ApprovedBy are the team's members whose approval counts.
	ApprovedBy []string `json:"approved_by"`
	// MembersUnknown: the app could not read the team's members, so no approval can count.
	MembersUnknown bool `json:"members_unknown,omitempty"`
}

// policyChange (5.1, 8.2): the policy file is the development plan as code; a change to it
// takes effect only with an approval, of exactly the proposed file (the head commit), from a
// member of each required team. The approval must count as code review at the pull
// request's class too: never the author's, a bot's, or (where the class asks for
// independence) a contributor's.
func policyChange(e *evaluation) RuleResult {
	path := e.snap.PolicyFile()
	found := &PolicyChange{Path: path}
	rr := RuleResult{Evidence: Evidence{PolicyChange: found}}
	if e.snap.PolicyFileChange() == nil && e.snap.ProposedConfig == nil {
		rr.Status, rr.Reason = StatusSkipped, fmt.Sprintf("This pull request does not change `%s`.", path)
		return rr
	}
	found.Changed = true
	rules := e.rules.Reviews()
	rules.RequireTeams = false
	t := tallyReviews(e, rules)
	var onHead []string
	for _, r := range t.reviewers {
		if r.Counts && r.Commit == e.snap.HeadSHA() {
			onHead = append(onHead, r.Login)
		}
	}
	var missing []string
	for _, slug := range e.policy.Config.PolicyChange().RequiredTeams {
		ta := teamApproval(e, slug, onHead)
		found.Teams = append(found.Teams, ta)
		if len(ta.ApprovedBy) == 0 {
			missing = append(missing, ta.Team)
			rr.Todo = append(rr.Todo, teamApprovalTodo(e, rules, t, slug, ta))
		}
	}
	if len(missing) == 0 {
		rr.Status = StatusPass
		rr.Reason = fmt.Sprintf("This pull request changes `%s`, and each required team approved its head commit.", path)
		return rr
	}
	rr.Status = StatusFail
	rr.Reason = fmt.Sprintf("This pull request changes `%s`, and no member of %s approved its head commit.", path, prose.JoinOr(missing))
	return rr
}

// teamApproval is a required team's standing among the approvers of the head commit.
func teamApproval(e *evaluation, slug string, approvers []string) TeamApproval {
	org, _ := e.snap.BaseRepo()
	ta := TeamApproval{Team: "@" + org + "/" + slug, ApprovedBy: []string{}}
	members, known := e.snap.TeamMembers[slug]
	if !known {
		ta.MembersUnknown = true
		return ta
	}
	for _, login := range approvers {
		if anyMember(members, []string{login}) {
			ta.ApprovedBy = append(ta.ApprovedBy, login)
		}
	}
	return ta
}

// teamApprovalTodo says who must act for a team without an approval: any member, or a
// member whose approval is on an earlier commit by re-approving; and whether that approval is
// one of the approvals the class requires or one more.
func teamApprovalTodo(e *evaluation, rules ReviewsRule, t reviewTally, slug string, ta TeamApproval) Todo {
	if ta.MembersUnknown {
		return todo(Action{Who: Actor{Kind: ActorAdmin}, Do: DoGrantTeamAccess, Team: ta.Team, Setting: "rules.policy_change.required_teams"})
	}
	head := e.snap.HeadSHA()
	either := []Action{{Who: Actor{Kind: ActorTeamMember, Team: ta.Team}, Do: DoApprovePolicy, Team: ta.Team, Commit: head,
		Paths: []string{e.snap.PolicyFile()}, Extra: len(t.counting) >= rules.Approvals}}
	for _, r := range t.reviewers {
		earlier := r.Commit != head && (r.Counts || r.Problem == ReviewStale)
		if earlier && anyMember(e.snap.TeamMembers[slug], []string{r.Login}) {
			either = append(either, Action{Who: person(r.Login), Do: DoReapprove, Commit: head, Approved: r.Commit})
		}
	}
	return todo(either...)
}
