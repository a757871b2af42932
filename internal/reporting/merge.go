package reporting

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/buildinfo"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// timeFormat is how reports write times: UTC, to the second, as GitHub's API does.
const timeFormat = "2006-01-02T15:04:05Z"

// Merge names one merged pull request: the work queue runs its merge-time work once per
// merge, keyed by all three.
type Merge struct {
	Repo   Repo   `json:"repo"`
	Number int    `json:"number"`
	SHA    string `json:"merge_sha"`
}

// Merged handles a merged pull request: it evaluates it once more, afresh at the merged head,
// and files one report when that is not a pass or the IEC 62304 check did not say success
// (9.1, 9.8: a process deviation); it records the merge on the problem reports the pull
// request fixes (9.4), asking for their verification (9.7); and, all that done, it keeps the
// merge-time evaluation in the audit trail, the record a release judges the change by.
func (s *Service) Merged(ctx context.Context, m Merge) error {
	ss, err := s.open(ctx, m.Repo)
	if ss == nil || err != nil {
		return err
	}
	snap, err := s.Reader.Fetch(ctx, ss.client, m.Repo.Owner, m.Repo.Name, m.Number)
	if err != nil {
		return err
	}
	if !snap.Pull.GetMerged() {
		return nil
	}
	// The default branch's policy decides whether reports are filed; the merge itself is
	// judged by the base branch's, as the check run was.
	j := evaluation.Judge(snap, "", buildinfo.Read().String())
	var errs []error
	report := "no problem report: reports at merge are off (problem_reports.triggers.merge)"
	if ss.settings().Triggers.Merge {
		var err error
		report, err = s.judgeMerge(ctx, ss, snap, j)
		errs = append(errs, err)
	}
	errs = append(errs, s.recordFixes(ctx, ss, snap))
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return s.recordMerge(ctx, m, snap, j, report)
}

// recordMerge appends the merge-time evaluation to the audit trail. It comes last, so a merge
// whose work failed and runs again is recorded once.
func (s *Service) recordMerge(ctx context.Context, m Merge, snap *snapshot.Snapshot, j evaluation.Judgement, report string) error {
	if s.Trail == nil {
		return nil
	}
	t := evaluation.Target{InstallationID: m.Repo.InstallationID, Owner: m.Repo.Owner, Repo: m.Repo.Name, Number: m.Number}
	err := s.Trail.Record(ctx, evaluation.Evaluated{Target: t, Snapshot: snap, Judgement: j, At: time.Now(), AtMerge: true, Report: report})
	if err != nil {
		return fmt.Errorf("record the merge-time evaluation of %s: %w", t, err)
	}
	return nil
}

// judgeMerge files the report of a merge that was not a pass, and says what it did.
func (s *Service) judgeMerge(ctx context.Context, ss *session, snap *snapshot.Snapshot, j evaluation.Judgement) (string, error) {
	if snap.Config == nil {
		return "no problem report: the base branch has no policy", nil
	}
	check := s.ownCheck(snap)
	if j.Kind == evaluation.KindEvaluated && j.Result.Verdict == policy.VerdictPass && check == "success" {
		return "no problem report: the merge-time verdict is a pass", nil
	}
	c := problem.MergeCause(ss.repo.String(), snap.Pull.GetNumber())
	issue, created, err := s.fileOnce(ctx, ss, c, "all", func() problem.Draft { return problem.MergeReport(mergeFacts(ss.repo, snap, j, check)) })
	if err != nil {
		return "", err
	}
	if !created {
		return fmt.Sprintf("problem report #%d (filed earlier)", issue.GetNumber()), nil
	}
	return fmt.Sprintf("problem report #%d filed", issue.GetNumber()), s.refreshLocked(ctx, ss, issue, nil)
}

