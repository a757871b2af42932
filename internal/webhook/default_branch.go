package webhook

import (
	"context"
	"errors"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

// DefaultBranchChecks adds to a check_run or status handler the problem-report work of a check
// that finished on a commit of the default branch (9.1): a failure files or updates one report
// per check, a pass afterwards asks for verification. The evaluation of the pull requests on
// the commit goes on as before.
type DefaultBranchChecks struct {
	delivery.Handler
	AppID   int64
	Reports Reporter
}

// Handle implements delivery.Handler.
func (h *DefaultBranchChecks) Handle(ctx context.Context, d *delivery.Delivery) error {
	r, done, ok := h.onDefaultBranch(d)
	var errs []error
	if ok {
		errs = append(errs, h.Reports.CheckCompleted(ctx, r, done))
	}
	return errors.Join(append(errs, h.Handler.Handle(ctx, d))...)
}

// onDefaultBranch reads a finished check on the default branch from a check_run or status
// payload; the app's own check runs are output, never input.
func (h *DefaultBranchChecks) onDefaultBranch(d *delivery.Delivery) (reporting.Repo, reporting.CheckDone, bool) {
	switch e := d.Payload.(type) {
	case *github.CheckRunEvent:
		run, repo := e.GetCheckRun(), e.GetRepo()
		ok := e.GetAction() == "completed" && run.GetApp().GetID() != h.AppID && run.GetCheckSuite().GetHeadBranch() == repo.GetDefaultBranch()
		return repoOf(e.GetInstallation(), repo), reporting.CheckDone{Name: run.GetName(), SHA: run.GetHeadSHA(), Conclusion: run.GetConclusion(),
			URL: run.GetHTMLURL(), At: stamp(run.GetCompletedAt())}, ok
	case *github.StatusEvent:
		ok := e.GetState() != "pending" && onBranch(e.Branches, e.GetRepo().GetDefaultBranch(), e.GetSHA())
		return repoOf(e.GetInstallation(), e.GetRepo()), reporting.CheckDone{Name: e.GetContext(), SHA: e.GetSHA(), Conclusion: e.GetState(),
			URL: e.GetTargetURL(), At: stamp(e.GetUpdatedAt())}, ok
	}
	return reporting.Repo{}, reporting.CheckDone{}, false
}

// onBranch: the status payload lists the branches whose head the commit is (up to ten).
func onBranch(branches []*github.Branch, name, sha string) bool {
	for _, b := range branches {
		if b.GetName() == name && b.GetCommit().GetSHA() == sha {
			return true
		}
	}
	return false
}

func stamp(t github.Timestamp) string { return t.UTC().Format(time.RFC3339) }

var _ delivery.Handler = &DefaultBranchChecks{}
