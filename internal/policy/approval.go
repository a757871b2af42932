package policy

import (
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// judgeApproval decides whether an issue's approved label counts: only when the latest time it
// was added was by someone other than the pull request's author and not a bot, and, with
// approver teams configured, by a member of one of them. Without the issue's events who added
// it is unknown, so it does not count: approval is what stands between an unreviewed request
// and class C code, and a label anyone can add is no approval.
func judgeApproval(e *evaluation, ref snapshot.IssueRef, approved string) (by string, problem IssueProblem) {
	events, known := eventsOf(e.snap, ref)
	if !known {
		return "", IssueApprovalUnknown
	}
	ev := latestLabeled(events, approved)
	if ev == nil {
		return "", IssueApprovalUnknown
	}
	actor := ev.GetActor()
	by = actor.GetLogin()
	switch {
	case by == "" || by == ghost:
		return "", IssueApprovalUnknown
	case strings.EqualFold(by, e.snap.Pull.GetUser().GetLogin()):
		return by, IssueApprovedByAuthor
	case actor.GetType() == "Bot" || strings.HasSuffix(by, "[bot]"):
		return by, IssueApprovedByBot
	}
	return by, approverTeamProblem(e, by)
}

// approverTeamProblem checks the approver against rules.traceability.approvers.
func approverTeamProblem(e *evaluation, login string) IssueProblem {
	teams := e.policy.Config.Traceability.Approvers
	if len(teams) == 0 {
		return ""
	}
	known := false
	for _, slug := range teams {
		members, ok := e.snap.TeamMembers[slug]
		known = known || ok
		if ok && anyMember(members, []string{login}) {
			return ""
		}
	}
	if !known {
		return IssueApproverTeamUnknown
	}
	return IssueApproverNotInTeam
}

// latestLabeled is the latest event that added the label, in GitHub's (chronological) order.
func latestLabeled(events []*github.IssueEvent, label string) *github.IssueEvent {
	var latest *github.IssueEvent
	for _, ev := range events {
		if ev.GetEvent() == "labeled" && strings.EqualFold(ev.GetLabel().GetName(), label) {
			if latest == nil || !ev.GetCreatedAt().Before(latest.GetCreatedAt().Time) {
				latest = ev
			}
		}
	}
	return latest
}

// eventsOf finds ref's events, whose key may spell owner and repository in another case.
func eventsOf(s *snapshot.Snapshot, ref snapshot.IssueRef) ([]*github.IssueEvent, bool) {
	if events, ok := s.IssueEvents[ref]; ok {
		return events, true
	}
	for r, events := range s.IssueEvents {
		if r.Number == ref.Number && strings.EqualFold(r.Owner, ref.Owner) && strings.EqualFold(r.Repo, ref.Repo) {
			return events, true
		}
	}
	return nil, false
}

// approverTeams names the approver teams as GitHub writes them: "@org/slug".
func approverTeams(e *evaluation) []string {
	org, _ := e.snap.BaseRepo()
	var out []string
	for _, slug := range e.policy.Config.Traceability.Approvers {
		out = append(out, "@"+org+"/"+slug)
	}
	return out
}