// refreshLocked refreshes a report under its issue's guard.
func (s *Service) refreshLocked(ctx context.Context, ss *session, issue *github.Issue, fix *problem.Fix) error {
	unlock, err := s.lock(ctx, fmt.Sprintf("issue:%s#%d", strings.ToLower(ss.repo.String()), issue.GetNumber()))
	if err != nil {
		return err
	}
	defer unlock()
	if fix != nil { // read it again under the guard: another delivery may have changed it
		if issue, err = ss.issues.Get(ctx, issue.GetNumber()); err != nil {
			return err
		}
	}
	return s.refreshReport(ctx, ss, issue, fix)
}

// ownCheck says what the app's IEC 62304 check run on the head commit showed at merge.
func (s *Service) ownCheck(snap *snapshot.Snapshot) string {
	var own *github.CheckRun
	for _, run := range snap.CheckRuns {
		if run.GetName() == githubio.CheckRunName && run.GetApp().GetID() == s.AppID && (own == nil || run.GetID() > own.GetID()) {
			own = run
		}
	}
	switch {
	case own == nil:
		return "missing (no check run)"
	case own.GetStatus() != "completed":
		return "still " + strings.ReplaceAll(own.GetStatus(), "_", " ")
	}
	return own.GetConclusion()
}

func mergeFacts(r Repo, snap *snapshot.Snapshot, j evaluation.Judgement, check string) problem.Merge {
	pr := snap.Pull
	m := problem.Merge{Repo: r.String(), Title: pr.GetTitle(), URL: pr.GetHTMLURL(), Number: pr.GetNumber(),
		MergedBy: pr.GetMergedBy().GetLogin(), MergedAt: pr.GetMergedAt().UTC().Format(timeFormat),
		MergeSHA: pr.GetMergeCommitSHA(), HeadSHA: snap.HeadSHA(), Check: check, Verdict: "broken policy"}
	if j.Result == nil {
		m.PolicyProblems = policyProblems(snap)
		return m
	}
	res := j.Result
	m.Verdict, m.Class = string(res.Verdict), string(res.Class)
	for _, sys := range res.Classification.Systems {
		m.Systems = append(m.Systems, problem.System{Name: sys.Name, Class: string(sys.Class)})
	}
	for _, rule := range res.Rules {
		if rule.Status == policy.StatusFail || rule.Status == policy.StatusPending {
			m.Unmet = append(m.Unmet, unmet(rule))
		}
	}
	return m
}

func unmet(rule policy.RuleResult) problem.Unmet {
	return problem.Unmet{Rule: string(rule.ID), Clauses: rule.Clauses, Status: string(rule.Status), Reason: rule.Reason,
		Evidence: render.EvidenceLines(rule)}
}

func policyProblems(snap *snapshot.Snapshot) []string {
	_, err := policyfile.Parse(snap.ConfigName, snap.Config)
	var invalid *policyfile.ValidationError
	if !errors.As(err, &invalid) {
		return []string{fmt.Sprint(err)}
	}
	var out []string
	for _, p := range invalid.Problems {
		out = append(out, p.String())
	}
	return out
}

// recordFixes records the merge on every problem report of this repository that the pull
// request links with a closing keyword.
func (s *Service) recordFixes(ctx context.Context, ss *session, snap *snapshot.Snapshot) error {
	pr := snap.Pull
	fix := problem.Fix{Number: pr.GetNumber(), SHA: pr.GetMergeCommitSHA(), MergedAt: pr.GetMergedAt().UTC().Format(timeFormat),
		MergedBy: pr.GetMergedBy().GetLogin(), URL: pr.GetHTMLURL()}
	var errs []error
	for ref, issue := range snap.Issues {
		if !strings.EqualFold(ref.Owner, ss.repo.Owner) || !strings.EqualFold(ref.Repo, ss.repo.Name) || !hasLabel(issue, ss.labels().ProblemReport) {
			continue
		}
		errs = append(errs, s.refreshLocked(ctx, ss, issue, &fix))
	}
	return errors.Join(errs...)
}
