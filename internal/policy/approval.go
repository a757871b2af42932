package policy

import (
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// judgeApproval decides whether a linked issue's approved label counts for the pull request:
// see Approval, with the pull request's author as the one who may not approve. Without the
// issue's events who added it is unknown, so it does not count: approval is what stands
// between an unreviewed request and class C code, and a label anyone can add is no approval.
func judgeApproval(e *evaluation, ref snapshot.IssueRef, approved string) (by string, problem IssueProblem) {
	events, known := eventsOf(e.snap, ref)
	if !known {
		return "", IssueApprovalUnknown
	}
	return Approval{Label: approved, Requester: e.snap.Pull.GetUser().GetLogin(),
		Teams: e.policy.Config.Traceability.Approvers, Members: e.snap.TeamMembers}.Judge(events)
}

// Approval is who may approve with a label (rules.traceability.labels.approved): the latest
// time the label was added counts, and only when a person other than the requester added it,
// a member of one of the approver teams when there are any. The traceability rule judges a
// linked issue by it, with the pull request's author as requester; the change-request status
// comment judges the issue itself, with the issue's author.
type Approval struct {
	Label     string
	Requester string
	// Teams are the approver teams' slugs (rules.traceability.approvers); Members the members
	// read of each, a slug missing when they could not be read.
	Teams   []string
	Members map[string][]*github.User
}

// Judge reads who approved from the issue's events, oldest first as GitHub lists them; an
// empty problem means the approval counts.
func (a Approval) Judge(events []*github.IssueEvent) (by string, problem IssueProblem) {
	ev := latestLabeled(events, a.Label)
	if ev == nil {
		return "", IssueApprovalUnknown
	}
	actor := ev.GetActor()
	by = actor.GetLogin()
	switch {
	case by == "" || by == ghost:
		return "", IssueApprovalUnknown
	case strings.EqualFold(by, a.Requester):
		return by, IssueApprovedByAuthor
	case actor.GetType() == "Bot" || strings.HasSuffix(by, "[bot]"):
		return by, IssueApprovedByBot
	}
	return by, a.teamProblem(by)
}

// teamProblem checks the approver against the approver teams.
func (a Approval) teamProblem(login string) IssueProblem {
	if len(a.Teams) == 0 {
		return ""
	}
	known := false
	for _, slug := range a.Teams {
		members, ok := a.Members[slug]
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
