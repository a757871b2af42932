package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

// PullRequest is the pull_request handler: evaluations, and on a merge the problem-report
// work (a fresh evaluation at the merged head, the fixes it records).
type PullRequest struct {
	*PullEvents
	Reports Reporter
}

// Handle implements delivery.Handler.
func (h *PullRequest) Handle(ctx context.Context, d *delivery.Delivery) error {
	if event, ok := d.Payload.(*github.PullRequestEvent); ok && event.GetAction() == "closed" && event.GetPullRequest().GetMerged() {
		return h.Reports.Merged(ctx, reporting.Merge{Repo: repoOf(event.GetInstallation(), event.GetRepo()), Number: event.GetNumber(),
			SHA: event.GetPullRequest().GetMergeCommitSHA()})
	}
	return h.PullEvents.Handle(ctx, d)
}

var _ delivery.Handler = &PullRequest{}
