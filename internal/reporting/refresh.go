package reporting

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// LabelChange is a label added to or removed from an issue, and by whom, as its webhook said.
type LabelChange struct {
	Added bool
	Label string
	By    string
	ByBot bool
}

// Refresh brings the status comment and stage label of an issue up to date with the issue as
// it is now, when it is a problem report or a change request. change is the label change the
// delivery reported, if any: who approves a change request is known only from it.
func (s *Service) Refresh(ctx context.Context, r Repo, number int, change *LabelChange) error {
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
		return s.refreshChangeRequest(ctx, ss, issue, change)
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
	if err := ss.issues.SetStage(ctx, issue, a.Stage.Label(stages), problem.StageLabels(stages)); err != nil {
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
func (s *Service) refreshChangeRequest(ctx context.Context, ss *session, issue *github.Issue, change *LabelChange) error {
	have, err := ss.issues.AppComments(ctx, issue.GetNumber(), problem.StatusMarker)
	if err != nil {
		return err
	}
	st := problem.ReadState(have[problem.StatusMarker].GetBody())
	approvedLabel := ss.labels().Approved
	if change != nil && strings.EqualFold(change.Label, approvedLabel) {
		st.ApprovedBy = ""
		if change.Added && !change.ByBot {
			st.ApprovedBy = change.By
		}
	}
	a := problem.AssessChangeRequest(problem.ChangeRequest{Body: issue.GetBody(), ImpactLabels: ss.policy.Config.RiskImpact.Labels,
		RecordPattern: ss.policy.Config.RiskImpact.RecordPattern, ApprovalLabel: approvedLabel,
		Approval: approval(hasLabel(issue, approvedLabel), st.ApprovedBy, issue.GetUser().GetLogin())})
	how, err := ss.issues.Put(ctx, issue.GetNumber(), have[problem.StatusMarker], problem.CRStatusComment(a, st))
	s.statusWritten("change_request", how)
	return err
}

// approval: the label counts when someone other than the requester added it, and the bot saw
// who; otherwise it does not (fail closed), and the status comment says why.
func approval(labelled bool, by, requester string) problem.Approval {
	ap := problem.Approval{Labelled: labelled, By: by}
	switch {
	case !labelled:
	case by == "":
		ap.Why = "who added the approval label is not known (it was added by a bot, or before the app was installed): remove it and add it again"
	case strings.EqualFold(by, requester):
		ap.Why = "approved by the requester @" + by + "; someone else must approve"
	}
	return ap
}
