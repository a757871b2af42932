package reporting

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// Refresh brings the status comment and stage label of an issue up to date with the issue as
// it is now, when it is a problem report or a change request.
func (s *Service) Refresh(ctx context.Context, r Repo, number int) error {
	ss, err := s.open(ctx, r)
	if ss == nil || err != nil {
		return err
	}
	unlock, err := s.lock(ctx, fmt.Sprintf("issue:%s#%d", strings.ToLower(r.String()), number))
	if err != nil {
		return err
	}
	defer unlock()
	issue, err := ss.issues.Get(ctx, number)
	if err != nil || issue.IsPullRequest() {
		return err
	}
	labels := ss.labels()
	if hasLabel(issue, labels.ProblemReport) && s.tracked(ss, issue) {
		if err := s.refreshReport(ctx, ss, issue, nil); err != nil {
			return err
		}
	}
	if hasLabel(issue, labels.ChangeRequest) {
		return s.refreshChangeRequest(ctx, ss, issue)
	}
	return nil
}

// tracked: with the manual trigger off, only the bot's own reports are kept complete.
func (s *Service) tracked(ss *session, issue *github.Issue) bool {
	return ss.settings().Triggers.Manual || strings.HasPrefix(issue.GetBody(), "<!-- iec62304-bot:problem-cause ")
}

// refreshReport judges a problem report, first recording fix when one merged, and writes the
// status comment and the stage label; a report closed incomplete gets a note (once per close)
// and, where the repository asks for it, is reopened. The caller holds the issue's guard.
func (s *Service) refreshReport(ctx context.Context, ss *session, issue *github.Issue, fix *problem.Fix) error {
	closedAt := issue.GetClosedAt().UTC().Format("2006-01-02T15:04:05Z")
	closedMarker := problem.ClosedIncompleteMarker(closedAt)
	markers := []string{problem.StatusMarker, closedMarker}
	var fixMarker string
	if fix != nil {
		fixMarker = problem.FixMarker(fix.Number)
		markers = append(markers, fixMarker)
	}
	have, err := ss.issues.AppComments(ctx, issue.GetNumber(), markers...)
	if err != nil {
		return err
	}
	st := problem.ReadState(have[problem.StatusMarker].GetBody())
	if fix != nil {
		st.AddFix(*fix)
	}
	a := problem.Assess(problem.Report{Body: issue.GetBody(), Closed: issue.GetState() == "closed", Fixes: st.Fixes,
		RecordPattern: ss.policy.Config.RiskImpact.RecordPattern})
	stages := ss.settings().Stages
	how, err := ss.issues.Put(ctx, issue.GetNumber(), have[problem.StatusMarker], problem.StatusComment(a, st, stages))
	if err != nil {
		return err
	}
	s.statusWritten("problem_report", how)
	if err := ss.issues.SetStage(ctx, issue, a.Stage.Label(stages), stages.All()); err != nil {
		return err
	}
	zerolog.Ctx(ctx).Debug().Int("issue", issue.GetNumber()).Str("stage", a.Stage.String()).Str("status_comment", how).Msg("problem report refreshed")
	if fix != nil && have[fixMarker] == nil {
		if _, err := ss.issues.Put(ctx, issue.GetNumber(), nil, problem.FixMergedNote(*fix)); err != nil {
			return err
		}
	}
	if a.Stage == problem.ClosedIncomplete && have[closedMarker] == nil {
		return s.closedIncomplete(ctx, ss, issue, a, closedAt)
	}
	return nil
}

func (s *Service) closedIncomplete(ctx context.Context, ss *session, issue *github.Issue, a problem.Assessment, closedAt string) error {
	reopen := ss.settings().ReopenIncomplete
	note := problem.ClosedIncompleteNote(a, closedAt, problem.ClosedIncomplete.Label(ss.settings().Stages), reopen)
	if _, err := ss.issues.Put(ctx, issue.GetNumber(), nil, note); err != nil {
		return err
	}
	if reopen {
		return ss.issues.Reopen(ctx, issue.GetNumber())
	}
	return nil
}

// refreshChangeRequest judges a change request against 8.2.1 and writes its status comment.
func (s *Service) refreshChangeRequest(ctx context.Context, ss *session, issue *github.Issue) error {
	have, err := ss.issues.AppComments(ctx, issue.GetNumber(), problem.StatusMarker)
	if err != nil {
		return err
	}
	approvedLabel := ss.labels().Approved
	ap := problem.Approval{Labelled: hasLabel(issue, approvedLabel)}
	if ap.Labelled {
		if ap, err = s.approval(ctx, ss, issue); err != nil {
			return err
		}
	}
	a := problem.AssessChangeRequest(problem.ChangeRequest{Body: issue.GetBody(), ImpactLabels: ss.policy.Config.RiskImpact.Labels,
		RecordPattern: ss.policy.Config.RiskImpact.RecordPattern, ApprovalLabel: approvedLabel, Approval: ap})
	how, err := ss.issues.Put(ctx, issue.GetNumber(), have[problem.StatusMarker], problem.CRStatusComment(a))
	s.statusWritten("change_request", how)
	return err
}

// approval reads who added a change request's approval label from the issue's events, never
// from a webhook's sender: the latest time it was added counts, by a person other than the
// requester (a member of rules.traceability.approvers, when set), as for the pull requests
// that link it. Otherwise it does not count (fail closed), and the status comment says why.
func (s *Service) approval(ctx context.Context, ss *session, issue *github.Issue) (problem.Approval, error) {
	ap := problem.Approval{Labelled: true}
	events, known, err := ss.issues.Events(ctx, issue.GetNumber())
	if err != nil || !known {
		ap.Why = "who added the approval label is not known (the app cannot read the issue's events)"
		return ap, err
	}
	rule := policy.Approval{Label: ss.labels().Approved, Requester: issue.GetUser().GetLogin(),
		Teams: ss.policy.Config.Traceability.Approvers, Members: map[string][]*github.User{}}
	for _, slug := range rule.Teams {
		members, known, err := ss.issues.TeamMembers(ctx, slug)
		if err != nil {
			return ap, err
		}
		if known {
			rule.Members[slug] = members
		}
	}
	var why policy.IssueProblem
	ap.By, why = rule.Judge(events)
	ap.Why = approvalProblem(why, ap.By, ss.repo.Owner, rule.Teams)
	return ap, nil
}

// approvalProblem says in words why an approval does not count.
func approvalProblem(p policy.IssueProblem, by, org string, teams []string) string {
	switch p {
	case "":
		return ""
	case policy.IssueApprovedByAuthor:
		return "approved by the requester @" + by + "; someone else must approve"
	case policy.IssueApprovedByBot:
		return "the approval label was added by @" + by + ", a bot; a person must approve"
	case policy.IssueApproverNotInTeam:
		return "@" + by + " is in none of the approver teams (" + teamNames(org, teams) + ")"
	case policy.IssueApproverTeamUnknown:
		return "the members of the approver teams (" + teamNames(org, teams) + ") could not be read, so @" + by + "'s approval cannot be checked"
	}
	return "who added the approval label is not known (the issue's events do not say, or the account was deleted): remove it and add it again"
}

func teamNames(org string, slugs []string) string {
	names := make([]string, len(slugs))
	for i, slug := range slugs {
		names[i] = "@" + org + "/" + slug
	}
	return strings.Join(names, ", ")
}
