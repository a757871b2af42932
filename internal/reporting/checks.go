package reporting

import (
	"context"
	"slices"

	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// CheckDone is a check (a check run, or a commit status of that context) that finished on a
// commit of the default branch.
type CheckDone struct {
	Name       string
	SHA        string
	Conclusion string
	URL        string
	At         string
}

// failing are the conclusions (and commit status states) that mean the check failed.
var failing = []string{"failure", "timed_out", "cancelled", "action_required", "startup_failure", "error", "stale"}

// CheckCompleted keeps one open report per counted check that fails on the default branch
// (9.1): the first failure files it, each later one adds an occurrence to its one occurrences
// comment (trend data, 9.5), and a pass afterwards says so and asks for verification (9.7).
func (s *Service) CheckCompleted(ctx context.Context, r Repo, done CheckDone) error {
	ss, err := s.open(ctx, r)
	if ss == nil || err != nil {
		return err
	}
	if !ss.settings().Triggers.DefaultBranch || !slices.Contains(ss.policy.Config.ReportChecks(), done.Name) {
		return nil
	}
	fails := slices.Contains(failing, done.Conclusion)
	if !fails && done.Conclusion != "success" {
		return nil // neutral, skipped: says nothing about the code
	}
	occ := problem.Occurrence{SHA: done.SHA, At: done.At, Conclusion: done.Conclusion, URL: done.URL}
	c := problem.CheckCause(r.String(), done.Name)
	if !fails {
		return s.checkPasses(ctx, ss, c, done.Name, occ)
	}
	issue, created, err := s.fileOnce(ctx, ss, c, "open", func() problem.Draft {
		return problem.CheckReport(problem.CheckFailure{Repo: r.String(), Branch: r.DefaultBranch, Check: done.Name, Occurrence: occ})
	})
	if err != nil {
		return err
	}
	if err := s.addOccurrence(ctx, ss, c, issue.GetNumber(), done.Name, occ); err != nil || !created {
		return err
	}
	return s.refreshLocked(ctx, ss, issue, nil)
}

// checkPasses records a pass on the open report of a check, if there is one.
func (s *Service) checkPasses(ctx context.Context, ss *session, c problem.Cause, name string, occ problem.Occurrence) error {
	issue, err := ss.issues.FindReport(ctx, ss.labels().ProblemReport, "open", c)
	if err != nil || issue == nil {
		return err
	}
	return s.addOccurrence(ctx, ss, c, issue.GetNumber(), name, occ)
}

// addOccurrence adds a completion to the report's occurrences comment under the cause's
// guard; a pass that ends a run of failures also gets a note asking for verification.
func (s *Service) addOccurrence(ctx context.Context, ss *session, c problem.Cause, number int, name string, occ problem.Occurrence) error {
	unlock, err := s.lock(ctx, c.String())
	if err != nil {
		return err
	}
	defer unlock()
	have, err := ss.issues.AppComments(ctx, number, problem.OccurrencesMarker)
	if err != nil {
		return err
	}
	existing := have[problem.OccurrencesMarker]
	o := problem.ReadOccurrences(existing.GetBody())
	o.Check = name
	if !o.Add(occ) {
		return nil
	}
	if _, err := ss.issues.Put(ctx, number, existing, problem.OccurrencesComment(o)); err != nil {
		return err
	}
	if occ.Passed() {
		return postOnce(ctx, ss, number, problem.PassingAgainMarker(occ.SHA), problem.PassingAgainNote(occ, name))
	}
	return nil
}
